import type { QualityInterval, QualityKind } from '../../ekg/quality/index.ts';
import { UNUSABLE_KINDS } from '../../ekg/quality/index.ts';
import { beatHidingStretches, isBridgedGap } from '../../ekg/gaps.ts';
import { patientFromComments } from './patient.ts';
import { analyzeEkg, type EkgMeasurements } from './summary.ts';
import type { EkgFlag, SignalQualityInput } from './flags.ts';
import type { TwelveLeadInput } from '../../ekg/twelve-lead/analyze.ts';

/**
 * Resting-EKG analysis applies to strips up to this long; longer (Holter-like) records keep only the
 * pipeline's rate. The resting rules judge one rate, one median beat and 7 usable seconds for the
 * whole strip: over minutes they would dilute a run of VT into a routine result (MIT-BIH 223: a
 * 10-s strip inside its VT episode gets TACHYCARDIA and WIDE_QRS, 300 s around it only
 * VENTRICULAR_ECTOPY), so this stays at 2 min.
 */
export const MAX_RESTING_SECONDS = 120;

/** Findings where a lead does not carry the heart's signal at all (TwelveLeadInput.leadFaults). */
const LEAD_FAULT_KINDS: ReadonlySet<QualityKind> = new Set(['gap', 'lead-off', 'flatline', 'saturation']);
/** The other findings: the signal is there under noise (TwelveLeadInput.leadNoise). */
const LEAD_NOISE_KINDS: ReadonlySet<QualityKind> = new Set(['baseline-wander', 'noise', 'powerline']);
/** Findings that spoil a lead's measurements (TwelveLeadInput.leadSpoiled): faults, muscle noise, mains; not wander, which the per-beat baseline removal takes out. */
const SPOILING_KINDS: ReadonlySet<QualityKind> = new Set([...LEAD_FAULT_KINDS, 'noise', 'powerline']);

/**
 * Each lead's quality stretches (input lead order) of the given kinds. A bridged gap (gaps.ts) is no
 * fault of a lead: the limb-lead check and the measurements read around its missing samples.
 */
function leadStretchesOf(quality: readonly QualityInterval[], names: readonly string[], kinds: ReadonlySet<QualityKind>, fsHz: number): { start: number; end: number }[][] {
  return names.map((name) => quality.filter((q) => q.lead === name && kinds.has(q.kind) && !isBridgedGap(q, fsHz)).map((q) => ({ start: q.start, end: q.end })));
}

/**
 * Seconds of the record outside every stretch where no lead is usable (the pipeline's `lead: null`
 * intervals of an unusable kind). Once two beats are found, a flat line in every lead is read, not
 * lost: the same leads carried the heart's complexes, so their silence is the heart's (a pause,
 * beatHidingStretches; a 6-s pause in a 10-s strip was POOR_SIGNAL "too little of the strip is
 * readable" instead of PAUSE). With fewer, a flat line may be electrodes not yet on.
 */
function usableSeconds(quality: readonly QualityInterval[], samples: number, fsHz: number, beats: Int32Array): number {
  const silenceIsRead = beats.length >= 2;
  const marks = new Uint8Array(samples);
  for (const u of quality) {
    if (u.lead === null && UNUSABLE_KINDS.has(u.kind) && !(silenceIsRead && u.kind === 'flatline')) marks.fill(1, Math.max(0, u.start), Math.min(samples, u.end));
  }
  let n = 0;
  for (const m of marks) n += m;
  return (samples - n) / fsHz;
}

/** Seconds where every lead is flat (the pipeline's all-lead flatline stretches). */
function flatSeconds(quality: readonly QualityInterval[], fsHz: number): number {
  let n = 0;
  for (const u of quality) if (u.lead === null && u.kind === 'flatline') n += u.end - u.start;
  return n / fsHz;
}

/** What the 12-lead analysis takes from the pipeline's filtered leads, beats and quality intervals. */
export interface PipelineOutput {
  leads: readonly Float32Array[];
  names: readonly string[];
  fsHz: number;
  beats: Int32Array;
  /** Pacemaker pulses the pipeline found on the unfiltered leads. */
  pacerPulses: Int32Array;
  quality: readonly QualityInterval[];
  /** Some lead came without a calibration (a WFDB gain of 0 or none): its mV are WFDB's assumption. */
  uncalibrated?: boolean;
  /** Each lead's digital units per mV in the recording (TwelveLeadInput.recordedUnitsPerMv); absent = not a digital record. */
  recordedUnitsPerMv?: readonly number[];
}

/** The analysis input and signal-quality context of a pipeline run: one path for every caller. */
export function analysisInputs(p: PipelineOutput): { input: TwelveLeadInput; quality: SignalQualityInput } {
  const samples = p.leads[0]?.length ?? 0;
  return {
    input: {
      fsHz: p.fsHz,
      leads: p.leads.map((mv, i) => ({ name: p.names[i] ?? `lead${i}`, mv })),
      rPeaks: p.beats,
      pacerPulses: p.pacerPulses,
      unusable: beatHidingStretches(p.quality, p.fsHz),
      leadFaults: leadStretchesOf(p.quality, p.names, LEAD_FAULT_KINDS, p.fsHz),
      leadNoise: leadStretchesOf(p.quality, p.names, LEAD_NOISE_KINDS, p.fsHz),
      leadSpoiled: leadStretchesOf(p.quality, p.names, SPOILING_KINDS, p.fsHz),
      uncalibrated: p.uncalibrated === true,
      ...(p.recordedUnitsPerMv !== undefined ? { recordedUnitsPerMv: p.recordedUnitsPerMv } : {}),
    },
    quality: { usableSeconds: usableSeconds(p.quality, samples, p.fsHz, p.beats), recordSeconds: samples / p.fsHz, flatSeconds: flatSeconds(p.quality, p.fsHz) },
  };
}

/** What `station analyze` reports for a resting recording. */
export interface RecordFindings {
  measurements: EkgMeasurements;
  flags: EkgFlag[];
  notes: string[];
  /**
   * Mean, shortest and longest RR (ms, unrounded) between the analysis's refined beat fiducials: the
   * figures PAUSE and the heart rate are judged on. The pipeline's R peaks sit a few ms apart from
   * them (a synthetic 2200-ms pause read 2166 ms there while PAUSE said 2200).
   */
  rr: { meanMs: number | null; minMs: number | null; maxMs: number | null };
}

/**
 * The measurements and review flags `station analyze` reports for a resting recording, from the
 * pipeline's output. Null for records longer than MAX_RESTING_SECONDS.
 */
export function recordFindings(p: PipelineOutput & { comments: readonly string[] }): RecordFindings | null {
  const samples = p.leads[0]?.length ?? 0;
  if (samples === 0 || samples / p.fsHz > MAX_RESTING_SECONDS) return null;
  const { input, quality } = analysisInputs(p);
  const { analysis, interpretation } = analyzeEkg(input, patientFromComments(p.comments), quality);
  return {
    measurements: interpretation.measurements,
    flags: interpretation.flags,
    notes: interpretation.notes ?? [],
    rr: { meanMs: analysis.rr.meanMs, minMs: analysis.rr.minMs, maxMs: analysis.rr.maxMs },
  };
}
