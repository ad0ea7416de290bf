// Stored analyses for tests of the review workflow (NAMED AS SUCH: made up, not from a recording).
import type { EkgInterpretation } from '../../main/domain/ekg-flags/summary.ts';

/** An analysis with one immediate flag (MARKED_TACHYCARDIA at 160/min): the assistant's leave hold applies. */
export const IMMEDIATE_TACHYCARDIA: EkgInterpretation = {
  measurements: { heartRateBpm: 160, prMs: 150, qrsMs: 90, qtMs: 300, qtcMs: 490, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 490, fridericiaMs: 440 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 370, maxRrMs: 380 },
  flags: [{ code: 'MARKED_TACHYCARDIA', text: 'Very fast heart rate (160 per minute): notify the provider now.', urgency: 'immediate', value: 160 }],
};
