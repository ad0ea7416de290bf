// Batch zero-phase filtering (forward-backward, Gustafsson 1996): no delay and no phase distortion of
// QRS/ST, for stored recordings. A lead is split at NaN (missing data) and each run between NaN samples
// is filtered on its own, so NaN stays NaN and never leaks into its neighbours; an infinity inside a run
// is not a split point and makes that whole run NaN.
import { FilterDesignError, type FilterDesign } from './design.ts';
import { cascadeOf, passScratch, runPasses, type Cascade, type Pass, type PassScratch } from './sections.ts';
import { PassesPair } from './sections-kernel.ts';

/** Which implementation runs the passes: WebAssembly SIMD (two leads at a time, where the engine has it) or JavaScript; the same values. */
export type PassKernel = 'wasm-simd' | 'scalar';

/** Returns a filtered copy of `x` through every design in turn (all must be zero-phase designs). */
export function filterZeroPhase(designs: readonly FilterDesign[], x: Float32Array, kernel: PassKernel = 'wasm-simd'): Float32Array {
  for (const d of designs) if (d.form !== 'zero-phase') throw new FilterDesignError('batch filtering needs zero-phase designs');
  const out = x.slice();
  filterZeroPhaseInPlace(designs, out, kernel);
  return out;
}

export function filterZeroPhaseInPlace(designs: readonly FilterDesign[], x: Float32Array, kernel: PassKernel = 'wasm-simd'): void {
  const f = filteringOf(designs, kernel);
  if (f !== null) filterInPlace(f, x);
}

/**
 * Runs shorter than this many samples take the JavaScript passes even where the kernel is available:
 * the same values, and below it the kernel's fixed cost per run (copies, start states, 3-4 calls into
 * wasm) outweighs its speed (measured: docs/ekg-pipeline.md, "Leads with many gaps").
 */
const SHORT_RUN = 16;

/** What a filtering call sets up once for all of its runs. */
interface Filtering {
  readonly c: Cascade;
  readonly passes: readonly Pass[];
  /** The wasm SIMD passes; null for the JavaScript ones (asked for, or wasm SIMD unavailable). */
  readonly simd: PassesPair | null;
  /** The JavaScript passes' buffers, made at their first use. */
  scratch: PassScratch | null;
}

/** Null when the designs have no sections: nothing to filter. */
function filteringOf(designs: readonly FilterDesign[], kernel: PassKernel): Filtering | null {
  const c = cascadeOf(designs.map((d) => d.sos));
  if (c.dcGain.length === 0) return null;
  const passes = schedule(c);
  return { c, passes, simd: kernel === 'wasm-simd' ? PassesPair.of(c, passes) : null, scratch: null };
}

function filterInPlace(f: Filtering, x: Float32Array): void {
  const n = x.length;
  let i = 0;
  while (i < n) {
    while (i < n && Number.isNaN(x[i]!)) i++;
    let j = i;
    while (j < n && !Number.isNaN(x[j]!)) j++;
    if (j > i) zeroPhase(f, x, x, x, x, i, j, false);
    i = j;
  }
}

/**
 * Filtered copies of the leads, the same values as filterZeroPhaseInPlace on copies: leads are taken
 * two by two, and the first forward pass reads the pair from the inputs (no copy first) while testing
 * them for a NaN or an infinity (no pass of its own). A lead found not finite is filtered alone
 * (filterZeroPhaseInPlace), a finite one whose partner was not is paired again with the next such
 * lead, if any.
 */
export function filterZeroPhaseLeads(designs: readonly FilterDesign[], leads: readonly Float32Array[], kernel: PassKernel = 'wasm-simd'): Float32Array[] {
  const f = filteringOf(designs, kernel);
  if (f === null) return leads.map((x) => x.slice());
  const out = leads.map((x) => new Float32Array(x.length));
  const alone: number[] = [];
  const unpaired: number[] = [];
  let p = 0;
  for (; p + 1 < leads.length; p += 2) {
    const x = leads[p]!;
    const y = leads[p + 1]!;
    if (x.length === 0 || x.length !== y.length) {
      alone.push(p, p + 1);
      continue;
    }
    const nonFinite = zeroPhase(f, x, y, out[p]!, out[p + 1]!, 0, x.length, true);
    if (nonFinite === 0) continue;
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
      zeroPhase(f, x, y, x, y, 0, x.length, false);
    } else {
      filterInPlace(f, x);
      filterInPlace(f, y);
    }
  }
  if (u < unpaired.length) alone.push(unpaired[u]!);
  for (const k of alone) filterInPlace(f, out[k]!);
  return out;
}

/**
 * The passes of zero-phase filtering: the first section forward, then every section backward, then the
 * sections after the first forward. The first section (the 0.05 Hz high-pass in the station's chains)
 * thus runs forward-backward on its own as before, its backward pass starting at rest at its own
 * forward output: its time constant is seconds, so that start level shows for seconds, and taking it
 * after the notch and low-pass (the whole cascade forward, then backward, as SciPy's sosfiltfilt) moved
 * the 12-lead measurements of 10-s records (docs/ekg-pipeline.md). The sections after it remember for a
 * fraction of a second and run backward-forward fused (zero phase in either order). Each pass starts
 * every section at rest at its own input level. Three passes instead of two per section, and the
 * sections of a pass overlap their latency-bound recursions.
 */
function schedule(c: Cascade): Pass[] {
  const sections = c.dcGain.length;
  const passes: Pass[] = [{ lo: 0, hi: 1, step: 1 }, { lo: 0, hi: sections, step: -1 }];
  if (sections > 1) passes.push({ lo: 1, hi: sections, step: 1 });
  return passes;
}

/**
 * Zero-phase filtering of [from, to) of two leads (A may be given as B too) into dstA, dstB. Returns the
 * first pass's test of the sources (bits as PassesPair.run); with `stopIfNonFinite` the other passes are
 * not run when one is not finite.
 */
function zeroPhase(f: Filtering, srcA: Float32Array, srcB: Float32Array, dstA: Float32Array, dstB: Float32Array, from: number, to: number, stopIfNonFinite: boolean): number {
  const simd = f.simd !== null && to - from >= SHORT_RUN ? f.simd.run(srcA, srcB, dstA, dstB, from, to, stopIfNonFinite) : null;
  if (simd !== null) return simd;
  const scratch = (f.scratch ??= passScratch(f.c));
  const a = runPasses(f.c, f.passes, srcA, dstA, from, to, stopIfNonFinite, scratch);
  const b = srcA === srcB && dstA === dstB ? a : runPasses(f.c, f.passes, srcB, dstB, from, to, stopIfNonFinite, scratch);
  return (a ? 1 : 0) | (b ? 2 : 0);
}
