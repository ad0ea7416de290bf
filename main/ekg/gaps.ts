import { UNUSABLE_KINDS, type QualityInterval } from './quality/index.ts';

// Short gaps: a frame or two lost on the cart's link leaves a few missing samples in every lead.
// One rule for every stage that reads a recording: the gap stays missing (NaN) in what the station
// stores, shows and measures, but filters and the beat detector run on through it instead of
// restarting, and no beat can hide in it. Restarting at every such gap made a link that lost a frame
// every 0.2-0.5 s look like no signal at all (no lead settled, no beat, POOR_SIGNAL).

/**
 * Longest gap bridged, s. 20 ms is under a fifth of the narrowest QRS (about 0.1 s with its slopes):
 * part of any complex stays in view, and what a filter does with the bridged samples is confined to
 * a few samples around them.
 */
export const BRIDGED_GAP_SEC = 0.02;

/** BRIDGED_GAP_SEC in samples at a rate (at least one). */
export function bridgedGapSamples(fsHz: number): number {
  return Math.max(1, Math.round(BRIDGED_GAP_SEC * fsHz));
}

/**
 * The stretches longer than a bridged gap (the others are no fault of a lead: filters run on through
 * them). For the detector's unusable intervals, which carry no kind: every other unusable interval
 * is a run of 1-s quality windows, so only the last, partial one of a record can be as short.
 */
export function withoutBridgedGaps<T extends { readonly start: number; readonly end: number }>(stretches: readonly T[], fsHz: number): T[] {
  const bridged = bridgedGapSamples(fsHz);
  return stretches.filter((s) => s.end - s.start > bridged);
}

/** Whether a quality finding is a bridged gap: missing samples, no longer than BRIDGED_GAP_SEC. */
export function isBridgedGap(q: QualityInterval, fsHz: number): boolean {
  return q.kind === 'gap' && q.end - q.start <= bridgedGapSamples(fsHz);
}

/**
 * Where a beat may have happened unseen: the stretches where no lead is usable (`lead: null`, an
 * unusable kind), less bridged gaps (too short to hide a QRS) and flat lines. A stretch where every
 * lead is flat (no QRS-band activity, main/ekg/quality) holds no QRS: it is the heart's own silence
 * when beats stand on both sides (a sinus pause, asystole), and an RR interval across it is the
 * pause. Counted as hiding beats, a clean 5-s pause read as a gap: no PAUSE, and the rate of the
 * other beats (synthetic, 5 and 10 uV RMS noise: HR 60 and 75, no flag).
 */
export function beatHidingStretches(quality: readonly QualityInterval[], fsHz: number): { start: number; end: number }[] {
  return quality.filter((q) => q.lead === null && UNUSABLE_KINDS.has(q.kind) && q.kind !== 'flatline' && !isBridgedGap(q, fsHz)).map((q) => ({ start: q.start, end: q.end }));
}

/**
 * `x` with each bridged gap (a NaN run of at most `maxRun` samples with a sample on both sides)
 * filled by the straight line between its neighbours, for a batch filter to run through; the
 * filter's output must get its NaN back (withGapsOf). `x` itself when it has no such gap.
 */
export function bridgeShortGaps(x: Float32Array, maxRun: number): Float32Array {
  let out: Float32Array | null = null;
  for (let i = 1; i < x.length; i++) {
    if (!Number.isNaN(x[i]!) || Number.isNaN(x[i - 1]!)) continue;
    let j = i;
    while (j < x.length && Number.isNaN(x[j]!)) j++;
    if (j < x.length && j - i <= maxRun) {
      out ??= x.slice();
      const a = x[i - 1]!;
      const b = x[j]!;
      for (let k = i; k < j; k++) out[k] = a + ((b - a) * (k - i + 1)) / (j - i + 1);
    }
    i = j;
  }
  return out ?? x;
}

/** `y` (filtered from `x`, same length) with NaN wherever `x` is missing; in place, returned. */
export function withGapsOf(y: Float32Array, x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) y[i] = Number.NaN;
  return y;
}
