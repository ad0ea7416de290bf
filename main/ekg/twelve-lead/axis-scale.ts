// The common scale the frontal axes are read at.
//
// An axis weighs one limb lead against another (aVF's area against lead I's), so it needs the limb
// leads on one common scale, not a calibrated one. The stated per-lead gains give that scale when
// the limb leads agree in mV (limb-consistency.ts). When they do not, the recording's own digital
// units may: where Einthoven's and Goldberger's relations hold on the stored samples, the recording
// treats its limb leads as one scale. Either each lead was digitised on its own, and then the
// relations show one gain (with gains g1 != g2, III = II - I cannot hold both in mV and in digital
// units unless two limb leads' signals are proportional, which they never are); or the device
// derived III, aVR, aVL and aVF from I and II in its own units, which is meaningful only with I and
// II on one scale: that is the device's word, not a proof (a converter that derived leads from I and
// II stored at different, rightly stated gains would give a wrong axis here). The stated gains are
// taken to be what is wrong. Amplitudes in mV stay unknown (low voltage, ST levels). The shared LUDB
// copy is the second case: III - (II - I) is 0 in every stored sample, and each lead's header gain
// equals its own digital range; its axes read in stored units order its axis labels better than
// with the header gains (docs/ekg-analysis.md, "Session 17").
import { completeLeadSet, type LeadSet, type StandardLead } from './leads.ts';

/**
 * 'mv': the limb leads agree as calibrated. 'recorded-units': they agree only in the recording's
 * digital units (the stated gains disagree, or none were given). null: no common scale is known.
 */
export type AxisScale = 'mv' | 'recorded-units' | null;

/** The input leads in the recording's digital units (mV times the stated units per mV), derived limb leads from those. */
export function leadSetInRecordedUnits(set: LeadSet, unitsPerMv: readonly number[]): LeadSet {
  // The derived leads are appended after the input's (completeLeadSet).
  const recorded = set.leads.slice(0, set.leads.length - set.derived.length);
  return completeLeadSet(recorded.map((l, i) => ({ name: l.name, mv: Float32Array.from(l.mv, (v) => v * (unitsPerMv[i] ?? Number.NaN)) })));
}

/**
 * Leads I and aVF of the median beat (`beats`, in `set` order) on the axis scale. In recorded units
 * each recorded lead is multiplied by its stated units per mV, and an aVF the station derived (from I
 * and II in mV, whose gains disagree) is derived again from I and II in recorded units. Undefined
 * where a lead is missing or its scale unknown.
 */
export function axisLeads(
  set: LeadSet,
  beats: readonly Float32Array[],
  scale: AxisScale,
  unitsPerMvOf: (lead: StandardLead) => number | undefined,
): { leadI: Float32Array | undefined; leadAvf: Float32Array | undefined } {
  const at = (lead: StandardLead) => {
    const k = set.index.get(lead);
    return k === undefined ? undefined : beats[k];
  };
  if (scale !== 'recorded-units') return { leadI: at('I'), leadAvf: at('aVF') };
  const inUnits = (lead: StandardLead) => {
    const x = at(lead);
    const g = unitsPerMvOf(lead);
    return x === undefined || g === undefined || set.derived.includes(lead) ? undefined : Float32Array.from(x, (v) => v * g);
  };
  const leadI = inUnits('I');
  if (!set.derived.includes('aVF')) return { leadI, leadAvf: inUnits('aVF') };
  const leadIi = inUnits('II');
  return { leadI, leadAvf: leadI === undefined || leadIi === undefined ? undefined : Float32Array.from(leadIi, (v, j) => v - leadI[j]! / 2) };
}
