// RR-interval series and a mean heart rate that isolated ectopic beats do not bias.

export interface RrSeries {
  /** RR intervals in ms, one per pair of consecutive beats not separated by an excluded stretch. */
  readonly rrMs: Float64Array;
  /** Sample index of the beat that ends each interval. */
  readonly endSample: Int32Array;
}

/**
 * RR intervals from sorted beat samples. An interval whose span overlaps an excluded stretch
 * (no usable lead, missing data) is left out: beats there are unknown, so it is not a true RR.
 */
export function rrSeries(beats: Int32Array, fsHz: number, excluded: readonly { start: number; end: number }[] = []): RrSeries {
  const rr: number[] = [];
  const ends: number[] = [];
  const sorted = [...excluded].sort((a, b) => a.start - b.start);
  let e = 0;
  for (let i = 1; i < beats.length; i++) {
    const a = beats[i - 1]!;
    const b = beats[i]!;
    while (e < sorted.length && sorted[e]!.end <= a) e++;
    let crosses = false;
    for (let k = e; k < sorted.length && sorted[k]!.start < b; k++) {
      if (sorted[k]!.end > a) {
        crosses = true;
        break;
      }
    }
    if (crosses) continue;
    rr.push(((b - a) * 1000) / fsHz);
    ends.push(b);
  }
  return { rrMs: Float64Array.from(rr), endSample: Int32Array.from(ends) };
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Intervals within 20 % of the local median are "normal-to-normal" (Kleiger et al. 1987, Am J Cardiol 59:256; Task Force HRV 1996). */
const NN_TOLERANCE = 0.2;
/** Local median over this many neighbouring intervals on each side. */
const LOCAL_HALF_WIDTH = 4;
/** Below this share of NN intervals the rhythm is irregular (e.g. AF): every beat counts and the plain mean is used. */
const MIN_NN_SHARE = 0.5;

/** Mask of intervals within 20 % of the median of their neighbourhood (ectopic beats and pauses fall out). */
export function normalIntervalMask(rrMs: Float64Array): Uint8Array {
  const mask = new Uint8Array(rrMs.length);
  const window: number[] = [];
  for (let i = 0; i < rrMs.length; i++) {
    window.length = 0;
    for (let k = Math.max(0, i - LOCAL_HALF_WIDTH); k <= Math.min(rrMs.length - 1, i + LOCAL_HALF_WIDTH); k++) window.push(rrMs[k]!);
    const local = median(window);
    mask[i] = Math.abs(rrMs[i]! - local) <= NN_TOLERANCE * local ? 1 : 0;
  }
  return mask;
}

/**
 * Mean heart rate (bpm) from RR intervals: 60000 / mean NN interval, so a premature beat and its
 * compensatory pause do not move it; in an irregular rhythm (fewer than half NN) the mean of all
 * intervals, i.e. the true beat rate. Null without any interval.
 */
export function meanHeartRateBpm(rrMs: Float64Array): number | null {
  if (rrMs.length === 0) return null;
  const mask = normalIntervalMask(rrMs);
  let nnSum = 0;
  let nnCount = 0;
  let allSum = 0;
  for (let i = 0; i < rrMs.length; i++) {
    allSum += rrMs[i]!;
    if (mask[i] === 1) {
      nnSum += rrMs[i]!;
      nnCount++;
    }
  }
  const meanMs = nnCount >= MIN_NN_SHARE * rrMs.length ? nnSum / nnCount : allSum / rrMs.length;
  return 60000 / meanMs;
}
