// Batch zero-phase filtering (forward-backward, Gustafsson 1996): no delay and no phase distortion of
// QRS/ST, for stored recordings. Each run of finite samples is filtered on its own; NaN (missing data)
// stays NaN and never leaks into its neighbours.
import { FilterDesignError, type FilterDesign } from './design.ts';
import { runSectionInPlace, runSectionPairForwardFrom, runSectionPairInPlace } from './sections.ts';

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
 * Filtered copies of the leads, the same values as filterZeroPhaseLeadsInPlace on copies: leads are
 * taken two by two, and the first section's forward run reads the pair from the inputs (no copy
 * first) while testing them for a NaN or an infinity (no pass of its own). A lead found not finite
 * is filtered alone (filterZeroPhaseInPlace), a finite one whose partner was not is paired again
 * with the next such lead, if any.
 */
export function filterZeroPhaseLeads(designs: readonly FilterDesign[], leads: readonly Float32Array[]): Float32Array[] {
  const out = leads.map((x) => new Float32Array(x.length));
  const first = designs.find((d) => d.sos.length >= 5);
  const alone: number[] = [];
  const unpaired: number[] = [];
  let p = 0;
  for (; first !== undefined && p + 1 < leads.length; p += 2) {
    const x = leads[p]!;
    const y = leads[p + 1]!;
    if (x.length === 0 || x.length !== y.length) {
      alone.push(p, p + 1);
      continue;
    }
    const nonFinite = runSectionPairForwardFrom(first.sos, 0, x, y, out[p]!, out[p + 1]!);
    if (nonFinite === 0) {
      filterPairInPlace(designs, out[p]!, out[p + 1]!, true);
      continue;
    }
    ((nonFinite & 1) === 0 ? unpaired : alone).push(p);
    ((nonFinite & 2) === 0 ? unpaired : alone).push(p + 1);
  }
  for (; p < leads.length; p++) alone.push(p);
  for (const k of [...alone, ...unpaired]) out[k]!.set(leads[k]!);
  let u = 0;
  for (; u + 1 < unpaired.length; u += 2) {
    const x = out[unpaired[u]!]!;
    const y = out[unpaired[u + 1]!]!;
    if (x.length === y.length) {
      filterPairInPlace(designs, x, y, false);
    } else {
      filterZeroPhaseInPlace(designs, x);
      filterZeroPhaseInPlace(designs, y);
    }
  }
  if (u < unpaired.length) alone.push(unpaired[u]!);
  for (const k of alone) filterZeroPhaseInPlace(designs, out[k]!);
  return out;
}

/**
 * Every section forward and backward on two equally long finite leads, in place (runSectionPairInPlace:
 * the recursion of one section is latency-bound, two independent ones run in about the time of one);
 * without the first section's forward run when `firstForwardDone`.
 */
function filterPairInPlace(designs: readonly FilterDesign[], x: Float32Array, y: Float32Array, firstForwardDone: boolean): void {
  let skip = firstForwardDone;
  for (const d of designs) {
    for (let k = 0; k + 4 < d.sos.length; k += 5) {
      if (!skip) runSectionPairInPlace(d.sos, k, x, y, 0, x.length, 1);
      skip = false;
      runSectionPairInPlace(d.sos, k, x, y, 0, x.length, -1);
    }
  }
}
