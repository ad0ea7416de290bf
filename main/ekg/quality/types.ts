export type QualityKind = 'lead-off' | 'flatline' | 'saturation' | 'baseline-wander' | 'noise' | 'powerline' | 'gap';

/** A stretch [start, end) of samples where one lead (or, with `lead: null`, every lead) cannot be trusted. */
export interface QualityInterval {
  lead: string | null;
  start: number;
  end: number;
  kind: QualityKind;
}

export interface QualityOptions {
  /** The station's mains frequency; null = unknown, so both 50 and 60 Hz are checked. */
  readonly mainsHz: 50 | 60 | null;
}

/** Kinds that make a lead useless for finding beats; baseline wander and mains hum do not (a QRS band-pass removes them). */
export const UNUSABLE_KINDS: ReadonlySet<QualityKind> = new Set(['gap', 'lead-off', 'flatline', 'saturation', 'noise']);
