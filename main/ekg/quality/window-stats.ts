// Per-lead, per-window measurements the quality rules look at. One pass per measure over typed arrays.
import { designFilter, StreamingFilter, type FilterSpec } from '../filters/index.ts';
import { selectKth } from './select.ts';
import { CLIP_MIN_EXCURSION_MV, CLIP_RUN_S, MAINS_NEIGHBOUR_OFFSET_HZ, QRS_BAND_HIGH_HZ, QRS_BAND_LOW_HZ, HIGH_BAND_HIGH_HZ, HIGH_BAND_LOW_HZ, WINDOW_S } from './thresholds.ts';

export interface LeadWindowStats {
  readonly windows: number;
  readonly windowSamples: number;
  /** Finite samples per window. */
  readonly finite: Int32Array;
  readonly mean: Float64Array;
  readonly peakToPeak: Float64Array;
  /** Max |QRS band| per window. */
  readonly bandPeak: Float64Array;
  /** 1.4826 x median |QRS band| per window (robust sigma). */
  readonly bandSigma: Float64Array;
  /** The same two measures in the high band (above the QRS's main energy, where muscle noise still is). */
  readonly highPeak: Float64Array;
  readonly highSigma: Float64Array;
  /** 1 where a flat run at the lead's extreme (clipping) touches the window. */
  readonly clipped: Uint8Array;
  /** Hann-windowed amplitude at each mains frequency asked for, and the larger of its two neighbours: [f0, neighbour] pairs. */
  readonly mainsAmplitude: Float64Array[];
  readonly mainsNeighbour: Float64Array[];
}

/** Sample rate at which the window medians are taken. */
const MEDIAN_RATE_HZ = 120;

function highBandSpecs(fsHz: number): FilterSpec[] {
  const specs: FilterSpec[] = [{ kind: 'highpass', cutoffHz: HIGH_BAND_LOW_HZ, order: 2 }];
  const high = Math.min(HIGH_BAND_HIGH_HZ, 0.45 * fsHz);
  if (high > HIGH_BAND_LOW_HZ * 1.5) specs.push({ kind: 'lowpass', cutoffHz: high, order: 2 });
  return specs;
}

function bandSpecs(fsHz: number): FilterSpec[] {
  const specs: FilterSpec[] = [{ kind: 'highpass', cutoffHz: QRS_BAND_LOW_HZ, order: 2 }];
  const high = Math.min(QRS_BAND_HIGH_HZ, 0.45 * fsHz);
  if (high > QRS_BAND_LOW_HZ * 2) specs.push({ kind: 'lowpass', cutoffHz: high, order: 2 });
  return specs;
}

/**
 * Amplitudes of the components at each of `freqsHz` in x[from..to) with a Hann window, in one pass
 * (Goertzel 1958, Amer. Math. Monthly 65:34). NaN samples count as the mean. Writes into `out`.
 */
function hannAmplitudes(x: Float32Array, from: number, to: number, mean: number, coeffs: Float64Array, cosW: Float64Array, sinW: Float64Array, hann: Float32Array, state: Float64Array, out: Float64Array): void {
  const m = coeffs.length;
  state.fill(0);
  let wsum = 0;
  for (let i = from, k = 0; i < to; i++, k++) {
    const v = x[i]!;
    const h = hann[k]!;
    const xi = v === v ? (v - mean) * h : 0;
    wsum += h;
    for (let f = 0; f < m; f++) {
      const s1 = state[2 * f]!;
      const s0 = xi + coeffs[f]! * s1 - state[2 * f + 1]!;
      state[2 * f + 1] = s1;
      state[2 * f] = s0;
    }
  }
  for (let f = 0; f < m; f++) {
    const s1 = state[2 * f]!;
    const s2 = state[2 * f + 1]!;
    const re = s1 - s2 * cosW[f]!;
    const im = s2 * sinW[f]!;
    out[f] = wsum > 0 ? (2 * Math.sqrt(re * re + im * im)) / wsum : 0;
  }
}

export function leadWindowStats(x: Float32Array, fsHz: number, mainsFrequenciesHz: readonly number[]): LeadWindowStats {
  const n = x.length;
  const windowSamples = Math.max(1, Math.round(WINDOW_S * fsHz));
  const windows = Math.ceil(n / windowSamples);
  const finite = new Int32Array(windows);
  const mean = new Float64Array(windows);
  const peakToPeak = new Float64Array(windows);
  const bandPeak = new Float64Array(windows);
  const bandSigma = new Float64Array(windows);
  const clipped = new Uint8Array(windows);

  // Global extremes for clipping.
  let globalMin = Infinity;
  let globalMax = -Infinity;
  for (let w = 0; w < windows; w++) {
    let cnt = 0;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const end = Math.min(n, (w + 1) * windowSamples);
    for (let i = w * windowSamples; i < end; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) continue;
      cnt++;
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    finite[w] = cnt;
    mean[w] = cnt > 0 ? sum / cnt : Number.NaN;
    peakToPeak[w] = cnt > 0 ? hi - lo : Number.NaN;
    if (lo < globalMin) globalMin = lo;
    if (hi > globalMax) globalMax = hi;
  }

  const minRun = Math.max(3, Math.round(CLIP_RUN_S * fsHz));
  // A rail is an extreme far from the lead's typical level; a flat baseline that happens to be the minimum is not.
  const finiteMeans = Array.from(mean).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const level = finiteMeans[finiteMeans.length >> 1] ?? 0;
  const highRail = globalMax - level >= CLIP_MIN_EXCURSION_MV ? globalMax : Number.NaN;
  const lowRail = level - globalMin >= CLIP_MIN_EXCURSION_MV ? globalMin : Number.NaN;
  if (globalMax > globalMin) {
    let run = 0;
    for (let i = 0; i <= n; i++) {
      const v = i < n ? x[i]! : Number.NaN;
      const atRail = v === highRail || v === lowRail;
      if (atRail && i > 0 && x[i - 1] === v) run++;
      else {
        if (run + 1 >= minRun) {
          const first = i - run - 1;
          for (let w = Math.floor(first / windowSamples); w <= Math.floor((i - 1) / windowSamples); w++) clipped[w] = 1;
        }
        run = 0;
      }
    }
  }

  // Causal is enough here: the measures are amplitudes within a window, not timings.
  const scratch = new Float32Array(windowSamples);
  // Both bands end at <= 45 Hz, so ~120 values a second describe their amplitude distribution: the
  // median is taken over every medianStride-th sample (the peak over all of them).
  const medianStride = Math.max(1, Math.floor(fsHz / MEDIAN_RATE_HZ));
  const measure = (specs: FilterSpec[], peakOut: Float64Array, sigmaOut: Float64Array): void => {
    const band = new Float32Array(n);
    new StreamingFilter(specs.map((s) => designFilter(s, fsHz, 'causal'))).process(x, band);
    for (let w = 0; w < windows; w++) {
      const end = Math.min(n, (w + 1) * windowSamples);
      let m = 0;
      let peak = 0;
      for (let i = w * windowSamples, k = 0; i < end; i++, k++) {
        const v = band[i]!;
        if (v !== v) continue;
        const a = Math.abs(v);
        if (k % medianStride === 0) scratch[m++] = a;
        if (a > peak) peak = a;
      }
      peakOut[w] = m > 0 ? peak : Number.NaN;
      sigmaOut[w] = m > 0 ? 1.4826 * selectKth(scratch, 0, m, m >> 1) : Number.NaN;
    }
  };
  measure(bandSpecs(fsHz), bandPeak, bandSigma);
  const highPeak = new Float64Array(windows);
  const highSigma = new Float64Array(windows);
  measure(highBandSpecs(fsHz), highPeak, highSigma);

  const hann = new Float32Array(windowSamples);
  for (let k = 0; k < windowSamples; k++) hann[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / Math.max(1, windowSamples - 1));
  // For each mains frequency: f0, f0 - offset, f0 + offset (only those below Nyquist are measured).
  const measured = mainsFrequenciesHz.filter((f0) => f0 + MAINS_NEIGHBOUR_OFFSET_HZ < fsHz / 2);
  const freqs = measured.flatMap((f0) => [f0, f0 - MAINS_NEIGHBOUR_OFFSET_HZ, f0 + MAINS_NEIGHBOUR_OFFSET_HZ]);
  const omega = freqs.map((f) => (2 * Math.PI * f) / fsHz);
  const coeffs = Float64Array.from(omega, (w) => 2 * Math.cos(w));
  const cosW = Float64Array.from(omega, Math.cos);
  const sinW = Float64Array.from(omega, Math.sin);
  const state = new Float64Array(2 * freqs.length);
  const amps = new Float64Array(freqs.length);
  const mainsAmplitude = mainsFrequenciesHz.map(() => new Float64Array(windows));
  const mainsNeighbour = mainsFrequenciesHz.map(() => new Float64Array(windows));
  if (freqs.length > 0) {
    for (let w = 0; w < windows; w++) {
      const from = w * windowSamples;
      const to = Math.min(n, from + windowSamples);
      if (finite[w]! === 0 || to - from < windowSamples) continue;
      hannAmplitudes(x, from, to, mean[w]!, coeffs, cosW, sinW, hann, state, amps);
      measured.forEach((f0, k) => {
        const slot = mainsFrequenciesHz.indexOf(f0);
        mainsAmplitude[slot]![w] = amps[3 * k]!;
        mainsNeighbour[slot]![w] = Math.max(amps[3 * k + 1]!, amps[3 * k + 2]!);
      });
    }
  }
  return { windows, windowSamples, finite, mean, peakToPeak, bandPeak, bandSigma, highPeak, highSigma, clipped, mainsAmplitude, mainsNeighbour };
}
