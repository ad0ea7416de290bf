import { TRACING_COLUMNS } from '../../common/ekg/tracingLayout.ts';

/** One lead's recent quality, as the `cart.quality` event gives it (kinds empty = clean). */
export interface LeadQualityView {
  readonly lead: string;
  readonly kinds: readonly string[];
}

export interface LiveLeadState {
  /** Leads drawn grey with their name struck: a problem of that lead's own. */
  readonly greyLeads: ReadonlySet<string>;
  /** Every lead is flat with no electrode off: shown once for the whole view, not as 12 bad leads. */
  readonly everyLeadFlat: boolean;
  /** What to do about a noisy signal, in plain words; null when no lead is noisy (or every lead is flat: that comes first). */
  readonly noiseText: string | null;
}

/**
 * Quality kinds of a signal that is there but disturbed: muscle tremor or movement (`noise`),
 * breathing or movement (`baseline-wander`), mains hum (`powerline`). The patient lying still and
 * relaxed and well-stuck electrodes are what the assistant can do about each.
 */
const NOISE_KINDS: ReadonlySet<string> = new Set(['noise', 'baseline-wander', 'powerline']);

/** Leads named in the order of the 12-lead layout (I, II, III, aVR... V6), whatever order the cart reports them in. */
const LEAD_ORDER = TRACING_COLUMNS.flat();
const leadRank = (lead: string) => (LEAD_ORDER.includes(lead) ? LEAD_ORDER.indexOf(lead) : LEAD_ORDER.length);

/**
 * What the live view makes of the cart's quality. A flat line in every lead at once, with no
 * electrode reported off, is what a cardiac pause or asystole looks like: greying all 12 leads
 * told the assistant "your electrodes are bad" when the patient's heart may have stopped. Then
 * 'flatline' greys no lead (the view says every lead is flat instead); a lead's other problems
 * (noise, lead-off, saturation...) still grey it. One flat lead among live ones, or flat leads
 * with an electrode off, stay greyed as that lead's own problem.
 *
 * A noisy signal greys its leads too, and the view says what to do: a UI tester found all 12
 * leads greyed by noise with no word of why (every lead: the patient moving or tense; a few:
 * named, their electrodes to check).
 */
export function liveLeadState(quality: readonly LeadQualityView[], electrodesOff: readonly string[], connected: boolean): LiveLeadState {
  // Quality comes only while the cart streams: after it drops, the last report says nothing about
  // the patient now (a review found the flat-line banner standing beside "Cart: disconnected").
  if (!connected) return { greyLeads: new Set(), everyLeadFlat: false, noiseText: null };
  const everyLeadFlat = electrodesOff.length === 0 && quality.length > 0 && quality.every((l) => l.kinds.includes('flatline'));
  const ownProblems = (l: LeadQualityView) => (everyLeadFlat ? l.kinds.filter((k) => k !== 'flatline') : l.kinds);
  const noisy = quality.filter((l) => l.kinds.some((k) => NOISE_KINDS.has(k)));
  return {
    greyLeads: new Set(quality.filter((l) => ownProblems(l).length > 0).map((l) => l.lead)),
    everyLeadFlat,
    noiseText: everyLeadFlat || noisy.length === 0 ? null : noiseText(noisy.length === quality.length ? null : noisy.map((l) => l.lead)),
  };
}

/** `leads` null: every lead. Says what is seen and what to do, never why the patient's signal is so. */
function noiseText(leads: readonly string[] | null): string {
  if (leads === null) return 'Signal noisy on every lead: ask the patient to lie still and relax, and check the electrodes.';
  const named = [...leads].sort((a, b) => leadRank(a) - leadRank(b)).join(', ');
  return `Signal noisy on ${named}: check the electrodes for ${leads.length === 1 ? 'that lead' : 'those leads'} and ask the patient to lie still.`;
}
