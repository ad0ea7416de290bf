import { mean, median } from './stats.ts';

/** Mean of the values after leaving out the largest `fraction` of them (at least one kept). */
function trimmedMean(values: readonly number[], fraction: number): number {
  const s = [...values].sort((a, b) => a - b);
  const keep = Math.max(1, s.length - Math.floor(s.length * fraction));
  return mean(s.slice(0, keep));
}

/** RR-interval statistics of a recording (all beats, ms). */
export interface RrStats {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  /** Standard deviation of RR (SDNN), ms. */
  sdnnMs: number | null;
  /** Root mean square of successive differences, ms. */
  rmssdMs: number | null;
  /**
   * Mean absolute successive RR difference, largest 20 % left out, over the median RR: isolated
   * ectopic beats (each moves two successive differences) hardly change it, an irregularly irregular
   * rhythm keeps it high (trimmed successive-difference irregularity for AF screening, after Tateno &
   * Glass, Med Biol Eng Comput 2001, and the nRMSSD of Dash et al., Ann Biomed Eng 2009).
   */
  irregularity: number | null;
}

/** A stretch [start, end) of samples where no lead is usable (from the pipeline's quality check). */
export interface Unusable {
  readonly start: number;
  readonly end: number;
}

/**
 * RR intervals (ms) between successive beats, leaving out any interval that spans an unusable
 * stretch: beats are not reported there, so such an "interval" is not a real RR (nor a pause).
 */
export function rrIntervalsMs(beats: Int32Array, fsHz: number, unusable: readonly Unusable[] = []): Float64Array {
  const rr: number[] = [];
  for (let i = 1; i < beats.length; i++) {
    const a = beats[i - 1]!;
    const b = beats[i]!;
    if (unusable.some((u) => u.start < b && u.end > a)) continue;
    rr.push(((b - a) * 1000) / fsHz);
  }
  return Float64Array.from(rr);
}

export function rrStats(rr: Float64Array): RrStats {
  if (rr.length === 0) return { count: 0, meanMs: null, medianMs: null, minMs: null, maxMs: null, sdnnMs: null, rmssdMs: null, irregularity: null };
  const m = mean(rr);
  let ss = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of rr) {
    ss += (v - m) ** 2;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const diffs: number[] = [];
  let sd = 0;
  for (let i = 1; i < rr.length; i++) {
    const d = rr[i]! - rr[i - 1]!;
    diffs.push(Math.abs(d));
    sd += d * d;
  }
  const med = median(rr);
  return {
    count: rr.length,
    meanMs: m,
    medianMs: med,
    minMs: min,
    maxMs: max,
    sdnnMs: rr.length > 1 ? Math.sqrt(ss / (rr.length - 1)) : null,
    rmssdMs: diffs.length > 0 ? Math.sqrt(sd / diffs.length) : null,
    // Beats given twice (a median RR of 0 ms: the input's error, no rhythm) leave it unmeasurable, not infinite.
    irregularity: diffs.length >= 3 && med > 0 ? trimmedMean(diffs, 0.2) / med : null,
  };
}
