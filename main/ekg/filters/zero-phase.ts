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

function hasNaN(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) return true;
  return false;
}

/**
 * filterZeroPhaseInPlace on every lead, with the same values: NaN-free leads of equal length are
 * filtered two at a time (runSectionPairInPlace), the others one by one.
 */
export function filterZeroPhaseLeadsInPlace(designs: readonly FilterDesign[], leads: readonly Float32Array[]): void {
  const single: Float32Array[] = [];
  const paired: Float32Array[] = [];
  for (const x of leads) (x.length > 0 && !hasNaN(x) ? paired : single).push(x);
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
