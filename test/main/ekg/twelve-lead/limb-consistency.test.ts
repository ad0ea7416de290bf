import { describe, expect, it } from 'vitest';
import { completeLeadSet, type LeadSignal } from '../../../../main/ekg/twelve-lead/leads.ts';
import { limbLeadDisagreement, limbLeadsAgree } from '../../../../main/ekg/twelve-lead/limb-consistency.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

const ecg = syntheticEcg({ noiseMv: 0.02 });
const FS = ecg.fsHz;
const BEATS = ecg.beatSamples;

/** The synthetic cart set (I, II, V1-V6) with III, aVR, aVL, aVF recorded too, each times its gain. */
function allTwelve(gains: Partial<Record<string, number>> = {}): LeadSignal[] {
  const I = ecg.leads.find((l) => l.name === 'I')!.mv;
  const II = ecg.leads.find((l) => l.name === 'II')!.mv;
  const limb: [string, (i: number, ii: number) => number][] = [
    ['I', (i) => i],
    ['II', (_, ii) => ii],
    ['III', (i, ii) => ii - i],
    ['aVR', (i, ii) => -(i + ii) / 2],
    ['aVL', (i, ii) => i - ii / 2],
    ['aVF', (i, ii) => ii - i / 2],
  ];
  const out = limb.map(([name, f]) => ({ name, mv: Float32Array.from(I, (v, k) => (gains[name] ?? 1) * f(v, II[k]!)) }));
  return [...out, ...ecg.leads.filter((l) => l.name.startsWith('V'))];
}
const disagreement = (leads: LeadSignal[], faults: { start: number; end: number }[][] = [], noise: { start: number; end: number }[][] = []) =>
  limbLeadDisagreement(completeLeadSet(leads), BEATS, FS, faults, noise);
const changeLead = (leads: LeadSignal[], name: string, f: (v: number, k: number) => number) => leads.map((l) => (l.name === name ? { name, mv: l.mv.map(f) } : l));

describe("limb leads against Einthoven's and Goldberger's relations", () => {
  it('recorded limb leads of one scale agree, noise included', () => {
    const d = disagreement(allTwelve());
    expect(d).not.toBeNull();
    expect(d!).toBeLessThan(1e-6);
    expect(limbLeadsAgree(d)).toBe(true);
  });

  it('gain errors within 5 % (IEC 60601-2-25), even all pushing one way, agree; per-lead scales like the LUDB headers do not', () => {
    // III read 5 % high while II reads 5 % low and I 5 % high: the worst case for III = II - I.
    const worst = disagreement(allTwelve({ I: 1.05, II: 0.95, III: 1.05, aVR: 1.05, aVL: 1.05, aVF: 1.05 }));
    expect(worst!).toBeGreaterThan(0.03);
    expect(limbLeadsAgree(worst)).toBe(true);
    // LUDB record 1's header gains for I, II, III are 1716, 1206, 1229 adu/mV over samples of one scale.
    const ludbLike = disagreement(allTwelve({ I: 1000 / 1716, II: 1000 / 1206, III: 1000 / 1229 }));
    expect(ludbLike!).toBeGreaterThan(0.1);
    expect(limbLeadsAgree(ludbLike)).toBe(false);
  });

  it('a faulty lead is not a calibration error: beats where the quality check found a fault are not judged', () => {
    const whole = [{ start: 0, end: ecg.leads[0]!.mv.length }];
    const flatIII = changeLead(allTwelve(), 'III', () => 0);
    expect(limbLeadsAgree(disagreement(flatIII))).toBe(false); // why the quality findings are needed
    expect(disagreement(flatIII, [[], [], whole])!).toBeLessThan(1e-6);
    // Clipped for 2 s and flagged there; the other beats still judge III = II - I.
    const clipped = changeLead(allTwelve(), 'III', (v, k) => (k < 2 * FS ? 5 : v));
    expect(disagreement(clipped, [[], [], [{ start: 0, end: 2 * FS }]])!).toBeLessThan(1e-6);
    // Noise of 0.03 mV RMS in one lead, below what the quality check flags: the QRS complexes still agree.
    let seed = 7;
    const noisy = changeLead(allTwelve(), 'III', (v) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return v + 0.03 * 3.4 * (seed / 2 ** 32 - 0.5);
    });
    expect(limbLeadsAgree(disagreement(noisy))).toBe(true);
    // Heavy noise (0.3 mV RMS) in the first half of III, found by the quality check: the quiet beats judge.
    const half = ecg.leads[0]!.mv.length / 2;
    const loud = changeLead(allTwelve(), 'III', (v, k) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return k < half ? v + 0.3 * 3.4 * (seed / 2 ** 32 - 0.5) : v;
    });
    expect(limbLeadsAgree(disagreement(loud))).toBe(false); // why the noise findings are used
    expect(disagreement(loud, [], [[], [], [{ start: 0, end: half }]])!).toBeLessThan(1e-6);
    // Noise over the whole lead leaves no quiet beat: every usable beat is read rather than none.
    expect(disagreement(loud, [], [[], [], [{ start: 0, end: 2 * half }]])).toBe(disagreement(loud));
  });

  it('derived limb leads are not checked; beats with missing samples are skipped', () => {
    expect(disagreement(ecg.leads)).toBeNull(); // I, II, V1-V6: III, aVR, aVL, aVF are derived
    expect(limbLeadsAgree(null)).toBe(true);
    const half = ecg.leads[0]!.mv.length / 2;
    const gappy = changeLead(allTwelve(), 'aVL', (v, k) => (k < half ? NaN : v));
    expect(disagreement(gappy)!).toBeLessThan(1e-6);
    const allMissing = changeLead(changeLead(changeLead(changeLead(allTwelve(), 'III', () => NaN), 'aVR', () => NaN), 'aVL', () => NaN), 'aVF', () => NaN);
    expect(disagreement(allMissing)).toBeNull();
  });
});
