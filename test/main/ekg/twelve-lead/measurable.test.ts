import { describe, expect, it } from 'vitest';
import { completeLeadSet } from '../../../../main/ekg/twelve-lead/leads.ts';
import { measurableLeads } from '../../../../main/ekg/twelve-lead/measurable.ts';
import { analysisInputs } from '../../../../main/domain/ekg-flags/recordFindings.ts';
import { analyzeEkg } from '../../../../main/domain/ekg-flags/summary.ts';
import { runPipeline } from '../../../../main/ekg/pipeline.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

const n = 5000;
const cartLeads = () => ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((name) => ({ name, mv: new Float32Array(n) }));

describe('measurableLeads', () => {
  it('leaves out a lead faulty over at least half the recording, and the limb leads derived from it', () => {
    const set = completeLeadSet(cartLeads());
    const faults = [[{ start: 0, end: 1000 }, { start: 900, end: 2600 }], [], [{ start: 0, end: 2400 }]];
    const { set: kept, excluded } = measurableLeads(set, { faults, spoiled: faults, noiseMv: () => 0 }, n);
    // Lead I: 0-2600 overlapping stretches = 52 %; V1: 48 % stays.
    expect(excluded).toEqual(['I', 'III', 'aVR', 'aVL', 'aVF']);
    expect(kept.leads.map((l) => l.name)).toEqual(['II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(kept.index.get('II')).toBe(0);
    expect(kept.index.get('V6')).toBe(6);
    expect(kept.index.has('aVF')).toBe(false);
    expect(kept.derived).toEqual([]);
  });

  it('leaves out a mostly noisy lead only when its noise is large, not a small-QRS lead called noisy', () => {
    const set = completeLeadSet(cartLeads());
    const whole = [{ start: 0, end: n }];
    // V1 and V2 both marked noisy throughout: V1 at 0.08 mV RMS, V2 at 0.02 mV (a small QRS, not noise).
    const spoiled = [[], [], whole, whole];
    const { excluded } = measurableLeads(set, { faults: [], spoiled, noiseMv: (i) => (i === 2 ? 0.08 : 0.02) }, n);
    expect(excluded).toEqual(['V1']);
  });

  it('keeps a noisy lead when fewer than three good ones would remain (single- and two-lead records)', () => {
    const whole = [{ start: 0, end: n }];
    const two = completeLeadSet([{ name: 'MLII', mv: new Float32Array(n) }, { name: 'V1', mv: new Float32Array(n) }]);
    expect(measurableLeads(two, { faults: [], spoiled: [whole], noiseMv: () => 1 }, n).excluded).toEqual([]);
  });

  it('leaves out faulty leads while any good lead remains (LL electrode off: only lead I is left), never all', () => {
    const whole = [{ start: 0, end: n }];
    const all = completeLeadSet(cartLeads());
    const llOff = cartLeads().map((l) => (l.name === 'I' ? [] : whole));
    expect(measurableLeads(all, { faults: llOff, spoiled: llOff, noiseMv: () => 0 }, n).set.leads.map((l) => l.name)).toEqual(['I']);
    const everyLead = cartLeads().map(() => whole);
    expect(measurableLeads(all, { faults: everyLead, spoiled: everyLead, noiseMv: () => 1 }, n).excluded).toEqual([]);
  });
});

describe('a noisy or disconnected lead does not steer the measurements', () => {
  const measure = (spoil: (leads: { name: string; mv: Float32Array }[]) => void) => {
    const ecg = syntheticEcg({ prMs: 160, qrsMs: 90, qtMs: 380, qrsAxisDeg: 60 });
    spoil(ecg.leads);
    const names = ecg.leads.map((l) => l.name);
    const p = runPipeline(ecg.leads.map((l) => l.mv), ecg.fsHz, names, { mainsHz: null });
    return analyzeEkg(analysisInputs({ leads: p.filtered, names, fsHz: ecg.fsHz, beats: p.beats, pacerPulses: p.pacerPulses, quality: p.quality }).input, { sex: null, ageYears: null }).interpretation;
  };

  it('0.2 mV of noise on lead I: intervals as without it, no axis, no false interval flag, a note', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 2 * Math.sqrt(3);
    const noisy = measure((leads) => leads[0]!.mv.forEach((v, i, a) => (a[i] = v + 0.2 * rnd())));
    expect(noisy.measurements.prMs).toBeGreaterThanOrEqual(150);
    expect(noisy.measurements.prMs).toBeLessThanOrEqual(170);
    expect(noisy.measurements.qrsMs).toBeLessThanOrEqual(100);
    expect(noisy.measurements.axisDeg).toEqual({ p: null, qrs: null, t: null });
    expect(noisy.flags.map((f) => f.code)).toEqual([]);
    expect(noisy.notes).toEqual([expect.stringMatching(/^Lead I was disconnected, missing or noisy over most of the recording and was not measured, nor III, aVR, aVL, aVF, computed from it:/)]);
  });

  it('lead II missing (no samples): no axis read from what is not there', () => {
    const gap = measure((leads) => leads[1]!.mv.fill(Number.NaN));
    expect(gap.measurements.axisDeg).toEqual({ p: null, qrs: null, t: null });
    expect(gap.measurements.qrsMs).toBeLessThanOrEqual(100);
    expect(gap.flags.map((f) => f.code)).not.toContain('LOW_VOLTAGE');
  });
});
