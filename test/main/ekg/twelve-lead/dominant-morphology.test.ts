// The median beat is built from one QRS morphology: in ventricular bigeminy and trigeminy it is the
// sinus beat's, never a mixture of sinus and ectopic beats, and the ectopic beats read as premature.
import { describe, expect, it } from 'vitest';
import { analyzeTwelveLead } from '../../../../main/ekg/twelve-lead/analyze.ts';
import { medianBeats } from '../../../../main/ekg/twelve-lead/beats.ts';
import { evaluateFlags } from '../../../../main/domain/ekg-flags/flags.ts';
import { interpret } from '../../../../main/domain/ekg-flags/summary.ts';
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
  // Beat typing runs at a reduced rate above 500 Hz: the same two shapes are told apart.
  { name: 'bigeminy, coupling 520 ms, 1000 Hz', o: { fsHz: 1000, rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1 }, ectopics: 6 },
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
    // The report says why nothing was measured. These four unlike beats also raise POOR_SIGNAL (most
    // beats look like no other beat, at the looser 0.86 of twinnedBeatShare), which says it all and
    // carries no notes; beats alike at 0.86 but not at 0.9 leave the tracing readable, as here with
    // that index set aside.
    expect(a.noRecurringMorphology).toBe(true);
    expect(interpret({ ...a, twinnedBeatShare: 1 }, patient).notes?.join(' ')).toMatch(/No two heartbeats have the same QRS shape.*QT.*not measured/);
  });
});

describe('the median beat of dominant beats followed closely by ectopic beats', () => {
  const CART = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

  it('reads no ST shift and withholds the QT when the ectopic beat comes before the T wave ends (sinus 70/min, coupling 380 ms)', () => {
    // Sinus QT 400 ms: each ectopic QRS starts at 380 ms, on the sinus T wave's tail.
    const { s, a, flags } = analyse({ rrMs: bigeminyRr(857, 380), ectopic: (b) => b % 2 === 1 });
    expect(a.beats.dominant).toEqual(s.isEctopic.map((e) => !e));
    // The tracing has no ST shift: baseline knots on the T tail before each ectopic beat read as one.
    for (const l of a.leadMeasurements) {
      expect(Math.abs(l.stJMv)).toBeLessThan(0.05);
      expect(Math.abs(l.stJ60Mv)).toBeLessThan(0.05);
    }
    for (const wrong of ['ST_DEPRESSION', 'ST_ELEVATION']) expect(flags).not.toContain(wrong);
    // The T end is not seen (the median beat stops at the ectopic QRS): no QT, rather than a short one.
    expect(a.intervals.qtMs).toBeNull();
    expect(a.intervals.qtcFridericiaMs).toBeNull();
    expect(a.intervals.axisDeg.t).toBeNull();
    expect(a.tEndHidden).toBe(true);
    expect(interpret(a, patient).notes?.join(' ')).toMatch(/T wave has ended.*QT, QTc and the T axis are not measured/);
    // The rest of the sinus beat is measured.
    expect(Math.abs(a.intervals.prMs! - 160)).toBeLessThanOrEqual(25);
    expect(a.intervals.qrsMs!).toBeLessThan(110);
    expect(flags).toContain('VENTRICULAR_ECTOPY');
  });

  it('measures the QT when the ectopic beat follows the T wave (coupling 520 ms) and says nothing of it', () => {
    const { a } = analyse({ rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1 });
    expect(a.tEndHidden).toBe(false);
    expect(Math.abs(a.intervals.qtMs! - 400)).toBeLessThanOrEqual(30);
    expect(interpret(a, patient).notes).toBeUndefined();
  });

  it('keeps a missed ectopic beat out of the median beat and the cycle (cart leads I, II, V1-V6; the first two ectopic beats not detected)', () => {
    const s = syntheticEctopyEcg({ rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1 });
    const leads = s.leads.filter((l) => CART.includes(l.name));
    const rPeaks = Int32Array.from(Array.from(s.beatSamples).filter((_, b) => b !== 1 && b !== 3));
    const a = analyzeTwelveLead({ fsHz: s.fsHz, leads, rPeaks });
    // Two beats carry the missed ectopic beat after their T wave; the other four stop before theirs:
    // past that point two of six beats are too few, so the QT is the sinus beat's (400 ms), not 680.
    expect(Math.abs(a.intervals.qtMs! - 400)).toBeLessThanOrEqual(30);
    const flags = evaluateFlags(a, patient).map((f) => f.code);
    for (const wrong of ['PROLONGED_QTC', 'MARKEDLY_PROLONGED_QTC']) expect(flags).not.toContain(wrong);
    // The sinus-to-sinus intervals across a missed beat (1714 ms) are two cycles, not the cycle:
    // the beats after them read as two cycles late, the detected ectopic beats as premature.
    expect(a.beats.prematurity[1]!).toBeGreaterThan(1.8);
    expect(a.beats.prematurity[1]!).toBeLessThan(2.2);
    a.beats.dominant.forEach((d, b) => {
      if (!d) expect(a.beats.prematurity[b]!).toBeLessThan(0.7);
    });
  });
});

describe('medianBeats', () => {
  it('leaves unknown, not isoelectric, the samples that too few beats reach', () => {
    const x = new Float32Array(1000).fill(1);
    const fid = Int32Array.from([100, 300, 500, 700]);
    // Beats 0 and 1 stop 20 samples after their fiducial, the others run on.
    const until = Int32Array.from([120, 320, 2147483647, 2147483647]);
    const m = medianBeats([x], fid, [true, true, true, true], 50, 60, until);
    // Three of four beats are needed (at least three, at least half): two remain past sample 20.
    expect(m.from).toBe(0);
    expect(m.to).toBe(50 + 20);
    expect(m.beats[0]![50 + 19]).toBe(1);
    expect(Number.isNaN(m.beats[0]![50 + 20]!)).toBe(true);
  });
});
