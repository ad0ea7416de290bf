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

/** Where a lead (index) or every lead (null) cannot be used to find beats: the detector skips it. */
export interface UnusableInterval {
  lead: number | null;
  start: number;
  end: number;
}

/**
 * Kinds after which beats in that stretch are not to be trusted (artifact, missing or clipped data).
 * Baseline wander and mains hum are reported but do not count: a QRS band-pass removes them.
 */
export const ARTIFACT_KINDS: ReadonlySet<QualityKind> = new Set(['gap', 'lead-off', 'flatline', 'saturation', 'noise']);

/** Kinds that can make a lead unusable for finding beats; every `lead: null` interval has one of them. */
export const UNUSABLE_KINDS: ReadonlySet<QualityKind> = new Set(['gap', 'lead-off', 'flatline', 'noise']);
