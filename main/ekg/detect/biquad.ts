/**
 * Second-order Butterworth sections for the detector's internal feature band-pass, designed from
 * the sampling rate (bilinear transform with pre-warping; R. Bristow-Johnson, "Audio EQ Cookbook").
 * These coefficients only shape the detection feature; the displayed/diagnostic filters live elsewhere.
 */

/** Normalised biquad coefficients [b0, b1, b2, a1, a2] (a0 = 1). */
export type BiquadCoefficients = readonly [number, number, number, number, number];

const BUTTERWORTH_Q = Math.SQRT1_2;

export function designLowPass(cutoffHz: number, fsHz: number): BiquadCoefficients {
  const w0 = (2 * Math.PI * cutoffHz) / fsHz;
  const alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
  const cosW0 = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = (1 - cosW0) / a0;
  return [b1 / 2, b1, b1 / 2, (-2 * cosW0) / a0, (1 - alpha) / a0];
}

export function designHighPass(cutoffHz: number, fsHz: number): BiquadCoefficients {
  const w0 = (2 * Math.PI * cutoffHz) / fsHz;
  const alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
  const cosW0 = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (1 + cosW0) / 2 / a0;
  return [b0, -2 * b0, b0, (-2 * cosW0) / a0, (1 - alpha) / a0];
}
