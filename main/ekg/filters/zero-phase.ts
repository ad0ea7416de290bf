// Batch zero-phase filtering (forward-backward, Gustafsson 1996): no delay and no phase distortion of
// QRS/ST, for stored recordings. Each run of finite samples is filtered on its own; NaN (missing data)
// stays NaN and never leaks into its neighbours.
import { FilterDesignError, type FilterDesign } from './design.ts';
import { runSectionInPlace } from './sections.ts';

/** Returns a filtered copy of `x` through every design in turn (all must be zero-phase designs). */
export function filterZeroPhase(designs: readonly FilterDesign[], x: Float32Array): Float32Array {
  for (const d of designs) if (d.form !== 'zero-phase') throw new FilterDesignError('batch filtering needs zero-phase designs');
  const out = Float32Array.from(x);
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
