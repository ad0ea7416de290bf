// A second, independent QRS detector for the beat-agreement quality index: Elgendi's two moving
// averages over the squared 8-20 Hz band (Elgendi, PLoS ONE 2013;8(9):e73557). It shares no stage
// with the station's detector (no derivative, no adaptive thresholds, no search-back), so where
// both agree the beats are real and where they disagree noise is taking part (Li et al. 2008).
import { designFilter, filterZeroPhaseInPlace } from '../filters/index.ts';

/** Elgendi's optimised parameters: QRS window 97 ms, beat window 611 ms, offset beta = 0.08. */
const QRS_WINDOW_S = 0.097;
const BEAT_WINDOW_S = 0.611;
const OFFSET_BETA = 0.08;
const BAND_LOW_HZ = 8;
const BAND_HIGH_HZ = 20;
/** Two blocks whose peaks are closer than the ventricular refractory period are one beat (the larger). */
const REFRACTORY_S = 0.2;

/** Centred moving average of `x` over `w` samples (prefix sums; shorter at the edges). */
function movingAverage(x: Float64Array, w: number): Float64Array {
  const half = w >> 1;
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i]! + x[i]!;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(x.length, i + half + 1);
    out[i] = (prefix[b]! - prefix[a]!) / (b - a);
  }
  return out;
}

/** R peaks (sample indices, ascending) of one lead in mV (NaN = missing, read as 0). */
export function elgendiPeaks(lead: Float32Array, fsHz: number): Int32Array {
  if (lead.length === 0 || fsHz <= 2 * BAND_HIGH_HZ) return new Int32Array(0);
  const band = [
    designFilter({ kind: 'highpass', cutoffHz: BAND_LOW_HZ, order: 2 }, fsHz, 'zero-phase'),
    designFilter({ kind: 'lowpass', cutoffHz: BAND_HIGH_HZ, order: 2 }, fsHz, 'zero-phase'),
  ];
  const y = new Float32Array(lead.length);
  for (let i = 0; i < lead.length; i++) {
    const v = lead[i]!;
    y[i] = v === v ? v : 0;
  }
  filterZeroPhaseInPlace(band, y);
  const energy = new Float64Array(y.length);
  let meanEnergy = 0;
  for (let i = 0; i < y.length; i++) {
    const e = y[i]! * y[i]!;
    energy[i] = e;
    meanEnergy += e;
  }
  const w1 = Math.max(1, Math.round(QRS_WINDOW_S * fsHz));
  const maQrs = movingAverage(energy, w1);
  const maBeat = movingAverage(energy, Math.round(BEAT_WINDOW_S * fsHz));
  const alpha = (OFFSET_BETA * meanEnergy) / energy.length;
  const refractory = Math.round(REFRACTORY_S * fsHz);
  const peaks: number[] = [];
  const heights: number[] = [];
  let i = 0;
  while (i < energy.length) {
    if (!(maQrs[i]! > maBeat[i]! + alpha)) {
      i++;
      continue;
    }
    const start = i;
    while (i < energy.length && maQrs[i]! > maBeat[i]! + alpha) i++;
    // A block of interest narrower than one QRS is noise (Elgendi's THR2 = W1).
    if (i - start < w1) continue;
    let at = start;
    for (let k = start; k < i; k++) if (Math.abs(y[k]!) > Math.abs(y[at]!)) at = k;
    const h = Math.abs(y[at]!);
    const last = peaks.length - 1;
    if (last >= 0 && at - peaks[last]! < refractory) {
      if (h > heights[last]!) {
        peaks[last] = at;
        heights[last] = h;
      }
      continue;
    }
    peaks.push(at);
    heights.push(h);
  }
  return Int32Array.from(peaks);
}
