// Batch zero-phase filtering (forward-backward, Gustafsson 1996): no delay and no phase distortion of
// QRS/ST, for stored recordings. Each run of finite samples is filtered on its own; NaN (missing data)
// stays NaN and never leaks into its neighbours.
import { FilterDesignError, type FilterDesign } from './design.ts';
import { runSectionInPlace, runSectionPairInPlace } from './sections.ts';

/** Returns a filtered copy of `x` through every design in turn (all must be zero-phase designs). */
export function filterZeroPhase(designs: readonly FilterDesign[], x: Float32Array): Float32Array {
  for (const d of designs) if (d.form !== 'zero-phase') throw new FilterDesignError('batch filtering needs zero-phase designs');
  const out = x.slice();
  filterZeroPhaseInPlace(designs, out);
  return out;
}

export function filterZeroPhaseInPlace(designs: readonly FilterDesign[], x: Float32Array): void {
  const n = x.length;
  let i = 0;
  while (i < n) {
    while (i < n && Number.isNaN(x[i]!)) i++;
    let j = i;
    while (j < n && !Number.isNaN(x[j]!)) j++;
    if (j > i) {
      for (const d of designs) {
        for (let k = 0; k + 4 < d.sos.length; k += 5) {
          runSectionInPlace(d.sos, k, x, i, j, 1);
          runSectionInPlace(d.sos, k, x, i, j, -1);
        }
      }
    }
    i = j;
  }
}

/**
 * Whether x holds a NaN or an infinity (x - x is 0 for a finite sample, NaN otherwise): four sums
 * side by side instead of a test and branch per sample. An infinite sample only sends its lead to
 * the one-by-one path, which gives the same values.
 */
function hasNonFinite(x: Float32Array): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < x.length; i += 4) {
    a += x[i]! - x[i]!;
    b += x[i + 1]! - x[i + 1]!;
    c += x[i + 2]! - x[i + 2]!;
    d += x[i + 3]! - x[i + 3]!;
  }
  for (; i < x.length; i++) a += x[i]! - x[i]!;
  return a + b + c + d !== 0;
}

/**
 * filterZeroPhaseInPlace on every lead, with the same values: finite leads of equal length are
 * filtered two at a time (runSectionPairInPlace), the others one by one.
 */
export function filterZeroPhaseLeadsInPlace(designs: readonly FilterDesign[], leads: readonly Float32Array[]): void {
  const single: Float32Array[] = [];
  const paired: Float32Array[] = [];
  for (const x of leads) (x.length > 0 && !hasNonFinite(x) ? paired : single).push(x);
  if (paired.length % 2 === 1) single.push(paired.pop()!);
  for (let p = 0; p < paired.length; p += 2) {
    const x = paired[p]!;
    const y = paired[p + 1]!;
    if (x.length !== y.length) {
      single.push(x, y);
      continue;
    }
    for (const d of designs) {
      for (let k = 0; k + 4 < d.sos.length; k += 5) {
        runSectionPairInPlace(d.sos, k, x, y, 0, x.length, 1);
        runSectionPairInPlace(d.sos, k, x, y, 0, x.length, -1);
      }
    }
  }
  for (const x of single) filterZeroPhaseInPlace(designs, x);
}
