// Noise stress records built as PhysioNet's `nst` builds the MIT-BIH Noise Stress Test Database
// (Moody, Muldrow & Mark, Computers in Cardiology 1984;11:381; WFDB nst(1) and sigamp(1)):
// S = (mean QRS peak-to-peak of the first 300 normal-class beats, +-50 ms, 5 % trimmed each side)^2 / 8;
// N = (mean RMS about the mean of the first 300 one-second noise chunks, 5 % trimmed each side)^2;
// gain a from SNR = 10 log10(S / (N a^2)); standard protocol: clean for 5 min, then noise in
// 2-minute periods alternating with 2 clean minutes; an offset cancels the step at every gain change;
// the noise record is rewound when it runs out.
import { runPipeline } from '../pipeline.ts';
import { ARTIFACT_KINDS } from '../quality/index.ts';
import type { Annotation } from '../wfdb/index.ts';
import { scoreRecord, type Ec57Result } from './ec57.ts';

/** Beat codes WFDB's map1() puts in the NORMAL class, the beats sigamp measures: N L R j / B e n. */
const NORMAL_CLASS_CODES: ReadonlySet<number> = new Set([1, 2, 3, 11, 12, 25, 34, 35]);
const MEASURED_ITEMS = 300;
const TRIM_FRACTION = 0.05;

function trimmedMean(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * TRIM_FRACTION);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((s, v) => s + v, 0) / Math.max(1, kept.length);
}

/** sigamp's QRS peak-to-peak amplitude of `signal` (mV) from reference annotations. */
export function qrsPeakToPeakMv(signal: Float32Array, reference: readonly { sample: number; code: number }[], fsHz: number): number {
  const half = Math.round(0.05 * fsHz);
  const amps: number[] = [];
  for (const a of reference) {
    if (!NORMAL_CLASS_CODES.has(a.code)) continue;
    const from = Math.max(0, a.sample - half);
    const to = Math.min(signal.length - 1, a.sample + half);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i <= to; i++) {
      const v = signal[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi >= lo) amps.push(hi - lo);
    if (amps.length === MEASURED_ITEMS) break;
  }
  return trimmedMean(amps);
}

/** sigamp's RMS noise amplitude (mV) over the first 300 one-second chunks. */
export function noiseRmsMv(noise: Float32Array, fsHz: number): number {
  const chunk = Math.round(fsHz);
  const rms: number[] = [];
  for (let start = 0; start + chunk <= noise.length && rms.length < MEASURED_ITEMS; start += chunk) {
    let mean = 0;
    for (let i = start; i < start + chunk; i++) mean += noise[i]!;
    mean /= chunk;
    let ss = 0;
    for (let i = start; i < start + chunk; i++) ss += (noise[i]! - mean) ** 2;
    rms.push(Math.sqrt(ss / chunk));
  }
  return trimmedMean(rms);
}

/** Noise gain that gives `snrDb` for this signal and noise (nst's equation). */
export function nstGain(qrsPeakToPeak: number, noiseRms: number, snrDb: number): number {
  const s = (qrsPeakToPeak * qrsPeakToPeak) / 8;
  const n = noiseRms * noiseRms;
  return Math.sqrt(s / (n * Math.pow(10, snrDb / 10)));
}

/** [start, end) sample ranges of the standard protocol's noisy periods. */
export function nstNoisyPeriods(samples: number, fsHz: number): [number, number][] {
  const periods: [number, number][] = [];
  const twoMin = Math.round(120 * fsHz);
  for (let start = Math.round(300 * fsHz); start < samples; start += 2 * twoMin) periods.push([start, Math.min(samples, start + twoMin)]);
  return periods;
}

/** clean + a * noise during the noisy periods (+ offset b cancelling each step), clean elsewhere. */
export function addNoiseNst(clean: Float32Array, noise: Float32Array, gain: number, fsHz: number): Float32Array {
  const out = Float32Array.from(clean);
  let a = 0;
  let b = 0;
  const periods = nstNoisyPeriods(clean.length, fsHz);
  let p = 0;
  for (let i = 0; i < clean.length; i++) {
    const period = periods[p];
    const noisy = period !== undefined && i >= period[0] && i < period[1];
    const newA = noisy ? gain : 0;
    const nz = noise[i % noise.length]!;
    if (newA !== a) {
      b += (a - newA) * nz;
      a = newA;
    }
    if (period !== undefined && i + 1 >= period[1]) p++;
    out[i] = clean[i]! + a * nz + b;
  }
  return out;
}

/** Drops items whose sample lies in any [start, end) interval. */
export function outsideIntervals<T extends { sample: number }>(items: readonly T[], intervals: readonly { start: number; end: number }[]): T[] {
  if (intervals.length === 0) return [...items];
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  // Merge so a single forward sweep suffices.
  const merged: { start: number; end: number }[] = [];
  for (const iv of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ start: iv.start, end: iv.end });
  }
  const out: T[] = [];
  let k = 0;
  for (const item of [...items].sort((a, b) => a.sample - b.sample)) {
    while (k < merged.length && merged[k]!.end <= item.sample) k++;
    const iv = merged[k];
    if (iv === undefined || item.sample < iv.start) out.push(item);
  }
  return out;
}

export interface NoiseStressScore {
  /** Every reported beat against every reference beat. */
  readonly all: Ec57Result;
  /** Beats and reference beats outside every artifact-flagged interval (any lead or lead: null). */
  readonly outsideFlagged: Ec57Result;
}

/**
 * Runs the batch pipeline on a record with nst noise at `snrDb` (null = clean) and scores it the EC57
 * way, overall and outside the intervals the station flags as artifact (ARTIFACT_KINDS).
 */
export function scoreNoiseStress(
  clean: readonly Float32Array[],
  leadNames: readonly string[],
  reference: readonly Annotation[],
  noise: readonly Float32Array[],
  fsHz: number,
  snrDb: number | null,
): NoiseStressScore {
  const leads =
    snrDb === null
      ? clean
      : clean.map((x, i) => {
          const n = noise[i % noise.length]!;
          return addNoiseNst(x, n, nstGain(qrsPeakToPeakMv(x, reference, fsHz), noiseRmsMv(n, fsHz), snrDb), fsHz);
        });
  const result = runPipeline(leads, fsHz, leadNames, { mainsHz: null });
  const flagged = result.quality.filter((q) => ARTIFACT_KINDS.has(q.kind));
  const beats = Array.from(result.beats, (sample) => ({ sample }));
  return {
    all: scoreRecord(reference, result.beats, fsHz),
    outsideFlagged: scoreRecord(outsideIntervals(reference, flagged), Int32Array.from(outsideIntervals(beats, flagged), (b) => b.sample), fsHz),
  };
}
