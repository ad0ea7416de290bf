// Fixed-length windows of a long annotated record (MIT-BIH rhythm labels) that hold one rhythm,
// for scoring a resting-strip rhythm flag on many short strips cut from Holter-length records.
import type { Annotation } from '../wfdb/types.ts';

/** MIT-BIH rhythm labels (aux strings of rhythm-change annotations) that are atrial fibrillation or flutter. */
const AF_RHYTHMS: ReadonlySet<string> = new Set(['(AFIB', '(AFL']);

export interface RhythmWindow {
  start: number;
  end: number;
  rhythm: string;
  /** Atrial fibrillation or flutter (the rhythms IRREGULAR_RHYTHM is meant to raise). */
  af: boolean;
}

/**
 * Windows [start, start + windowS) every `stepS` seconds in which the annotated rhythm does not
 * change. Windows in paced rhythm (`(P`) are left out: their regularity is the pacemaker's. MIT-BIH
 * records start in the rhythm of their first rhythm annotation (normal sinus when none is given).
 */
export function rhythmWindows(annotations: readonly Annotation[], samples: number, fsHz: number, windowS: number, stepS: number): RhythmWindow[] {
  const changes = annotations
    .filter((a) => a.aux.startsWith('('))
    .map((a) => ({ sample: a.sample, rhythm: a.aux.replace(/\0/g, '').trim() }))
    .sort((a, b) => a.sample - b.sample);
  const width = Math.round(windowS * fsHz);
  const step = Math.round(stepS * fsHz);
  const out: RhythmWindow[] = [];
  let k = 0;
  let rhythm = changes[0]?.rhythm ?? '(N';
  for (let start = 0; start + width <= samples; start += step) {
    while (k < changes.length && changes[k]!.sample <= start) rhythm = changes[k++]!.rhythm;
    const next = changes[k];
    if (next !== undefined && next.sample < start + width) continue;
    if (rhythm === '(P') continue;
    out.push({ start, end: start + width, rhythm, af: AF_RHYTHMS.has(rhythm) });
  }
  return out;
}
