import { describe, expect, it } from 'vitest';
import { interpretForReview } from '../../../main/services/ekgAnalysis.ts';
import { syntheticWfdbRecord } from '../../helpers/syntheticRecord.ts';

describe('interpretForReview', () => {
  it('reads no amplitude finding from an uncalibrated record, as station analyze does (one rule for both paths)', () => {
    const calibrated = syntheticWfdbRecord('lowv', { gain: 0.3, noiseMv: 0.005 });
    const uncalibrated = { ...calibrated, signals: calibrated.signals.map((s) => ({ ...s, uncalibrated: true as const })) };
    const a = interpretForReview(calibrated, null, null, Date.now());
    expect(a.flags.map((f) => f.code)).toContain('LOW_VOLTAGE');
    const b = interpretForReview(uncalibrated, null, null, Date.now());
    expect(b.flags.map((f) => f.code)).not.toContain('LOW_VOLTAGE');
    expect(b.measurements.axisDeg).toEqual({ p: null, qrs: null, t: null });
    expect(b.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^The recording gives no calibration/)]));
  });
});
