// Ventricular bigeminy and trigeminy: the detector must find the sinus beats as well as the ectopic
// ones, whatever lead each morphology is isoelectric in.
import { describe, expect, it } from 'vitest';
import { detectRPeaks } from '../../../../main/ekg/detect/index.ts';
import { runPipeline } from '../../../../main/ekg/pipeline.ts';
import { bigeminyRr, syntheticEctopyEcg, trigeminyRr, type EctopyOptions } from '../../../helpers/syntheticEctopy.ts';

/** True beats found within 150 ms (AAMI EC57 match window) and detections that match none. */
function score(truth: Int32Array, found: Int32Array, fsHz: number): { missed: number; extra: number } {
  const window = Math.round(0.15 * fsHz);
  const used = new Array<boolean>(found.length).fill(false);
  let missed = 0;
  for (const t of truth) {
    const k = Array.from(found).findIndex((f, i) => !used[i] && Math.abs(f - t) <= window);
    if (k < 0) missed++;
    else used[k] = true;
  }
  return { missed, extra: used.filter((u) => !u).length };
}

const cases: { name: string; o: EctopyOptions }[] = [];
for (const couplingMs of [520, 600]) {
  for (const sinusAxisDeg of [60, 30, 0]) {
    cases.push({ name: `bigeminy, coupling ${couplingMs} ms, sinus axis ${sinusAxisDeg} deg`, o: { rrMs: bigeminyRr(857, couplingMs), ectopic: (b) => b % 2 === 1, sinusAxisDeg } });
  }
}
cases.push({ name: 'bigeminy, narrower ectopic QRS (130 ms)', o: { rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1, ectopicQrsMs: 130 } });
cases.push({ name: 'bigeminy, 30 s at 90/min', o: { seconds: 30, rrMs: bigeminyRr(667, 420), ectopic: (b) => b % 2 === 1 } });
cases.push({ name: 'trigeminy, coupling 520 ms', o: { rrMs: trigeminyRr(857, 520), ectopic: (b) => b % 3 === 1 } });

describe('detector in ventricular bigeminy and trigeminy (sinus QRS +60 deg, ectopic QRS -60 deg, 160 ms)', () => {
  for (const c of cases) {
    it(`finds every sinus and ectopic beat: ${c.name}`, () => {
      const s = syntheticEctopyEcg(c.o);
      const leads = s.leads.map((l) => l.mv);
      const direct = score(s.beatSamples, detectRPeaks(leads, s.fsHz), s.fsHz);
      expect(direct).toEqual({ missed: 0, extra: 0 });
      // As the station runs it: filters, quality check, detection.
      const p = runPipeline(leads, s.fsHz, s.leads.map((l) => l.name), { mainsHz: null });
      expect(score(s.beatSamples, p.beats, s.fsHz)).toEqual({ missed: 0, extra: 0 });
    });
  }

  it('puts the R peak on the QRS of a sinus beat, not in its isoelectric lead (within 40 ms of the QRS mid-point)', () => {
    const s = syntheticEctopyEcg({ rrMs: bigeminyRr(857, 520), ectopic: (b) => b % 2 === 1 });
    const found = detectRPeaks(s.leads.map((l) => l.mv), s.fsHz);
    expect(found.length).toBe(s.beatSamples.length);
    const toleranceSamples = Math.round(0.04 * s.fsHz);
    s.beatSamples.forEach((t, b) => {
      if (!s.isEctopic[b]) expect(Math.abs(found[b]! - t)).toBeLessThanOrEqual(toleranceSamples);
    });
  });
});
