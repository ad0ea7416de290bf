import { describe, expect, it } from 'vitest';
import { interpretForReview } from '../../../main/services/ekgAnalysis.ts';
import { syntheticWfdbRecord } from '../../helpers/syntheticRecord.ts';

describe('interpretForReview', () => {
  it('reads no amplitude finding from an uncalibrated record, as station analyze does (one rule for both paths)', () => {
    const calibrated = syntheticWfdbRecord('lowv', { gain: 0.3, noiseMv: 0.005 });
    const uncalibrated = { ...calibrated, signals: calibrated.signals.map((s) => ({ ...s, uncalibrated: true as const })) };
    const a = interpretForReview(calibrated, null, null, Date.now()).interpretation;
    expect(a.flags.map((f) => f.code)).toContain('LOW_VOLTAGE');
    const b = interpretForReview(uncalibrated, null, null, Date.now()).interpretation;
    expect(b.flags.map((f) => f.code)).not.toContain('LOW_VOLTAGE');
    expect(b.measurements.axisDeg).toEqual({ p: null, qrs: null, t: null });
    expect(b.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^The recording gives no calibration.*; the axes are not read\.$/)]));
  });
});

describe('interpretForReview on a station with no mains setting', () => {
  it('says which notch the measurements went through: the hum heard in the recording, or the setting', () => {
    const clean = syntheticWfdbRecord('hum', { noiseMv: 0.005 });
    const hum = { ...clean, signals: clean.signals.map((s, k) => ({ ...s, digital: s.digital.map((v, i) => v + Math.round(0.02 * s.adcGain * Math.sin((2 * Math.PI * 60 * i) / clean.fsHz + k))) })) };
    expect(interpretForReview(clean, null, null, Date.now()).filters).toMatchObject({ mainsNotchHz: null, mainsNotchHeard: false });
    expect(interpretForReview(hum, null, null, Date.now()).filters).toMatchObject({ mainsNotchHz: 60, mainsNotchHeard: true });
    expect(interpretForReview(hum, 60, null, Date.now()).filters).toMatchObject({ mainsNotchHz: 60, mainsNotchHeard: false });
  });
});

