import { captureToNewCapture } from '../devices/cart/storeCapture.ts';
import { captureToWfdb } from '../devices/cart/wfdbExport.ts';
import type { CartCapture } from '../devices/cart/capture.ts';
import { usableSeconds, unusableStretches } from '../domain/ekg-flags/recordFindings.ts';
import { analyzeEkg } from '../domain/ekg-flags/summary.ts';
import type { PatientContext } from '../domain/ekg-flags/flags.ts';
import { leadsInMillivolts } from '../ekg/analyze.ts';
import type { FilterSettings } from '../ekg/filters/index.ts';
import { runPipeline } from '../ekg/pipeline.ts';
import type { EkgReviewService } from '../services/ekgReview.ts';
import type { Patient } from '../services/patients.ts';

/** Sex and age as the flag rules use them (QTc and ST thresholds differ by sex and age). */
export function flagContext(patient: Patient | null, atMs: number): PatientContext {
  if (!patient) return { sex: null, ageYears: null };
  const born = new Date(`${patient.birthDate}T00:00:00Z`).getTime();
  const ageYears = Number.isFinite(born) ? Math.floor((atMs - born) / (365.2425 * 86_400_000)) : null;
  return { sex: patient.sex === 'female' ? 'F' : patient.sex === 'male' ? 'M' : null, ageYears };
}

/**
 * A cart capture becomes a stored, analysed, unconfirmed EKG: the same batch pipeline and 12-lead
 * analysis as `station analyze`, run on the capture's raw counts (kept losslessly), then saved
 * and audited by the review service. Returns the stored EKG's id.
 */
export function storeCartCapture(
  capture: CartCapture,
  ctx: { readonly actor: { readonly id: string; readonly role: 'admin' | 'ma' | 'provider' }; readonly patient: Patient | null; readonly filter: FilterSettings; readonly review: EkgReviewService },
): number {
  const record = captureToWfdb(capture, 'capture');
  const names = record.signals.map((s) => s.name);
  const pipeline = runPipeline(leadsInMillivolts(record), record.fsHz, names, { mainsHz: ctx.filter.mainsHz });
  const { interpretation } = analyzeEkg(
    {
      fsHz: record.fsHz,
      leads: pipeline.filtered.map((mv, i) => ({ name: names[i]!, mv })),
      rPeaks: pipeline.beats,
      unusable: unusableStretches(pipeline.quality),
    },
    flagContext(ctx.patient, Date.parse(capture.startedAtUtc)),
    { usableSeconds: usableSeconds(pipeline.quality, record.samples, record.fsHz) },
  );
  const stored = ctx.review.saveCapture(ctx.actor, captureToNewCapture(capture, { patientId: ctx.patient?.id ?? null, interpretation }));
  return stored.id;
}
