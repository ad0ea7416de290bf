import { describe, expect, it } from 'vitest';
import { completeLeadSet, type LeadSignal } from '../../../../main/ekg/twelve-lead/leads.ts';
import { limbLeadDisagreement, limbLeadsAgree } from '../../../../main/ekg/twelve-lead/limb-consistency.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

/** The synthetic cart set (I, II, V1-V6) with III, aVR, aVL, aVF recorded too, each times its gain. */
function allTwelve(gains: Partial<Record<string, number>> = {}): LeadSignal[] {
  const { leads } = syntheticEcg({ noiseMv: 0.02 });
  const I = leads.find((l) => l.name === 'I')!.mv;
  const II = leads.find((l) => l.name === 'II')!.mv;
  const limb: [string, (i: number, ii: number) => number][] = [
    ['I', (i) => i],
    ['II', (_, ii) => ii],
    ['III', (i, ii) => ii - i],
    ['aVR', (i, ii) => -(i + ii) / 2],
    ['aVL', (i, ii) => i - ii / 2],
    ['aVF', (i, ii) => ii - i / 2],
  ];
  const out = limb.map(([name, f]) => ({ name, mv: Float32Array.from(I, (v, k) => (gains[name] ?? 1) * f(v, II[k]!)) }));
  return [...out, ...leads.filter((l) => l.name.startsWith('V'))];
}

describe("limb leads against Einthoven's and Goldberger's relations", () => {
  it('recorded limb leads of one scale agree, noise included', () => {
    const d = limbLeadDisagreement(completeLeadSet(allTwelve()));
    expect(d).not.toBeNull();
    expect(d!).toBeLessThan(1e-6);
    expect(limbLeadsAgree(d)).toBe(true);
  });

  it('gain errors within 5 % (IEC 60601-2-25) still agree; per-lead scales like the LUDB headers do not', () => {
    const tolerance = limbLeadDisagreement(completeLeadSet(allTwelve({ I: 1.05, II: 0.95, III: 1.05, aVR: 0.95, aVL: 1.05, aVF: 0.95 })));
    expect(tolerance!).toBeGreaterThan(0.01);
    expect(limbLeadsAgree(tolerance)).toBe(true);
    // LUDB record 1's header gains for I, II, III are 1716, 1206, 1229 adu/mV over samples of one scale.
    const ludbLike = limbLeadDisagreement(completeLeadSet(allTwelve({ I: 1000 / 1716, II: 1000 / 1206, III: 1000 / 1229 })));
    expect(ludbLike!).toBeGreaterThan(0.05);
    expect(limbLeadsAgree(ludbLike)).toBe(false);
  });

  it('derived limb leads are not checked; NaN samples are skipped', () => {
    const cart = syntheticEcg().leads; // I, II, V1-V6: III, aVR, aVL, aVF are derived
    expect(limbLeadDisagreement(completeLeadSet(cart))).toBeNull();
    expect(limbLeadsAgree(null)).toBe(true);
    const gappy = allTwelve().map((l) => (l.name === 'aVL' ? { name: l.name, mv: l.mv.map((v, k) => (k % 7 === 0 ? NaN : v)) } : l));
    expect(limbLeadDisagreement(completeLeadSet(gappy))!).toBeLessThan(1e-6);
  });
});
