// Per-lead, per-window measurements the quality rules look at: level, range and band amplitudes in one
// pass (band-stats.ts), mains interference in another (mains-stats.ts), and clipping, searched only
// in the windows whose extreme is a rail.
import { bandWindowStats, type BandWindowStats } from './band-stats.ts';
import { mainsLeadsWindowStats, type MainsWindowStats } from './mains-stats.ts';
import { CLIP_MIN_EXCURSION_MV, CLIP_RUN_S, WINDOW_S } from './thresholds.ts';
import type { WindowSigma } from './window-sigma.ts';

export interface LeadWindowStats {
  readonly windows: number;
  readonly windowSamples: number;
  /** Present (non-NaN) samples per window: inputs are finite or NaN = missing. */
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

/** The window measures of each lead (mV, NaN = missing, all the same length); the band pass runs two leads at a time. */
export function leadsWindowStats(leads: readonly Float32Array[], fsHz: number, mainsFrequenciesHz: readonly number[]): LeadWindowStats[] {
  const n = leads[0]?.length ?? 0;
  const windowSamples = Math.max(1, Math.round(WINDOW_S * fsHz));
  const windows = Math.ceil(n / windowSamples);
  // Causal is enough here: the measures are amplitudes within a window, not timings.
  const bands = bandWindowStats(leads, fsHz, windowSamples, windows);
  const mains = mainsLeadsWindowStats(leads, fsHz, windowSamples, bands.map((b) => b.finite), bands.map((b) => b.mean), mainsFrequenciesHz);
  return leads.map((x, li) => leadWindowStats(x, fsHz, windowSamples, bands[li]!, mains[li]!));
}

function leadWindowStats(x: Float32Array, fsHz: number, windowSamples: number, band: BandWindowStats, mains: MainsWindowStats): LeadWindowStats {
  const { finite, mean, low, high, bandPeak, bandSigma, highPeak, highSigma } = band;
  const windows = finite.length;
  const peakToPeak = new Float64Array(windows);
  let globalMin = Infinity;
  let globalMax = -Infinity;
  for (let w = 0; w < windows; w++) {
    peakToPeak[w] = finite[w]! > 0 ? high[w]! - low[w]! : Number.NaN;
    if (low[w]! < globalMin) globalMin = low[w]!;
    if (high[w]! > globalMax) globalMax = high[w]!;
  }
  const clipped = clippedWindows(x, fsHz, windowSamples, mean, low, high, globalMin, globalMax);
  const { mainsAmplitude, mainsNeighbour } = mains;
  return { windows, windowSamples, finite, mean, peakToPeak, bandPeak, bandSigma, highPeak, highSigma, clipped, mainsAmplitude, mainsNeighbour };
}

/** 1 for each window touched by a flat run (>= CLIP_RUN_S) at a rail: the lead's extreme, far from its typical level. */
function clippedWindows(x: Float32Array, fsHz: number, windowSamples: number, mean: Float64Array, low: Float64Array, high: Float64Array, globalMin: number, globalMax: number): Uint8Array {
  const windows = mean.length;
  const clipped = new Uint8Array(windows);
  if (!(globalMax > globalMin)) return clipped;
  const minRun = Math.max(3, Math.round(CLIP_RUN_S * fsHz));
  // A rail is an extreme far from the lead's typical level; a flat baseline that happens to be the minimum is not.
  const finiteMeans = mean.filter((v) => !Number.isNaN(v)).sort();
  const level = finiteMeans[finiteMeans.length >> 1] ?? 0;
  const highRail = globalMax - level >= CLIP_MIN_EXCURSION_MV ? globalMax : Number.NaN;
  const lowRail = level - globalMin >= CLIP_MIN_EXCURSION_MV ? globalMin : Number.NaN;
  // Only windows whose own extreme is a rail hold rail samples, so the runs are searched in stretches
  // of consecutive such windows; the sample before and after a stretch is off the rails, as the
  // neighbouring windows' extremes say, so each run lies within one stretch.
  const n = x.length;
  let w = 0;
  while (w < windows) {
    if (high[w] !== highRail && low[w] !== lowRail) {
      w++;
      continue;
    }
    const first = w;
    while (w < windows && (high[w] === highRail || low[w] === lowRail)) w++;
    markRuns(x, first * windowSamples, Math.min(n, w * windowSamples), highRail, lowRail, minRun, windowSamples, clipped);
  }
  return clipped;
}

/** Marks the windows touched by runs of >= minRun equal samples at a rail within x[from, end). */
function markRuns(x: Float32Array, from: number, end: number, highRail: number, lowRail: number, minRun: number, windowSamples: number, clipped: Uint8Array): void {
  let run = 0;
  for (let i = from; i <= end; i++) {
    const v = i < end ? x[i]! : Number.NaN;
    const atRail = v === highRail || v === lowRail;
    if (atRail && i > from && x[i - 1] === v) run++;
    else {
      if (run + 1 >= minRun) {
        const first = i - run - 1;
        for (let w = Math.floor(first / windowSamples); w <= Math.floor((i - 1) / windowSamples); w++) clipped[w] = 1;
      }
      run = 0;
    }
  }
}
