// Window-by-window rules: which quality kinds hold for one lead in one analysis window, and whether the
// lead can still be used to find beats there.
import type { WindowSigma } from './window-sigma.ts';
import type { LeadWindowStats } from './window-stats.ts';
import type { QualityKind } from './types.ts';
import {
  BASELINE_SLOPE_MV_PER_S,
  FLATLINE_BAND_PEAK_MV,
  LEAD_OFF_DC_MV,
  MAINS_AMPLITUDE_MV,
  MAINS_TO_NEIGHBOUR_RATIO,
  NOISE_FLOOR_MV,
  NOISE_TO_QRS_RATIO,
  NOISE_UNUSABLE_RATIO,
  WINDOW_S,
} from './thresholds.ts';

/** Kinds decided per window (gaps are found sample by sample elsewhere). */
export type WindowKind = Exclude<QualityKind, 'gap'>;

export interface WindowVerdict {
  kinds: WindowKind[];
  /** No beat can be found in this lead here (lead off, flat line, or noise that hides every QRS). */
  unusableKind: WindowKind | null;
}

/** Largest finite value of a[w-1..w+1]. */
function neighbourMax(a: Float64Array, w: number): number {
  let m = Number.NaN;
  for (let k = Math.max(0, w - 1); k <= Math.min(a.length - 1, w + 1); k++) {
    const v = a[k]!;
    if (!Number.isNaN(v) && !(v <= m)) m = v;
  }
  return m;
}

/** Median of the finite sigmas of windows w-1..w+1 (at most three values: no array, no sort). */
function neighbourMedian(a: WindowSigma, w: number): number {
  let count = 0;
  let v0 = 0;
  let v1 = 0;
  let v2 = 0;
  for (let k = Math.max(0, w - 1); k <= Math.min(a.windows - 1, w + 1); k++) {
    const sigma = a.at(k);
    if (Number.isNaN(sigma)) continue;
    if (count === 0) v0 = sigma;
    else if (count === 1) v1 = sigma;
    else v2 = sigma;
    count++;
  }
  if (count === 0) return Number.NaN;
  if (count === 1) return v0;
  // Two values: their mean, smaller first as after a sort; three: the middle one.
  if (count === 2) return (Math.min(v0, v1) + Math.max(v0, v1)) / 2;
  return Math.max(Math.min(v0, v1), Math.min(Math.max(v0, v1), v2));
}

export function classifyWindow(s: LeadWindowStats, w: number): WindowVerdict {
  // Too little data to judge: the gap intervals say so.
  if (s.finite[w]! < 2) return { kinds: [], unusableKind: null };
  const meanMv = s.mean[w]!;
  if (s.peakToPeak[w] === 0 || Math.abs(meanMv) > LEAD_OFF_DC_MV) return { kinds: ['lead-off'], unusableKind: 'lead-off' };

  const kinds: WindowKind[] = [];
  let unusableKind: WindowKind | null = null;
  const qrsPeakMv = neighbourMax(s.bandPeak, w);
  const flat = qrsPeakMv < FLATLINE_BAND_PEAK_MV;
  if (flat) {
    kinds.push('flatline');
    unusableKind = 'flatline';
  }
  if (s.clipped[w] === 1) kinds.push('saturation');
  // sigma > NOISE_FLOOR_MV and sigma > NOISE_TO_QRS_RATIO * qrsPeakMv (both false when either is NaN).
  if (!flat && s.bandSigma.exceeds(w, Math.max(NOISE_FLOOR_MV, NOISE_TO_QRS_RATIO * qrsPeakMv))) {
    kinds.push('noise');
    // Sustained: the median sigma of the 3 s decides, so one noisy second next to clean ones does not blank the lead.
    // The high band must look like noise too, so wide complexes at a high rate are not blanked.
    if (neighbourMedian(s.bandSigma, w) > NOISE_UNUSABLE_RATIO * qrsPeakMv && neighbourMedian(s.highSigma, w) > NOISE_UNUSABLE_RATIO * neighbourMax(s.highPeak, w)) {
      unusableKind = 'noise';
    }
  }

  let slope = 0;
  for (const k of [w - 1, w + 1]) {
    const m = s.mean[k];
    if (m !== undefined && !Number.isNaN(m)) slope = Math.max(slope, Math.abs(m - meanMv) / WINDOW_S);
  }
  if (slope > BASELINE_SLOPE_MV_PER_S) kinds.push('baseline-wander');

  for (let f = 0; f < s.mainsAmplitude.length; f++) {
    const amp = s.mainsAmplitude[f]![w]!;
    if (amp > MAINS_AMPLITUDE_MV && amp > MAINS_TO_NEIGHBOUR_RATIO * s.mainsNeighbour[f]![w]!) {
      kinds.push('powerline');
      break;
    }
  }
  return { kinds, unusableKind };
}
