// `station analyze` for one record: WFDB record in, the JSON-shaped result out. Pure.
import { StationError } from '../../common/errors.ts';
import type { MainsHz } from './filters/index.ts';
import { runPipeline, type AnalysisFilters, type PipelineResult } from './pipeline.ts';
import type { QualityInterval } from './quality/index.ts';
import { toPhysical, type WfdbRecord } from './wfdb/index.ts';
import { MAX_RESTING_SECONDS, recordFindings, type RecordFindings } from '../domain/ekg-flags/recordFindings.ts';
import type { EkgMeasurements } from '../domain/ekg-flags/summary.ts';

export interface AnalysisFlag {
  code: string;
  text: string;
  urgency: 'routine' | 'prompt' | 'immediate';
  value: number | string | null;
}

/** Rate and RR figures (a resting recording's from the beats its flags were judged on, a longer one's from the pipeline), and the resting 12-lead intervals and axes (issue 5; null where not measurable). */
export interface AnalysisMeasurements extends EkgMeasurements {
  rrMeanMs: number | null;
  rrMinMs: number | null;
  rrMaxMs: number | null;
}

/** One line of `station analyze --json`. */
export interface AnalysisResult {
  record: string;
  fsHz: number;
  samples: number;
  leads: string[];
  beats: { sample: number }[];
  quality: QualityInterval[];
  measurements: AnalysisMeasurements;
  flags: AnalysisFlag[];
  /** The filters the leads were analysed through (the mains notch given with --mains-hz, or heard in the recording). */
  filters: AnalysisFilters;
  /** What a resting analysis could not read and why (EkgInterpretation.notes); absent when nothing was withheld. */
  analysisNotes?: string[];
}

/** A record the pipeline cannot analyse (multi-rate signals, non-voltage units). */
export class AnalysisInputError extends StationError {
  constructor(message: string) {
    super('analysis-input', message);
    this.name = 'AnalysisInputError';
  }
}

/**
 * Factor from a WFDB units string to mV. The all-lowercase spellings are accepted too: PhysioNet's
 * PTB-XL headers (CinC 2021 HR records) write 'mv', and no other unit reads that way.
 */
function toMillivolts(units: string): number {
  switch (units) {
    case 'mV':
    case 'mv':
      return 1;
    case 'uV':
    case 'µV':
    case 'uv':
    case 'µv':
      return 1e-3;
    case 'nV':
    case 'nv':
      return 1e-6;
    case 'V':
    case 'v':
      return 1e3;
    default:
      throw new AnalysisInputError(`signal units '${units}' are not a voltage`);
  }
}

/**
 * How the record's leads were stored, as the 12-lead analysis weighs them: whether some lead came
 * without a calibration (WFDB gain 0 or none: its amplitudes are not known), and each lead's digital
 * units per mV (TwelveLeadInput.recordedUnitsPerMv: its WFDB gain, or the assumed default).
 */
export function recordScale(record: WfdbRecord): { uncalibrated: boolean; recordedUnitsPerMv: number[] } {
  return {
    uncalibrated: record.signals.some((s) => s.uncalibrated === true),
    recordedUnitsPerMv: record.signals.map((s) => s.adcGain / toMillivolts(s.units)),
  };
}

/** Physical leads in mV (NaN = missing sample) of a single-rate record. */
export function leadsInMillivolts(record: WfdbRecord): Float32Array[] {
  return record.signals.map((s) => {
    if ((s.samplesPerFrame ?? 1) !== 1) throw new AnalysisInputError('multi-rate records (fmtxN with N > 1) are not supported');
    const x = toPhysical(s);
    const k = toMillivolts(s.units);
    if (k !== 1) for (let i = 0; i < x.length; i++) x[i] = x[i]! * k;
    return x;
  });
}

function round(v: number | null, digits: number): number | null {
  if (v === null) return null;
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}

type RrFigures = { rrMeanMs: number | null; rrMinMs: number | null; rrMaxMs: number | null };

/** Mean, shortest and longest RR (ms, one decimal) of the pipeline's beats; all null without intervals. */
function pipelineRrFigures(rrMs: Float64Array): RrFigures {
  if (rrMs.length === 0) return { rrMeanMs: null, rrMinMs: null, rrMaxMs: null };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of rrMs) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { rrMeanMs: round(sum / rrMs.length, 1), rrMinMs: round(min, 1), rrMaxMs: round(max, 1) };
}

/**
 * The RR figures shown: for a resting recording those of the beats its flags were judged on (PAUSE
 * must not say 2200 ms beside a longest RR of 2166), null under POOR_SIGNAL (nothing is claimed from
 * a tracing too noisy to read); for a longer one the pipeline's.
 */
function rrFigures(findings: RecordFindings | null, pipelineRrMs: Float64Array): RrFigures {
  if (findings === null) return pipelineRrFigures(pipelineRrMs);
  if (findings.flags.some((f) => f.code === 'POOR_SIGNAL')) return { rrMeanMs: null, rrMinMs: null, rrMaxMs: null };
  return { rrMeanMs: round(findings.rr.meanMs, 1), rrMinMs: round(findings.rr.minMs, 1), rrMaxMs: round(findings.rr.maxMs, 1) };
}

/**
 * Sampling rates the pipeline analyses. Below 50 Hz a QRS is one or two samples (the detector
 * refuses it); ECG recorders sample at 128-2000 Hz, and a header claiming far more (a typo, or a
 * corrupted file) would size the detector's buffers by that rate instead of being refused.
 */
export const MIN_FS_HZ = 50;
export const MAX_FS_HZ = 10_000;

export function analyzeRecord(record: WfdbRecord, options: { mainsHz: MainsHz | null }): { result: AnalysisResult; pipeline: PipelineResult } {
  if (record.signals.length === 0) throw new AnalysisInputError('record has no signals');
  if (record.samples === 0) throw new AnalysisInputError('record has no samples');
  if (!(record.fsHz >= MIN_FS_HZ && record.fsHz <= MAX_FS_HZ)) {
    throw new AnalysisInputError(`sampling rate ${record.fsHz} Hz is outside the ${MIN_FS_HZ}-${MAX_FS_HZ} Hz the EKG pipeline analyses`);
  }
  const names = record.signals.map((s) => s.name);
  const pipeline = runPipeline(leadsInMillivolts(record), record.fsHz, names, options);
  const findings = recordFindings({
    leads: pipeline.filtered,
    names,
    fsHz: record.fsHz,
    beats: pipeline.beats,
    pacerPulses: pipeline.pacerPulses,
    quality: pipeline.quality,
    comments: record.comments,
    ...recordScale(record),
  });
  const result: AnalysisResult = {
    record: record.name,
    fsHz: record.fsHz,
    samples: record.samples,
    leads: names,
    beats: Array.from(pipeline.beats, (sample) => ({ sample })),
    quality: pipeline.quality,
    measurements: {
      // A resting recording shows the rate its flags were judged on (the EKG screen's, whole beats per
      // minute; null when the tracing is too noisy to read); a long one the pipeline's mean rate,
      // robust to ectopic beats.
      heartRateBpm: findings !== null ? findings.measurements.heartRateBpm : round(pipeline.heartRateBpm, 1),
      ...rrFigures(findings, pipeline.rr.rrMs),
      prMs: findings?.measurements.prMs ?? null,
      qrsMs: findings?.measurements.qrsMs ?? null,
      qtMs: findings?.measurements.qtMs ?? null,
      qtcMs: findings?.measurements.qtcMs ?? null,
      qtcFormula: findings?.measurements.qtcFormula ?? 'fridericia',
      axisDeg: findings?.measurements.axisDeg ?? { p: null, qrs: null, t: null },
    },
    flags: findings?.flags ?? [],
    filters: pipeline.filters,
  };
  if (findings !== null && findings.notes.length > 0) result.analysisNotes = findings.notes;
  // With samples, no findings means too long for the resting analysis: an empty flag list must not
  // read as a normal tracing when the flags were never evaluated.
  if (findings === null) {
    result.analysisNotes = [
      `The recording is ${(record.samples / record.fsHz).toFixed(1)} s long, longer than the ${MAX_RESTING_SECONDS} s the resting analysis (intervals, axes and review flags) reads: no review flag was evaluated; only the beats, signal quality, mean heart rate and RR figures are given.`,
    ];
  }
  return { result, pipeline };
}
