// Signal quality per lead and per interval: which stretches of a tracing cannot be trusted, and where
// no lead at all is usable (lead: null), so that no beat is ever reported there.
import { classifyWindow, type WindowKind } from './classify.ts';
import { UNUSABLE_KINDS, type QualityInterval, type QualityKind, type QualityOptions } from './types.ts';
import { leadWindowStats } from './window-stats.ts';

/** Order used to name an all-lead interval when leads disagree on why they are unusable (worst first). */
const SEVERITY: readonly QualityKind[] = ['gap', 'lead-off', 'flatline', 'saturation', 'noise'];
const WINDOW_KINDS: readonly WindowKind[] = ['lead-off', 'flatline', 'saturation', 'noise', 'baseline-wander', 'powerline'];

/** Runs of NaN as [start, end) pairs. */
function nanRuns(x: Float32Array): number[] {
  const runs: number[] = [];
  let i = 0;
  while (i < x.length) {
    if (!Number.isNaN(x[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < x.length && Number.isNaN(x[i]!)) i++;
    runs.push(start, i);
  }
  return runs;
}

/** Samples where every lead is NaN, as [start, end) pairs. */
function allNanRuns(leads: readonly Float32Array[], n: number): number[] {
  const runs: number[] = [];
  let i = 0;
  while (i < n) {
    if (!leads.every((x) => Number.isNaN(x[i]!))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && leads.every((x) => Number.isNaN(x[i]!))) i++;
    runs.push(start, i);
  }
  return runs;
}

/**
 * Assesses leads (mV, NaN = missing, all the same length). Returns intervals sorted by start; a lead
 * can carry several kinds at once (noise and mains hum, say).
 */
export function assessQuality(leads: readonly Float32Array[], fsHz: number, leadNames: readonly string[], options: QualityOptions): QualityInterval[] {
  if (leads.length !== leadNames.length) throw new RangeError('one name per lead');
  const n = leads[0]?.length ?? 0;
  if (leads.some((x) => x.length !== n)) throw new RangeError('leads must have equal length');
  const mains = options.mainsHz === null ? [50, 60] : [options.mainsHz];
  const out: QualityInterval[] = [];
  if (n === 0) return out;

  const perLeadWindowKinds: WindowKind[][][] = [];
  let windowSamples = 1;
  let windows = 0;
  leads.forEach((x, li) => {
    const name = leadNames[li]!;
    for (let r = nanRuns(x), k = 0; k < r.length; k += 2) out.push({ lead: name, start: r[k]!, end: r[k + 1]!, kind: 'gap' });
    const stats = leadWindowStats(x, fsHz, mains);
    windowSamples = stats.windowSamples;
    windows = stats.windows;
    const kinds: WindowKind[][] = [];
    for (let w = 0; w < stats.windows; w++) kinds.push(classifyWindow(stats, w));
    perLeadWindowKinds.push(kinds);
    for (const kind of WINDOW_KINDS) {
      let w = 0;
      while (w < stats.windows) {
        if (!kinds[w]!.includes(kind)) {
          w++;
          continue;
        }
        const first = w;
        while (w < stats.windows && kinds[w]!.includes(kind)) w++;
        out.push({ lead: name, start: first * windowSamples, end: Math.min(n, w * windowSamples), kind });
      }
    }
  });

  for (let r = allNanRuns(leads, n), k = 0; k < r.length; k += 2) out.push({ lead: null, start: r[k]!, end: r[k + 1]!, kind: 'gap' });

  // All-lead windows: every lead is unusable, for a reason other than only missing data.
  let current: { kind: QualityKind; start: number; end: number } | null = null;
  const flush = () => {
    if (current) out.push({ lead: null, ...current });
    current = null;
  };
  for (let w = 0; w < windows; w++) {
    const from = w * windowSamples;
    const to = Math.min(n, from + windowSamples);
    const reasons: QualityKind[] = [];
    for (let li = 0; li < leads.length; li++) {
      const x = leads[li]!;
      let missing = 0;
      for (let i = from; i < to; i++) if (Number.isNaN(x[i]!)) missing++;
      const kinds = perLeadWindowKinds[li]![w]!;
      const worst = missing * 2 >= to - from ? 'gap' : SEVERITY.find((k) => k !== 'gap' && UNUSABLE_KINDS.has(k) && kinds.includes(k as WindowKind));
      if (worst === undefined) break;
      reasons.push(worst);
    }
    if (reasons.length < leads.length || reasons.every((k) => k === 'gap')) {
      flush();
      continue;
    }
    let kind: QualityKind = reasons[0]!;
    let best = -1;
    for (const k of SEVERITY) {
      const count = reasons.filter((r) => r === k).length;
      if (count > best) {
        best = count;
        kind = k;
      }
    }
    if (current !== null && current.kind === kind && current.end === from) current.end = to;
    else {
      flush();
      current = { kind, start: from, end: to };
    }
  }
  flush();

  const leadOrder = (l: string | null) => (l === null ? leads.length : leadNames.indexOf(l));
  return out.sort((a, b) => a.start - b.start || leadOrder(a.lead) - leadOrder(b.lead) || a.kind.localeCompare(b.kind));
}
