// Second-order sections in transposed direct form II (Oppenheim & Schafer, sec. 6.4), Float64 state.
// Runs start from the steady state of their first sample (as SciPy's lfilter_zi) so that a DC offset
// does not ring through the high-pass. First-order sections (b2 = a2 = 0) and symmetric numerators
// (b2 = b0) run loops that skip the products known in advance: the same values (b2 x = b0 x exactly;
// a first-order section's z2 term is a signed zero, whose sign could only show in an all-zero output)
// with fewer operations per sample.

/**
 * The state [z1, z2] of section k at rest at input level x0 (SciPy's lfilter_zi): output g x0,
 * z1 = (b1 + b2) x0 - (a1 + a2) g x0, z2 = b2 x0 - a2 g x0, g = the section's DC gain. The one
 * formula for every restart (batch runs, the streaming filter after a gap); the quality band pass
 * writes it out in its fused loop (quality/band-stats.ts).
 */
export function restState(sos: Float64Array, k: number, x0: number): [number, number] {
  const b1 = sos[k + 1]!;
  const b2 = sos[k + 2]!;
  const a1 = sos[k + 3]!;
  const a2 = sos[k + 4]!;
  const y0 = ((sos[k]! + b1 + b2) / (1 + a1 + a2)) * x0;
  return [(b1 + b2) * x0 - (a1 + a2) * y0, b2 * x0 - a2 * y0];
}

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
  let [z1, z2] = restState(sos, k, x[first]!);
  if (b2 === 0 && a2 === 0) {
    // First-order section: z2 stays 0.
    for (let i = first; i !== end; i += step) {
      const xi = x[i]!;
      const y = b0 * xi + z1;
      z1 = b1 * xi - a1 * y;
      x[i] = y;
    }
    return;
  }
  if (b2 === b0) {
    // Symmetric numerator (notch, Butterworth low- and high-pass): b2 x is b0 x, computed once.
    for (let i = first; i !== end; i += step) {
      const xi = x[i]!;
      const bx = b0 * xi;
      const y = bx + z1;
      z1 = b1 * xi - a1 * y + z2;
      z2 = bx - a2 * y;
      x[i] = y;
    }
    return;
  }
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
  let [p1, p2] = restState(sos, k, x[first]!);
  let [q1, q2] = restState(sos, k, y[first]!);
  if (b2 === 0 && a2 === 0) {
    for (let i = first; i !== end; i += step) {
      const u = x[i]!;
      const v = y[i]!;
      const fu = b0 * u + p1;
      const fv = b0 * v + q1;
      p1 = b1 * u - a1 * fu;
      q1 = b1 * v - a1 * fv;
      x[i] = fu;
      y[i] = fv;
    }
    return;
  }
  if (b2 === b0) {
    for (let i = first; i !== end; i += step) {
      const u = x[i]!;
      const v = y[i]!;
      const bu = b0 * u;
      const bv = b0 * v;
      const fu = bu + p1;
      const fv = bv + q1;
      p1 = b1 * u - a1 * fu + p2;
      q1 = b1 * v - a1 * fv + q2;
      p2 = bu - a2 * fu;
      q2 = bv - a2 * fv;
      x[i] = fu;
      y[i] = fv;
    }
    return;
  }
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

/**
 * The forward run of runSectionPairInPlace over [0, n) of two equally long signals, read from srcX and
 * srcY and written to dstX and dstY (the sources stay as they are), and at the same time the test
 * whether each source is finite (x - x is 0 for a finite sample, NaN otherwise, summed in the
 * recursion's latency shadow instead of in a pass of its own). Returns 0 when both are finite, else
 * bit 1 for srcX and bit 2 for srcY; the outputs are then meaningless. Same arithmetic as
 * runSectionPairInPlace, so the same values.
 */
export function runSectionPairForwardFrom(sos: Float64Array, k: number, srcX: Float32Array, srcY: Float32Array, dstX: Float32Array, dstY: Float32Array): number {
  const b0 = sos[k]!;
  const b1 = sos[k + 1]!;
  const b2 = sos[k + 2]!;
  const a1 = sos[k + 3]!;
  const a2 = sos[k + 4]!;
  const n = srcX.length;
  let [p1, p2] = restState(sos, k, srcX[0]!);
  let [q1, q2] = restState(sos, k, srcY[0]!);
  let nonFiniteX = 0;
  let nonFiniteY = 0;
  if (b2 === 0 && a2 === 0) {
    for (let i = 0; i < n; i++) {
      const u = srcX[i]!;
      const v = srcY[i]!;
      nonFiniteX += u - u;
      nonFiniteY += v - v;
      const fu = b0 * u + p1;
      const fv = b0 * v + q1;
      p1 = b1 * u - a1 * fu;
      q1 = b1 * v - a1 * fv;
      dstX[i] = fu;
      dstY[i] = fv;
    }
  } else if (b2 === b0) {
    for (let i = 0; i < n; i++) {
      const u = srcX[i]!;
      const v = srcY[i]!;
      nonFiniteX += u - u;
      nonFiniteY += v - v;
      const bu = b0 * u;
      const bv = b0 * v;
      const fu = bu + p1;
      const fv = bv + q1;
      p1 = b1 * u - a1 * fu + p2;
      q1 = b1 * v - a1 * fv + q2;
      p2 = bu - a2 * fu;
      q2 = bv - a2 * fv;
      dstX[i] = fu;
      dstY[i] = fv;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const u = srcX[i]!;
      const v = srcY[i]!;
      nonFiniteX += u - u;
      nonFiniteY += v - v;
      const fu = b0 * u + p1;
      const fv = b0 * v + q1;
      p1 = b1 * u - a1 * fu + p2;
      q1 = b1 * v - a1 * fv + q2;
      p2 = b2 * u - a2 * fu;
      q2 = b2 * v - a2 * fv;
      dstX[i] = fu;
      dstY[i] = fv;
    }
  }
  return (nonFiniteX === 0 ? 0 : 1) | (nonFiniteY === 0 ? 0 : 2);
}
