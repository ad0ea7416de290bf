import { analysisInputs } from '../domain/ekg-flags/recordFindings.ts';
import { analyzeEkg, type EkgInterpretation } from '../domain/ekg-flags/summary.ts';
import type { PatientContext } from '../domain/ekg-flags/flags.ts';
import { leadsInMillivolts, recordScale } from '../ekg/analyze.ts';
import type { MainsHz } from '../ekg/filters/index.ts';
import { runPipeline, type AnalysisFilters } from '../ekg/pipeline.ts';
import type { WfdbRecord } from '../ekg/wfdb/index.ts';
import type { Patient } from './patients.ts';

/** Sex and age as the flag rules use them (QTc and ST thresholds differ by sex and age). */
export function flagContext(patient: Patient | null, atMs: number): PatientContext {
  if (!patient) return { sex: null, ageYears: null };
  const born = new Date(`${patient.birthDate}T00:00:00Z`).getTime();
  const ageYears = Number.isFinite(born) ? Math.floor((atMs - born) / (365.2425 * 86_400_000)) : null;
  return { sex: patient.sex === 'female' ? 'F' : patient.sex === 'male' ? 'M' : null, ageYears };
}

/**
 * The analysis stored with an EKG for review: the same batch pipeline (filters, quality, R peaks)
 * and 12-lead interpretation as `station analyze`, for this patient's sex and age, and the filters
 * it was measured through (a mains notch heard in the recording when the station's is not set: the
 * capture stores it and its report says so).
 */
export function interpretForReview(record: WfdbRecord, mainsHz: MainsHz | null, patient: Patient | null, atMs: number): { interpretation: EkgInterpretation; filters: AnalysisFilters } {
  const names = record.signals.map((s) => s.name);
  const pipeline = runPipeline(leadsInMillivolts(record), record.fsHz, names, { mainsHz });
  const { input, quality } = analysisInputs({
    leads: pipeline.filtered,
    names,
    fsHz: record.fsHz,
    beats: pipeline.beats,
    pacerPulses: pipeline.pacerPulses,
    quality: pipeline.quality,
    ...recordScale(record),
  });
  return { interpretation: analyzeEkg(input, flagContext(patient, atMs), quality).interpretation, filters: pipeline.filters };
}
