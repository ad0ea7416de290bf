// Whether a record's recorded limb leads agree with each other in millivolts.
//
// Einthoven's and Goldberger's relations (III = II - I, aVR = -(I + II)/2, aVL = I - II/2,
// aVF = II - I/2) are identities of the three limb-electrode potentials, not physiology: noise,
// wander and electrode swaps obey them too. Only wrong calibration or mislabelled leads break them,
// and amplifier gain tolerance (+/- 5 %, IEC 60601-2-25) bends them a little. A record that breaks
// them has per-lead amplitudes that cannot all be right, so findings built on amplitudes (axis,
// voltage, ST levels) cannot be trusted, while timing (rate, intervals) is untouched.
import { FLAG_THRESHOLDS } from '../../domain/ekg-flags/thresholds.ts';
import type { LeadSet, StandardLead } from './leads.ts';

type Relation = readonly [target: StandardLead, a: StandardLead, ca: number, b: StandardLead, cb: number];

/** target = ca * a + cb * b. */
const RELATIONS: readonly Relation[] = [
  ['III', 'II', 1, 'I', -1],
  ['aVR', 'I', -0.5, 'II', -0.5],
  ['aVL', 'I', 1, 'II', -0.5],
  ['aVF', 'II', 1, 'I', -0.5],
];

/**
 * The worst disagreement over the relations whose three leads were all recorded (derived leads
 * agree by construction): RMS of (target - ca*a - cb*b) over RMS(target) + |ca| RMS(a) + |cb| RMS(b),
 * each lead's mean removed first, samples where any of the three is NaN skipped. Gain errors of at
 * most g in every lead give at most g / (1 - g). Null when no relation can be checked.
 */
export function limbLeadDisagreement(set: LeadSet): number | null {
  const recorded = (n: StandardLead) => (set.derived.includes(n) ? undefined : set.index.get(n));
  let worst: number | null = null;
  for (const [t, a, ca, b, cb] of RELATIONS) {
    const it = recorded(t);
    const ia = recorded(a);
    const ib = recorded(b);
    if (it === undefined || ia === undefined || ib === undefined) continue;
    const xt = set.leads[it]!.mv;
    const xa = set.leads[ia]!.mv;
    const xb = set.leads[ib]!.mv;
    const n = Math.min(xt.length, xa.length, xb.length);
    let count = 0;
    let mt = 0;
    let ma = 0;
    let mb = 0;
    for (let i = 0; i < n; i++) {
      const vt = xt[i]!;
      const va = xa[i]!;
      const vb = xb[i]!;
      if (vt !== vt || va !== va || vb !== vb) continue;
      mt += vt;
      ma += va;
      mb += vb;
      count++;
    }
    if (count === 0) continue;
    mt /= count;
    ma /= count;
    mb /= count;
    let sr = 0;
    let st = 0;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const vt = xt[i]! - mt;
      const va = xa[i]! - ma;
      const vb = xb[i]! - mb;
      if (vt !== vt || va !== va || vb !== vb) continue;
      const r = vt - ca * va - cb * vb;
      sr += r * r;
      st += vt * vt;
      sa += va * va;
      sb += vb * vb;
    }
    const scale = Math.sqrt(st / count) + Math.abs(ca) * Math.sqrt(sa / count) + Math.abs(cb) * Math.sqrt(sb / count);
    if (scale === 0) continue;
    const d = Math.sqrt(sr / count) / scale;
    worst = worst === null ? d : Math.max(worst, d);
  }
  return worst;
}

/** True unless the limb leads disagree beyond gain tolerance (threshold `limbLeadDisagreementMax`). */
export function limbLeadsAgree(disagreement: number | null): boolean {
  return disagreement === null || disagreement <= FLAG_THRESHOLDS.limbLeadDisagreementMax.value;
}
