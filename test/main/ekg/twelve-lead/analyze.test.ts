import { describe, expect, it } from 'vitest';
import { analyzeTwelveLead } from '../../../../main/ekg/twelve-lead/analyze.ts';
import { completeLeadSet, standardLeadName } from '../../../../main/ekg/twelve-lead/leads.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

describe('lead derivation', () => {
  it('derives III, aVR, aVL, aVF from I and II (Einthoven/Goldberger) and keeps names standard', () => {
    const I = Float32Array.from([1, 0.5, -0.2]);
    const II = Float32Array.from([0.4, 1, 0.3]);
    const set = completeLeadSet([
      { name: 'i', mv: I },
      { name: 'II', mv: II },
    ]);
    expect(set.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    const lead = (n: 'III' | 'aVR' | 'aVL' | 'aVF') => Array.from(set.leads[set.index.get(n)!]!.mv);
    for (let k = 0; k < 3; k++) {
      expect(lead('III')[k]).toBeCloseTo(II[k]! - I[k]!, 6);
      expect(lead('aVR')[k]).toBeCloseTo(-(I[k]! + II[k]!) / 2, 6);
      expect(lead('aVL')[k]).toBeCloseTo(I[k]! - II[k]! / 2, 6);
      expect(lead('aVF')[k]).toBeCloseTo(II[k]! - I[k]! / 2, 6);
    }
    expect(set.leads[0]!.name).toBe('I');
  });

  it('keeps recorded limb leads rather than deriving them', () => {
    const x = new Float32Array(3);
    const set = completeLeadSet(['I', 'II', 'III', 'avr', 'AVL', 'aVF'].map((name) => ({ name, mv: x })));
    expect(set.derived).toEqual([]);
    expect(standardLeadName('MLII')).toBe('II');
    expect(standardLeadName('ECG')).toBeNull();
  });
});

describe('RR irregularity from normal-to-normal intervals', () => {
  // Sinus rhythm at RR 0.8 s with a PVC every third beat (coupling 0.5 s, full compensatory pause 1.1 s).
  const times = [0.5, 1.3, 2.1, 2.6, 3.7, 4.5, 5.0, 6.1, 6.9, 7.4, 8.5, 9.3];

  it('leaves out the intervals around premature wide beats: frequent PVCs are not an irregular rhythm', () => {
    const s = syntheticEcg({ beatTimesS: times, wideBeats: [3, 6, 9], qtMs: 340 });
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
    expect(a.rr.irregularity!).toBeLessThan(0.02);
    // The heart rate and the RR statistics still count every beat.
    expect(a.rr.count).toBe(times.length - 1);
    expect(a.intervals.heartRateBpm).toBeCloseTo((60 * (times.length - 1)) / (times[times.length - 1]! - times[0]!), 0);
  });

  it('keeps them when the premature beats are narrow (not ventricular ectopics)', () => {
    const s = syntheticEcg({ beatTimesS: times, qtMs: 340 });
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
    expect(a.rr.irregularity!).toBeGreaterThan(0.2);
  });
});

describe('global delineation on synthetic beats with known intervals', () => {
  for (const c of [
    { hr: 60, pr: 160, qrs: 90, qt: 400 },
    { hr: 90, pr: 220, qrs: 140, qt: 360 },
    { hr: 120, pr: 130, qrs: 80, qt: 300 },
  ]) {
    it(`measures PR ${c.pr}, QRS ${c.qrs}, QT ${c.qt} ms at ${c.hr} bpm within tolerance`, () => {
      const s = syntheticEcg({ hrBpm: c.hr, prMs: c.pr, qrsMs: c.qrs, qtMs: c.qt, noiseMv: 0.01 });
      const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
      expect(a.derivedLeads).toEqual(['III', 'aVR', 'aVL', 'aVF']);
      expect(a.intervals.heartRateBpm).toBeCloseTo(c.hr, 0);
      expect(Math.abs(a.intervals.prMs! - c.pr)).toBeLessThanOrEqual(15);
      expect(Math.abs(a.intervals.qrsMs! - c.qrs)).toBeLessThanOrEqual(12);
      expect(Math.abs(a.intervals.qtMs! - c.qt)).toBeLessThanOrEqual(25);
      const rrS = a.rr.meanMs! / 1000;
      expect(rrS).toBeCloseTo(60 / c.hr, 2);
      expect(a.intervals.qtcBazettMs).toBeCloseTo(a.intervals.qtMs! / Math.sqrt(rrS), 6);
      expect(a.intervals.qtcFridericiaMs).toBeCloseTo(a.intervals.qtMs! / Math.cbrt(rrS), 6);
    });
  }

  it('finds the frontal QRS and P axes the waves were drawn with', () => {
    // The waves are projections of one frontal vector on I (0 deg) and II (60 deg), so aVF = II - I/2
    // is (sqrt(3)/2) |H| sin(theta): an axis read as atan2(aVF, I) was pulled toward 0/180 deg
    // (-33 read -29 and missed AXIS_DEVIATION; +60 read +56). Limits of the flag sit at -30 and +90:
    // a few degrees matter, so the tolerance is 1 deg, not the 15 deg it was.
    for (const axis of [-90, -60, -33, 0, 30, 60, 95, 120, 150]) {
      const s = syntheticEcg({ qrsAxisDeg: axis, pAxisDeg: axis });
      const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
      expect(Math.abs(a.intervals.axisDeg.qrs! - axis), `QRS ${axis}`).toBeLessThanOrEqual(1);
      expect(Math.abs(a.intervals.axisDeg.p! - axis), `P ${axis}`).toBeLessThanOrEqual(1);
      // The T wave is drawn at 50 deg in every tracing.
      expect(Math.abs(a.intervals.axisDeg.t! - 50), `T with QRS ${axis}`).toBeLessThanOrEqual(1);
    }
  });

  it('reports no P wave (PR null) when the beats have none', () => {
    const s = syntheticEcg({ noP: true });
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
    expect(a.intervals.prMs).toBeNull();
    expect(a.intervals.qrsMs).not.toBeNull();
  });

  it('is unaffected by a slow baseline drift', () => {
    const s = syntheticEcg({});
    const drift = s.leads.map((l) => ({ name: l.name, mv: l.mv.map((v, i) => v + 0.8 * Math.sin((2 * Math.PI * 0.3 * i) / s.fsHz)) }));
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
    const b = analyzeTwelveLead({ fsHz: s.fsHz, leads: drift, rPeaks: s.beatSamples });
    expect(Math.abs(b.intervals.qrsMs! - a.intervals.qrsMs!)).toBeLessThanOrEqual(6);
    expect(Math.abs(b.intervals.qtMs! - a.intervals.qtMs!)).toBeLessThanOrEqual(16);
    expect(Math.abs(b.intervals.prMs! - a.intervals.prMs!)).toBeLessThanOrEqual(10);
  });
});

describe('P-wave consistency with samples lost', () => {
  it('is read over the samples that are there: a lost sample is not a 0 mV sample', () => {
    // Every other beat loses 40 ms of its P wave in every lead. Read as 0 mV, the lost stretch
    // made those beats' P waves look unlike the median beat's (0.955 against 0.978 whole), and the
    // consistency decides whether the PR is shown and IRREGULAR_RHYTHM raised.
    const s = syntheticEcg({ noiseMv: 0.01 });
    const whole = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples }).pWaveConsistency!;
    const lost = s.leads.map((l) => {
      const mv = l.mv.slice();
      s.beatSamples.forEach((b, k) => {
        if (k % 2 === 1) mv.fill(Number.NaN, b - 64, b - 44);
      });
      return { ...l, mv };
    });
    const gappy = analyzeTwelveLead({ fsHz: s.fsHz, leads: lost, rPeaks: s.beatSamples }).pWaveConsistency!;
    expect(whole).toBeGreaterThan(0.95);
    expect(Math.abs(gappy - whole)).toBeLessThan(0.01);
  });
});
