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
 * The stretches long enough to hide a beat (longer than a bridged gap): an RR interval across a
 * shorter one is a measured interval.
 */
export function beatHidingStretches<T extends { readonly start: number; readonly end: number }>(stretches: readonly T[], fsHz: number): T[] {
  const bridged = bridgedGapSamples(fsHz);
  return stretches.filter((s) => s.end - s.start > bridged);
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
