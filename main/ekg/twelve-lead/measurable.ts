import type { LeadSet, LeadSignal, StandardLead } from './leads.ts';
import type { Unusable } from './rhythm.ts';

/**
 * A lead whose own faults (gap, lead-off, flatline, saturation) cover at least this share of the
 * recording is not measured; nor is one whose faults and noise (muscle, mains) do, when its noise
 * is also large in absolute terms (MEASUREMENT_NOISE_MV). The median beat outvotes a minority of
 * bad beats, not a majority: one lead of 0.2 mV muscle noise in an otherwise clean tracing moved
 * the global QRS onset and offset to 92/164 ms (SHORT_PR, WIDE_QRS, long QTc), a lead-off lead II
 * turned every axis to -27 deg, a missing one to 0 deg. Baseline wander is not counted: the
 * per-beat baseline removal takes it out.
 */
export const UNMEASURABLE_SHARE = 0.5;
/**
 * Noise RMS above 20 Hz between the QRS complexes (sqi/high-band-noise.ts) from which a noisy lead
 * is left out. The quality check calls a lead noisy relative to its own QRS, which a lead nearly
 * perpendicular to the heart's axis (small QRS) is without being unreadable: such leads in the
 * shared CinC 2021 records measure 0.015-0.04 mV, and leaving them out lost a correct axis
 * (E07500, aVF). 0.05 mV hides a P wave (thresholds: pWaveMaskingNoiseMv); a synthetic lead at
 * 0.08 mV already moved the QRS end by 30 ms.
 */
export const MEASUREMENT_NOISE_MV = 0.05;
/** Spoiled leads are left out only while at least this many good ones remain (see measurableLeads). */
export const MIN_MEASURED_LEADS = 3;

/** Share of [0, samples) covered by the union of `spans`. */
function coveredShare(spans: readonly Unusable[], samples: number): number {
  if (samples <= 0) return 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let covered = 0;
  let end = 0;
  for (const s of sorted) {
    const from = Math.max(s.start, end, 0);
    const to = Math.min(s.end, samples);
    if (to > from) covered += to - from;
    end = Math.max(end, Math.min(s.end, samples));
  }
  return covered / samples;
}

/** `bad` with the limb leads derived from I and II marked as bad as the worse of the two. */
function withDerived(set: LeadSet, bad: boolean[]): boolean[] {
  const iIdx = set.index.get('I');
  const iiIdx = set.index.get('II');
  if ((iIdx !== undefined && bad[iIdx] === true) || (iiIdx !== undefined && bad[iiIdx] === true)) {
    for (const d of set.derived) {
      const k = set.index.get(d);
      if (k !== undefined) bad[k] = true;
    }
  }
  return bad;
}

/** What measurableLeads judges each input lead by (input order, as `set.leads` begins). */
export interface LeadCondition {
  /** Fault stretches: no heart signal there. */
  readonly faults: readonly (readonly Unusable[])[];
  /** Fault and noise stretches together. */
  readonly spoiled: readonly (readonly Unusable[])[];
  /** The lead's high-band noise RMS, mV (null: not measurable); asked only of mostly spoiled leads. */
  readonly noiseMv: (lead: number) => number | null;
}

/**
 * The leads of `set` that can be measured, as a lead set of their own, and the names of those that
 * cannot. A limb lead derived from I and II is as measurable as the worse of the two. A faulty
 * lead carries no heart signal and is left out while any lead remains; a noisy one only while
 * MIN_MEASURED_LEADS remain.
 */
export function measurableLeads(set: LeadSet, c: LeadCondition, samples: number): { set: LeadSet; excluded: string[] } {
  const faulty = withDerived(set, set.leads.map((_, i) => coveredShare(c.faults[i] ?? [], samples) >= UNMEASURABLE_SHARE));
  // With every lead faulty there is nothing better to measure from: the analysis reads them all
  // and its own signal-quality tests (POOR_SIGNAL) judge the tracing.
  if (!faulty.includes(false)) return { set, excluded: [] };
  const noisy = withDerived(
    set,
    set.leads.map((_, i) => {
      if (faulty[i] === true || coveredShare(c.spoiled[i] ?? [], samples) < UNMEASURABLE_SHARE) return false;
      const noise = c.noiseMv(i);
      return noise === null || noise >= MEASUREMENT_NOISE_MV;
    }),
  );
  // Noisy leads are dropped only while enough good ones remain to delineate across. Dropping a
  // single-lead record's only lead for "noise" also dropped atrial fibrillation, whose f waves read
  // as noise; a two-lead Holter strip read from one lead raised more false irregular-rhythm flags
  // under muscle noise than both leads together (MIT-BIH + nst 'ma': 6 dB, 26 -> 30 of 547 strips).
  const withNoisy = faulty.map((f, i) => f || noisy[i] === true);
  const bad = withNoisy.filter((b) => !b).length >= MIN_MEASURED_LEADS ? withNoisy : faulty;
  if (!bad.includes(true)) return { set, excluded: [] };
  const leads: LeadSignal[] = [];
  const index = new Map<StandardLead, number>();
  const excluded: string[] = [];
  set.leads.forEach((l, k) => {
    if (bad[k]) {
      excluded.push(l.name);
      return;
    }
    for (const [name, at] of set.index) if (at === k) index.set(name, leads.length);
    leads.push(l);
  });
  return { set: { leads, index, derived: set.derived.filter((d) => index.has(d)) }, excluded };
}
