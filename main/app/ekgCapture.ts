import { captureToNewCapture } from '../devices/cart/storeCapture.ts';
import { captureToWfdb } from '../devices/cart/wfdbExport.ts';
import type { CartCapture } from '../devices/cart/capture.ts';
import type { FilterSettings } from '../ekg/filters/index.ts';
import { interpretForReview } from '../services/ekgAnalysis.ts';
import type { EkgReviewService } from '../services/ekgReview.ts';
import type { Patient } from '../services/patients.ts';

/**
 * A cart capture becomes a stored, analysed, unconfirmed EKG: analysed on the capture's raw
 * counts (kept losslessly), then saved and audited by the review service. Returns its id.
 */
export function storeCartCapture(
  capture: CartCapture,
  ctx: { readonly actor: { readonly id: string; readonly role: 'admin' | 'ma' | 'provider' }; readonly patient: Patient | null; readonly filter: FilterSettings; readonly review: EkgReviewService },
): number {
  const { interpretation, filters } = interpretForReview(captureToWfdb(capture, 'capture'), ctx.filter.mainsHz, ctx.patient, Date.parse(capture.startedAtUtc));
  return ctx.review.saveCapture(ctx.actor, captureToNewCapture(capture, { patientId: ctx.patient?.id ?? null, interpretation, analysisFilters: filters })).id;
}
