// The median beat is built from one QRS morphology: in ventricular bigeminy and trigeminy it is the
// sinus beat's, never a mixture of sinus and ectopic beats, and the ectopic beats read as premature.
import { describe, expect, it } from 'vitest';
import { analyzeTwelveLead } from '../../../../main/ekg/twelve-lead/analyze.ts';
import { evaluateFlags } from '../../../../main/domain/ekg-flags/flags.ts';
import { FLAG_THRESHOLDS } from '../../../../main/domain/ekg-flags/thresholds.ts';
import { bigeminyRr, syntheticEctopyEcg, trigeminyRr, type EctopyOptions } from '../../../helpers/syntheticEctopy.ts';

const patient = { sex: null, ageYears: null } as const;

function analyse(o: EctopyOptions) {
  const s = syntheticEctopyEcg(o);
  // The true beats, so that this tests the analysis whatever the detector does.
  const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: s.leads, rPeaks: s.beatSamples });
  return { s, a, flags: evaluateFlags(a, patient).map((f) => f.code) };
}

const patterns: { name: string; o: EctopyOptions; ectopics: number }[] = [
  { name: 'bigeminy, coupling 520 ms', o: { rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1 }, ectopics: 6 },
  { name: 'bigeminy, coupling 600 ms', o: { rrMs: bigeminyRr(857, 600), ectopic: (b) => b % 2 === 1 }, ectopics: 6 },
  // One ectopic beat more than sinus beats (6 against 5): the largest group is the ectopic one. The
  // first beat has no RR before it, so it is not counted as premature.
  { name: 'bigeminy starting on an ectopic beat', o: { rrMs: bigeminyRr(857, 520).reverse(), ectopic: (b) => b % 2 === 0 }, ectopics: 5 },
  { name: 'bigeminy, ectopic QRS 130 ms', o: { rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1, ectopicQrsMs: 130 }, ectopics: 6 },
  { name: 'trigeminy, coupling 520 ms', o: { rrMs: trigeminyRr(857, 520), ectopic: (b) => b % 3 === 1 }, ectopics: 4 },
];

describe('dominant morphology in ventricular bigeminy and trigeminy (sinus 70/min, QRS 90 ms at +60 deg; ectopic QRS at -60 deg)', () => {
  for (const p of patterns) {
    it(`measures the sinus beat and counts the ectopic beats: ${p.name}`, () => {
      const { s, a, flags } = analyse(p.o);
      // Exactly the sinus beats make the median beat.
      expect(a.beats.dominant).toEqual(s.isEctopic.map((e) => !e));
      // Its measurements are the sinus beat's (QRS 90 ms, axis +60, PR 160 ms, a P wave).
      expect(a.intervals.qrsMs!).toBeLessThan(110);
      expect(Math.abs(a.intervals.axisDeg.qrs! - 60)).toBeLessThanOrEqual(15);
      expect(a.intervals.prMs).not.toBeNull();
      expect(Math.abs(a.intervals.prMs! - 160)).toBeLessThanOrEqual(25);
      // No ST level from an ectopic beat's ST-T averaged in (the tracing has no ST shift).
      for (const l of a.leadMeasurements) expect(Math.abs(l.stJMv)).toBeLessThan(0.05);
      // The ectopic beats are premature against the sinus cycle, not against the median of all RR.
      s.isEctopic.forEach((e, b) => {
        if (e && b > 0) expect(a.beats.prematurity[b]!).toBeLessThan(FLAG_THRESHOLDS.prematureRrFraction.value);
        if (!e && b > 0) expect(a.beats.prematurity[b]!).toBeGreaterThanOrEqual(FLAG_THRESHOLDS.prematureRrFraction.value);
      });
      expect(flags).toContain('VENTRICULAR_ECTOPY');
      expect(evaluateFlags(a, patient).find((f) => f.code === 'VENTRICULAR_ECTOPY')?.value).toBe(p.ectopics);
      for (const wrong of ['WIDE_QRS', 'AXIS_DEVIATION', 'ST_ELEVATION', 'ST_DEPRESSION', 'BRADYCARDIA', 'MARKED_BRADYCARDIA', 'IRREGULAR_RHYTHM', 'PROLONGED_PR', 'POOR_SIGNAL']) {
        expect(flags).not.toContain(wrong);
      }
    });
  }

  it('keeps the all-beat template when one morphology is the clear majority (occasional ectopic beats)', () => {
    const { s, a } = analyse({ rrMs: [857, 857, 520, 1194, 857, 857, 857], ectopic: (b) => b === 3 || b === 9 });
    expect(a.beats.dominant).toEqual(s.isEctopic.map((e) => !e));
    expect(a.intervals.qrsMs!).toBeLessThan(110);
  });

  /** The strip of `base` with the complexes of the listed beats taken from other strips (same beat times). */
  function spliced(base: ReturnType<typeof syntheticEctopyEcg>, from: { beat: number; strip: ReturnType<typeof syntheticEctopyEcg>; sign?: number }[]) {
    return base.leads.map((l, k) => {
      const mv = Float32Array.from(l.mv);
      for (const { beat, strip, sign } of from) {
        const start = base.onsets[beat]! - 100;
        const end = Math.min(mv.length, base.onsets[beat]! + 260);
        for (let i = start; i < end; i++) mv[i] = (sign ?? 1) * strip.leads[k]!.mv[i]!;
      }
      return { name: l.name, mv };
    });
  }

  it('measures the narrowest of shapes that recur equally often (two beats each), never their mixture', () => {
    // Sinus beats and ectopic beats from two foci (right and left ventricle), two beats each.
    const s = syntheticEctopyEcg({ seconds: 5.2, rrMs: [857], ectopic: (b) => b % 3 !== 0 });
    const left = syntheticEctopyEcg({ seconds: 5.2, rrMs: [857], ectopic: (b) => b % 3 !== 0, ectopicAxisDeg: 150, ectopicQrsMs: 140, ectopicOrigin: 'left' });
    expect(s.beatSamples.length).toBe(6);
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads: spliced(s, [2, 5].map((beat) => ({ beat, strip: left }))), rPeaks: s.beatSamples });
    expect(a.beats.dominant).toEqual([true, false, false, true, false, false]);
    expect(a.intervals.qrsMs!).toBeLessThan(110);
    expect(Math.abs(a.intervals.axisDeg.qrs! - 60)).toBeLessThanOrEqual(15);
  });

  it('builds no median beat and raises no QRS, axis or ST flag when no two beats look alike', () => {
    // A sinus beat, a right and a left ventricular ectopic beat, and a sinus beat inverted in every lead.
    const s = syntheticEctopyEcg({ seconds: 4.2, rrMs: [857], ectopic: (b) => b === 1 });
    const left = syntheticEctopyEcg({ seconds: 4.2, rrMs: [857], ectopic: (b) => b === 2, ectopicAxisDeg: 150, ectopicQrsMs: 140, ectopicOrigin: 'left' });
    expect(s.beatSamples.length).toBe(4);
    const leads = spliced(s, [
      { beat: 2, strip: left },
      { beat: 3, strip: s, sign: -1 },
    ]);
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads, rPeaks: s.beatSamples });
    expect(a.tooFewBeats).toBe(false);
    expect(a.medianBeats).toEqual([]);
    expect(a.leadMeasurements).toEqual([]);
    expect(a.intervals.qrsMs).toBeNull();
    expect(a.intervals.axisDeg.qrs).toBeNull();
    // The rate still stands (fiducials sit at each complex's own activity centre).
    expect(Math.abs(a.intervals.heartRateBpm! - 70)).toBeLessThan(3);
    const flags = evaluateFlags(a, patient).map((f) => f.code);
    for (const wrong of ['WIDE_QRS', 'AXIS_DEVIATION', 'ST_ELEVATION', 'ST_DEPRESSION', 'LOW_VOLTAGE']) expect(flags).not.toContain(wrong);
  });
});
