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

/** k-th smallest of the first `n` values of `a` (Hoare's quickselect, in place). */
export function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] ?? 0;
}
