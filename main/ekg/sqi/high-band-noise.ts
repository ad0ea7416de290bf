// Muscle (EMG) noise level between heartbeats: the part of the tracing above 20 Hz outside the QRS.
import { designFilter, filterZeroPhaseInPlace } from '../filters/index.ts';
import { selectKth } from '../quality/select.ts';

/**
 * Above 20 Hz outside the QRS an ECG carries almost nothing of cardiac origin: P and T waves and
 * atrial fibrillatory waves (4-9 Hz) lie below it, while muscle noise "extends to higher
 * frequencies" than the ECG (WFDB nst(1), the MIT-BIH Noise Stress Test `ma` record).
 */
const HIGH_BAND_HZ = 20;
/** Samples within 80 ms of a beat belong to its QRS complex (QRS <= ~160 ms wide). */
const QRS_HALF_S = 0.08;

/**
 * Robust RMS (1.4826 x median absolute value) of the > 20 Hz band outside the QRS complexes, in
 * mV, in the quietest lead (the lead a reader would use to look for P waves). Null without leads
 * or without samples outside the QRS complexes.
 */
export function highBandNoiseMv(leads: readonly Float32Array[], beats: Int32Array, fsHz: number): number | null {
  const n = leads[0]?.length ?? 0;
  if (n === 0 || fsHz <= 2 * HIGH_BAND_HZ) return null;
  const design = [designFilter({ kind: 'highpass', cutoffHz: HIGH_BAND_HZ, order: 2 }, fsHz, 'zero-phase')];
  const inQrs = new Uint8Array(n);
  const half = Math.round(QRS_HALF_S * fsHz);
  for (const b of beats) inQrs.fill(1, Math.max(0, b - half), Math.min(n, b + half));
  let best: number | null = null;
  const y = new Float32Array(n);
  const magnitudes = new Float32Array(n);
  for (const x of leads) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = v === v ? v : 0;
    }
    filterZeroPhaseInPlace(design, y);
    let k = 0;
    for (let i = 0; i < n; i++) if (inQrs[i] === 0 && x[i] === x[i]) magnitudes[k++] = Math.abs(y[i]!);
    if (k === 0) continue;
    // Median by quickselect, linear time, once per lead.
    const sigma = 1.4826 * selectKth(magnitudes, 0, k, k >> 1);
    if (best === null || sigma < best) best = sigma;
  }
  return best;
}
