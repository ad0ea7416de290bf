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

  it("with the cart's lead set (I, II, V1-V6) finds every sinus beat and every PVC, at cycles down to 600 ms, from the strip's first seconds", () => {
    // Eight leads only (the cart's; III, aVR, aVL, aVF are computed from I and II and add nothing
    // to detect). The PVCs' feature is a quarter of the sinus beats' there. Rejected, each entered
    // the noise-peak history and raised the threshold above the next, so from sinus cycle 750 ms
    // down every PVC was missed (257 of 966 beats on this grid, BRADYCARDIA at half the rate).
    // A rejected candidate that is QRS-sized in two agreeing leads is no longer counted as noise:
    // that left 30 missed, all in the first seconds, where thresholds came from peak histories
    // measured while the lead levels were still settling; a second learning pass (learnedDetector)
    // starts from settled levels.
    const CART = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
    let missedSinus = 0;
    let missedEctopic = 0;
    let extra = 0;
    let beats = 0;
    for (const seconds of [10, 30]) {
      for (const [cycleMs, couplingMs] of [[1000, 600], [857, 520], [750, 450], [667, 420], [667, 400], [600, 380]] as const) {
        for (const sinusAxisDeg of [60, 30, 0]) {
          const s = syntheticEctopyEcg({ seconds, rrMs: bigeminyRr(cycleMs, couplingMs), ectopic: (b) => b % 2 === 1, sinusAxisDeg });
          const cart = s.leads.filter((l) => CART.includes(l.name)).map((l) => l.mv);
          const found = detectRPeaks(cart, s.fsHz);
          const window = Math.round(0.15 * s.fsHz);
          const used = new Array<boolean>(found.length).fill(false);
          s.beatSamples.forEach((t, b) => {
            const k = Array.from(found).findIndex((f, i) => !used[i] && Math.abs(f - t) <= window);
            if (k >= 0) used[k] = true;
            else if (s.isEctopic[b]) missedEctopic++;
            else missedSinus++;
          });
          extra += used.filter((u) => !u).length;
          beats += s.beatSamples.length;
          if (cycleMs >= 857 && seconds === 10) expect(found.length, `${cycleMs}/${couplingMs} ms, ${sinusAxisDeg} deg`).toBe(s.beatSamples.length);
        }
      }
    }
    expect(beats).toBe(966);
    expect({ missedSinus, extra }).toEqual({ missedSinus: 0, extra: 0 });
    expect(missedEctopic).toBe(0);
  });

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
