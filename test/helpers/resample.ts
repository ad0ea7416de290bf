/** Linear-interpolation resampling by `factor` (test helper: another sampling rate of the same recording). */
export function resampleLinear(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(Math.floor((x.length - 1) * factor) + 1);
  for (let i = 0; i < out.length; i++) {
    const t = i / factor;
    const k = Math.floor(t);
    const a = x[k]!;
    const b = x[Math.min(k + 1, x.length - 1)]!;
    out[i] = a + (b - a) * (t - k);
  }
  return out;
}
