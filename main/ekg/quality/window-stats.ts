// Per-lead, per-window measurements the quality rules look at: level and range, clipping, the band
// amplitudes (band-stats.ts) and mains interference (mains-stats.ts). Each is one pass over typed arrays.
import { bandWindowStats } from './band-stats.ts';
import { mainsWindowStats } from './mains-stats.ts';
import { CLIP_MIN_EXCURSION_MV, CLIP_RUN_S, WINDOW_S } from './thresholds.ts';
import type { WindowSigma } from './window-sigma.ts';

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
  readonly bandSigma: WindowSigma;
  /** The same two measures in the high band (above the QRS's main energy, where muscle noise still is). */
  readonly highPeak: Float64Array;
  readonly highSigma: WindowSigma;
  /** 1 where a flat run at the lead's extreme (clipping) touches the window. */
  readonly clipped: Uint8Array;
  /** Hann-windowed amplitude at each mains frequency asked for, and the larger of its two neighbours: [f0, neighbour] pairs. */
  readonly mainsAmplitude: Float64Array[];
  readonly mainsNeighbour: Float64Array[];
}

export function leadWindowStats(x: Float32Array, fsHz: number, mainsFrequenciesHz: readonly number[]): LeadWindowStats {
  const n = x.length;
  const windowSamples = Math.max(1, Math.round(WINDOW_S * fsHz));
  const windows = Math.ceil(n / windowSamples);
  const finite = new Int32Array(windows);
  const mean = new Float64Array(windows);
  const peakToPeak = new Float64Array(windows);
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
  const finiteMeans = mean.filter((v) => !Number.isNaN(v)).sort();
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
  const { bandPeak, bandSigma, highPeak, highSigma } = bandWindowStats(x, fsHz, windowSamples, windows);
  const { mainsAmplitude, mainsNeighbour } = mainsWindowStats(x, fsHz, windowSamples, finite, mean, mainsFrequenciesHz);
  return { windows, windowSamples, finite, mean, peakToPeak, bandPeak, bandSigma, highPeak, highSigma, clipped, mainsAmplitude, mainsNeighbour };
}
