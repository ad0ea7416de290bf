/** Median of a list (sorts a copy); NaN for an empty list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const h = n >> 1;
  return n % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * Median of the first `k` values of `buf`, reordering them (insertion sort: beats per record are
 * few, so this beats allocating and sorting a copy on the hot path of median-beat building).
 */
export function medianInPlace(buf: Float64Array, k: number): number {
  if (k === 0) return Number.NaN;
  for (let i = 1; i < k; i++) {
    const v = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > v) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = v;
  }
  const h = k >> 1;
  return k % 2 === 1 ? buf[h]! : (buf[h - 1]! + buf[h]!) / 2;
}

/** The q-quantile (0..1) by nearest rank of a sorted copy; NaN for an empty list. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))]!;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length > 0 ? s / values.length : Number.NaN;
}

/** Pearson correlation of two equally long vectors; 0 when either is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i]!;
    sb += b[i]!;
  }
  const ma = sa / n;
  const mb = sb / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}
