import { cartChannelsOf } from '../../drivers/simulators/cart/signal.ts';
import { leadsInMillivolts } from '../ekg/analyze.ts';
import type { WfdbRecord } from '../ekg/wfdb/index.ts';
import { interpretForReview } from '../services/ekgAnalysis.ts';
import { EkgReviewService } from '../services/ekgReview.ts';
import { actingOperator, type DemoGenerator } from './generators.ts';

/**
 * SIMULATED EKGs for a simulated day: about one visit in five gets a 12-lead EKG made from a
 * sample recording (the one the SIMULATED cart streams), analysed and stored through the review
 * service, with the provider notified and, most days, the provider's confirmation. Like that cart,
 * it takes the record's I, II, V1..V6 (III, aVR, aVL, aVF derived), as a real capture has them.
 */
export function ekgDemoDay(source: WfdbRecord): DemoGenerator {
  const record = cartChannelsOf(source);
  const leads = leadsInMillivolts(record).map((mv, i) => ({ name: record.signals[i]!.name, mv }));
  return {
    name: 'ekg',
    runDay(day) {
      const review = new EkgReviewService(day.store);
      for (const visit of day.visits) {
        if (day.random() >= 0.2) continue;
        const ma = actingOperator(day.services.sessions, visit.maSessionId).operator;
        const { interpretation } = interpretForReview(record, null, visit.patient, day.clock.nowMs);
        const ekg = review.saveCapture(ma, {
          patientId: visit.patient.id,
          deviceId: 'SIMULATED demo cart',
          simulated: true,
          fsHz: record.fsHz,
          filterSettings: '0.05-150 Hz (demo)',
          leads,
          interpretation,
        });
        const provider = actingOperator(day.services.sessions, visit.providerSessionId).operator;
        review.notifyProvider(ekg.id, ma, provider.displayName, 'in-person', new Date(day.clock.nowMs).toISOString());
        if (ekg.review.immediateFlags.length > 0) review.acknowledgeImmediate(ekg.id, ma);
        if (day.random() < 0.8) review.review(ekg.id, provider, 'confirmed', null);
      }
    },
  };
}
