// Hoare's quickselect (Hoare 1961, CACM 4:321): k-th smallest of a[from..to) in expected linear time, in place.
export function selectKth(a: Float32Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  const target = from + k;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
