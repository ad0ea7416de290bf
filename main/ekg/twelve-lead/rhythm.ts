import { mean, median } from './stats.ts';

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
   * Median absolute successive RR difference over the median RR: robust to isolated ectopic beats
   * (each moves only two successive differences), high in an irregularly irregular rhythm
   * (robust variant of the successive-difference irregularity used for AF screening; Tateno & Glass,
   * Med Biol Eng Comput 2001).
   */
  irregularity: number | null;
}

export function rrIntervalsMs(beats: Int32Array, fsHz: number): Float64Array {
  const rr = new Float64Array(Math.max(0, beats.length - 1));
  for (let i = 1; i < beats.length; i++) rr[i - 1] = ((beats[i]! - beats[i - 1]!) * 1000) / fsHz;
  return rr;
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
    irregularity: diffs.length >= 3 ? median(diffs) / med : null,
  };
}
