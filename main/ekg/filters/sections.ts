// Cascades of second-order sections in transposed direct form II (Oppenheim & Schafer, sec. 6.4),
// Float64 state. A run starts from the cascade's steady state for its first sample (SciPy's
// sosfilt_zi times that sample) so that a DC offset does not ring through the high-pass.

/** Sections run together in one pass; a cascade is padded with identity sections to a multiple of it. */
export const SECTIONS_PER_PASS = 3;

/** The designs' sections concatenated ([b0, b1, b2, a1, a2] each), padded with identity sections (y = x). */
export function cascadeSections(soses: readonly Float64Array[]): Float64Array {
  const count = soses.reduce((n, s) => n + s.length / 5, 0);
  const padded = Math.max(1, Math.ceil(count / SECTIONS_PER_PASS)) * SECTIONS_PER_PASS;
  const out = new Float64Array(5 * padded);
  for (let k = 0; k < padded; k++) out[5 * k] = 1;
  let o = 0;
  for (const s of soses) {
    out.set(s, o);
    o += s.length;
  }
  return out;
}

/**
 * Filters x[from..to) (or backward when step = -1) in place through the SECTIONS_PER_PASS sections
 * starting at section index `first` of `sos`, in one pass: the sections' values stay in Float64
 * between them and the three recursions overlap in the CPU. NaN-free input is the caller's job.
 */
export function runSectionsInPlace(sos: Float64Array, first: number, x: Float32Array, from: number, to: number, step: 1 | -1): void {
  const k = 5 * first;
  const ab0 = sos[k]!, ab1 = sos[k + 1]!, ab2 = sos[k + 2]!, aa1 = sos[k + 3]!, aa2 = sos[k + 4]!;
  const bb0 = sos[k + 5]!, bb1 = sos[k + 6]!, bb2 = sos[k + 7]!, ba1 = sos[k + 8]!, ba2 = sos[k + 9]!;
  const cb0 = sos[k + 10]!, cb1 = sos[k + 11]!, cb2 = sos[k + 12]!, ca1 = sos[k + 13]!, ca2 = sos[k + 14]!;
  const start = step === 1 ? from : to - 1;
  const end = step === 1 ? to : from - 1;
  // Steady state: each section at rest at its DC output for the first sample (output g x, z1 = (b1 + b2) x - (a1 + a2) g x, z2 = b2 x - a2 g x).
  const x0 = x[start]!;
  const ya = ((ab0 + ab1 + ab2) / (1 + aa1 + aa2)) * x0;
  const yb = ((bb0 + bb1 + bb2) / (1 + ba1 + ba2)) * ya;
  const yc = ((cb0 + cb1 + cb2) / (1 + ca1 + ca2)) * yb;
  let a1 = (ab1 + ab2) * x0 - (aa1 + aa2) * ya;
  let a2 = ab2 * x0 - aa2 * ya;
  let b1 = (bb1 + bb2) * ya - (ba1 + ba2) * yb;
  let b2 = bb2 * ya - ba2 * yb;
  let c1 = (cb1 + cb2) * yb - (ca1 + ca2) * yc;
  let c2 = cb2 * yb - ca2 * yc;
  for (let i = start; i !== end; i += step) {
    const u = x[i]!;
    const v = ab0 * u + a1;
    a1 = ab1 * u - aa1 * v + a2;
    a2 = ab2 * u - aa2 * v;
    const w = bb0 * v + b1;
    b1 = bb1 * v - ba1 * w + b2;
    b2 = bb2 * v - ba2 * w;
    const y = cb0 * w + c1;
    c1 = cb1 * w - ca1 * y + c2;
    c2 = cb2 * w - ca2 * y;
    x[i] = y;
  }
}
