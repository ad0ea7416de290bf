// Second-order sections in transposed direct form II (Oppenheim & Schafer, sec. 6.4), Float64 state.
// Runs start from the steady state of their first sample (as SciPy's lfilter_zi) so that a DC offset
// does not ring through the high-pass.

/**
 * Filters x[from..to) (or backward when step = -1) through one section in place, starting from the
 * steady state for x[from]. Returns nothing; NaN-free input is the caller's job.
 */
export function runSectionInPlace(sos: Float64Array, k: number, x: Float32Array, from: number, to: number, step: 1 | -1): void {
  const b0 = sos[k]!;
  const b1 = sos[k + 1]!;
  const b2 = sos[k + 2]!;
  const a1 = sos[k + 3]!;
  const a2 = sos[k + 4]!;
  const first = step === 1 ? from : to - 1;
  const end = step === 1 ? to : from - 1;
  const x0 = x[first]!;
  const y0 = ((b0 + b1 + b2) / (1 + a1 + a2)) * x0;
  let z1 = (b1 + b2) * x0 - (a1 + a2) * y0;
  let z2 = b2 * x0 - a2 * y0;
  for (let i = first; i !== end; i += step) {
    const xi = x[i]!;
    const y = b0 * xi + z1;
    z1 = b1 * xi - a1 * y + z2;
    z2 = b2 * xi - a2 * y;
    x[i] = y;
  }
}

/**
 * The same filtering as runSectionInPlace on two equally long, NaN-free signals at once: the
 * recursion of one section is latency-bound, so running two independent ones side by side lets the
 * CPU overlap them. Same arithmetic, so the same values as two separate runs.
 */
export function runSectionPairInPlace(sos: Float64Array, k: number, x: Float32Array, y: Float32Array, from: number, to: number, step: 1 | -1): void {
  const b0 = sos[k]!;
  const b1 = sos[k + 1]!;
  const b2 = sos[k + 2]!;
  const a1 = sos[k + 3]!;
  const a2 = sos[k + 4]!;
  const first = step === 1 ? from : to - 1;
  const end = step === 1 ? to : from - 1;
  const gain = (b0 + b1 + b2) / (1 + a1 + a2);
  const x0 = x[first]!;
  const y0 = y[first]!;
  let p1 = (b1 + b2) * x0 - (a1 + a2) * (gain * x0);
  let p2 = b2 * x0 - a2 * (gain * x0);
  let q1 = (b1 + b2) * y0 - (a1 + a2) * (gain * y0);
  let q2 = b2 * y0 - a2 * (gain * y0);
  for (let i = first; i !== end; i += step) {
    const u = x[i]!;
    const v = y[i]!;
    const fu = b0 * u + p1;
    const fv = b0 * v + q1;
    p1 = b1 * u - a1 * fu + p2;
    q1 = b1 * v - a1 * fv + q2;
    p2 = b2 * u - a2 * fu;
    q2 = b2 * v - a2 * fv;
    x[i] = fu;
    y[i] = fv;
  }
}
