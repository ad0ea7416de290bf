// Mains interference per window: the Hann-windowed amplitude at each mains frequency and at the
// frequencies MAINS_NEIGHBOUR_OFFSET_HZ either side, by three Goertzel resonators run side by side
// (Goertzel 1958, Amer. Math. Monthly 65:34) with their state in locals.
import { MAINS_NEIGHBOUR_OFFSET_HZ } from './thresholds.ts';

/** Per mains frequency asked for (same order), per window: its amplitude and the larger neighbour amplitude (mV). */
export interface MainsWindowStats {
  readonly mainsAmplitude: Float64Array[];
  readonly mainsNeighbour: Float64Array[];
}

/**
 * Measures every full window holding data (others stay 0). NaN samples count as the window mean.
 * Mains frequencies whose upper neighbour is at or above Nyquist are not measured (all 0).
 */
export function mainsWindowStats(x: Float32Array, fsHz: number, windowSamples: number, finite: Int32Array, mean: Float64Array, mainsFrequenciesHz: readonly number[]): MainsWindowStats {
  const windows = finite.length;
  const mainsAmplitude = mainsFrequenciesHz.map(() => new Float64Array(windows));
  const mainsNeighbour = mainsFrequenciesHz.map(() => new Float64Array(windows));
  const hann = new Float32Array(windowSamples);
  for (let k = 0; k < windowSamples; k++) hann[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / Math.max(1, windowSamples - 1));
  const amps = new Float64Array(3);
  for (let slot = 0; slot < mainsFrequenciesHz.length; slot++) {
    const f0 = mainsFrequenciesHz[slot]!;
    if (f0 + MAINS_NEIGHBOUR_OFFSET_HZ >= fsHz / 2) continue;
    const amplitude = mainsAmplitude[slot]!;
    const neighbour = mainsNeighbour[slot]!;
    const omegaMains = (2 * Math.PI * f0) / fsHz;
    const omegaBelow = (2 * Math.PI * (f0 - MAINS_NEIGHBOUR_OFFSET_HZ)) / fsHz;
    const omegaAbove = (2 * Math.PI * (f0 + MAINS_NEIGHBOUR_OFFSET_HZ)) / fsHz;
    for (let w = 0; w < windows; w++) {
      const from = w * windowSamples;
      if (finite[w]! === 0 || from + windowSamples > x.length) continue;
      hannAmplitudes3(x, from, mean[w]!, hann, omegaMains, omegaBelow, omegaAbove, amps);
      amplitude[w] = amps[0]!;
      neighbour[w] = Math.max(amps[1]!, amps[2]!);
    }
  }
  return { mainsAmplitude, mainsNeighbour };
}

/** Amplitudes at three angular frequencies of x[from, from + hann.length) minus `mean`, Hann-windowed, into out. */
function hannAmplitudes3(x: Float32Array, from: number, mean: number, hann: Float32Array, omegaA: number, omegaB: number, omegaC: number, out: Float64Array): void {
  const ca = 2 * Math.cos(omegaA);
  const cb = 2 * Math.cos(omegaB);
  const cc = 2 * Math.cos(omegaC);
  // Resonator states s[n-1], s[n-2] of the three frequencies.
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, c1 = 0, c2 = 0;
  let wsum = 0;
  for (let k = 0; k < hann.length; k++) {
    const v = x[from + k]!;
    const h = hann[k]!;
    const xi = v === v ? (v - mean) * h : 0;
    wsum += h;
    const a0 = xi + ca * a1 - a2;
    a2 = a1;
    a1 = a0;
    const b0 = xi + cb * b1 - b2;
    b2 = b1;
    b1 = b0;
    const c0 = xi + cc * c1 - c2;
    c2 = c1;
    c1 = c0;
  }
  out[0] = amplitude(a1, a2, omegaA, wsum);
  out[1] = amplitude(b1, b2, omegaB, wsum);
  out[2] = amplitude(c1, c2, omegaC, wsum);
}

/** Goertzel's final step: |X(omega)| from the last two states, scaled to a sinusoid's amplitude by the window sum. */
function amplitude(s1: number, s2: number, omega: number, wsum: number): number {
  const re = s1 - s2 * Math.cos(omega);
  const im = s2 * Math.sin(omega);
  return wsum > 0 ? (2 * Math.sqrt(re * re + im * im)) / wsum : 0;
}
