/** Small allocation-free order statistics for the detector's histories (typed arrays in, numbers out). */

/** Hamilton-Tompkins keep the last 8 peaks and intervals and use their medians. */
export const HISTORY = 8;

/** Median of `n` values of `hist` from `offset`, sorted in `scratch` (no allocation). */
export function median(hist: Float64Array, offset: number, n: number, scratch: Float64Array): number {
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    // Insertion sort: n <= HISTORY.
    const v = hist[offset + i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (scratch[j] ?? 0) > v) {
      scratch[j + 1] = scratch[j] ?? 0;
      j--;
    }
    scratch[j + 1] = v;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? (scratch[mid] ?? 0) : ((scratch[mid - 1] ?? 0) + (scratch[mid] ?? 0)) / 2;
}

/** Appends to the HISTORY-long window of `hist` at `offset`, dropping the oldest; returns the new count. */
export function pushHistory(hist: Float64Array, offset: number, count: number, value: number): number {
  if (count < HISTORY) {
    hist[offset + count] = value;
    return count + 1;
  }
  hist.copyWithin(offset, offset + 1, offset + HISTORY);
  hist[offset + HISTORY - 1] = value;
  return count;
}

/**
 * Whether `value < factor * (k-th smallest of the first n values of a)`, answered without selecting
 * (values without NaN, factor positive and finite): x -> value < factor * x never turns false as x
 * grows (IEEE rounding is monotone), so it holds for the k-th smallest exactly when it holds for at
 * least n - k of the values. One branch-light pass instead of a quickselect (Hoare's), same answer.
 */
export function belowFactorOfKth(a: Float64Array, n: number, k: number, value: number, factor: number): boolean {
  let holding = 0;
  for (let i = 0; i < n; i++) holding += value < factor * (a[i] ?? 0) ? 1 : 0;
  return holding >= n - k;
}
