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
}

/**
 * What the live view makes of the cart's quality. A flat line in every lead at once, with no
 * electrode reported off, is what a cardiac pause or asystole looks like: greying all 12 leads
 * told the assistant "your electrodes are bad" when the patient's heart may have stopped. Then
 * 'flatline' greys no lead (the view says every lead is flat instead); a lead's other problems
 * (noise, lead-off, saturation...) still grey it. One flat lead among live ones, or flat leads
 * with an electrode off, stay greyed as that lead's own problem.
 */
export function liveLeadState(quality: readonly LeadQualityView[], electrodesOff: readonly string[], connected: boolean): LiveLeadState {
  // Quality comes only while the cart streams: after it drops, the last report says nothing about
  // the patient now (a review found the flat-line banner standing beside "Cart: disconnected").
  if (!connected) return { greyLeads: new Set(), everyLeadFlat: false };
  const everyLeadFlat = electrodesOff.length === 0 && quality.length > 0 && quality.every((l) => l.kinds.includes('flatline'));
  const ownProblems = (l: LeadQualityView) => (everyLeadFlat ? l.kinds.filter((k) => k !== 'flatline') : l.kinds);
  return { greyLeads: new Set(quality.filter((l) => ownProblems(l).length > 0).map((l) => l.lead)), everyLeadFlat };
}
