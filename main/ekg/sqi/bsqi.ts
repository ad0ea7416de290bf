// Beat-agreement signal quality (bSQI): how well two independent QRS detectors agree on a recording.
import { elgendiPeaks } from './elgendi.ts';

/** Two detections of the same beat lie within 150 ms (Li, Mark & Clifford, Physiol Meas 2008;29:15; the AAMI EC57 match window). */
const MATCH_WINDOW_S = 0.15;

/**
 * F1 agreement of two ascending beat lists (Behar et al., IEEE TBME 2013;60:1660): 2 * matched /
 * (countA + countB), each beat matched at most once, in time order. 1 when both are empty.
 */
export function beatAgreement(a: Int32Array, b: Int32Array, fsHz: number): number {
  if (a.length + b.length === 0) return 1;
  const window = MATCH_WINDOW_S * fsHz;
  let matched = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const d = a[i]! - b[j]!;
    if (d < -window) i++;
    else if (d > window) j++;
    else {
      matched++;
      i++;
      j++;
    }
  }
  return (2 * matched) / (a.length + b.length);
}

/** Whether sample `s` lies in any [start, end) stretch. */
const inside = (s: number, stretches: readonly { start: number; end: number }[]) => stretches.some((u) => u.start <= s && s < u.end);

/** Latest time after a beat's R peak at which its T wave can still peak (QT up to 600 ms at very slow rates). */
const REPOLARISATION_END_S = 0.6;

/** bSQI of a recording, and the same with the second detector's beats on the station's beats' T waves left out. */
export interface RecordBeatAgreement {
  readonly all: number;
  /**
   * Second-detector beats from MATCH_WINDOW_S to REPOLARISATION_END_S after one of the station's
   * beats are not counted: Elgendi's detector, tuned to usual rates (its threshold is a share of
   * the record's mean energy), takes tall narrow T waves for beats when beats are seconds apart.
   * Beats it finds anywhere else still count against the station's.
   */
  readonly besideRepolarisation: number;
}

/**
 * bSQI of a recording: agreement of the station's beats with Elgendi's detector run on each lead,
 * the best lead counting (one clean lead is enough to trust the beats). Beats the second detector
 * finds inside stretches where no lead is usable are left out, as the station's are.
 * Published use: bSQI < 0.9 means the beats are not to be trusted (Vest et al., Physiol Meas 2018).
 */
export function recordBeatAgreement(leads: readonly Float32Array[], beats: Int32Array, fsHz: number, unusable: readonly { start: number; end: number }[] = []): RecordBeatAgreement | null {
  if (leads.length === 0) return null;
  const window = MATCH_WINDOW_S * fsHz;
  // On a T wave of ours and matching none of our beats: at a fast rate the next beat's QRS also lies
  // 150-600 ms after a beat, and it must still count (a review found the agreement 0.1 at 130/min).
  const onRepolarisation = (s: number) =>
    beats.some((b) => s - b > window && s - b <= REPOLARISATION_END_S * fsHz) && !beats.some((b) => Math.abs(s - b) <= window);
  let all = -Infinity;
  let besideRepolarisation = -Infinity;
  for (const lead of leads) {
    const second = elgendiPeaks(lead, fsHz).filter((s) => !inside(s, unusable));
    all = Math.max(all, beatAgreement(beats, second, fsHz));
    besideRepolarisation = Math.max(besideRepolarisation, beatAgreement(beats, second.filter((s) => !onRepolarisation(s)), fsHz));
  }
  return { all, besideRepolarisation };
}
