// When a beat of another shape is early: from the RR before it and, in a regular rhythm, the pause
// after it. A ventricular ectopic beat leaves the sinus node unreset, so a compensatory pause follows
// it (coupling + pause = two cycles; Chou's Electrocardiography). The irregularity of the rhythm
// (analyze.ts) and VENTRICULAR_ECTOPY (flags.ts) both read it.
import { FLAG_THRESHOLDS as T } from '../../domain/ekg-flags/thresholds.ts';

/**
 * A first beat's coupling is read as 2 - (pause after it); under half a cycle the beat would sit on
 * the previous T wave, so a longer "pause" is something else (a dropped beat, a sinus pause).
 */
const MIN_COUPLING_FRACTION = 0.5;

/**
 * Whether a beat came early. `before` and `after` are the counted RR before and after it over the
 * rhythm's cycle (NaN where not counted: the first beat, across an unusable stretch, the last beat).
 * Early: `before` under prematureRrFraction; or, in a regular rhythm, a compensatory pause shows it:
 * - the first beat, with no RR before it, when the pause after it is at least 2 - prematureRrFraction
 *   cycles (its coupling was under prematureRrFraction) and at most 2 - MIN_COUPLING_FRACTION;
 * - a late-coupled beat, early by outOfStepFraction or more, followed by a pause as long, the two
 *   adding up to two cycles within twice that fraction (an on-time beat, or an early one the rhythm
 *   resets after, is not out of step on both sides).
 */
export function earlyBeat(before: number, after: number, first: boolean, regular: boolean): boolean {
  const early = T.prematureRrFraction.value;
  if (before < early) return true;
  if (!regular) return false;
  const step = T.outOfStepFraction.value;
  if (first) return after >= 2 - early && after <= 2 - MIN_COUPLING_FRACTION;
  return before <= 1 - step && after >= 1 + step && Math.abs(before + after - 2) <= 2 * step;
}
