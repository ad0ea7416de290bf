/** R-peak detection: a streaming multi-lead detector and its batch wrapper. */
import { StreamingRPeakDetector } from './streaming.ts';
import type { UnusableInterval } from './streaming.ts';
import { HISTORY } from './stats.ts';

export { StreamingRPeakDetector } from './streaming.ts';
export type { DetectorOptions, UnusableInterval } from './streaming.ts';

/** Slowest rate at which the learning phase still fills the detector's HISTORY-beat medians. */
const LEARNING_RATE_BPM = 60;

/** Learning phase of a stored recording, s: HISTORY beats at LEARNING_RATE_BPM (8 s). */
const LEARNING_PHASE_SEC = (HISTORY * 60) / LEARNING_RATE_BPM;

/**
 * A detector that has learned the recording's complexes from its first LEARNING_PHASE_SEC seconds
 * and is back at sample 0 (StreamingRPeakDetector.restartLearned). Only for a recording held
 * whole: a live stream cannot look ahead, so it starts unlearned.
 *
 * The learning phase runs twice. The lead levels settle over the first pass, and the signal and
 * noise peak histories it leaves were measured on the unsettled scale (in the cart's eight leads in
 * ventricular bigeminy, sinus beats scored 1.46 on the first pass and 0.27 after it): thresholds
 * from them kept the smaller PVCs out for the strip's first seconds (30 of 483 on a synthetic grid).
 * A second pass starts from settled levels, so its histories are on the scale detection then uses.
 */
export function learnedDetector(leads: readonly Float32Array[], fsHz: number, options: { unusable?: readonly UnusableInterval[] } = {}): StreamingRPeakDetector {
  const detector = new StreamingRPeakDetector(leads.length, fsHz, options);
  const learnSamples = Math.min(leads[0]?.length ?? 0, Math.round(LEARNING_PHASE_SEC * fsHz));
  for (let pass = 0; pass < 2; pass++) {
    detector.push(leads.map((x) => x.subarray(0, learnSamples)));
    detector.flush();
    detector.restartLearned();
  }
  return detector;
}

/**
 * Detects R peaks in a whole recording: leads in mV (NaN = missing), all of the same length.
 * Returns ascending R-peak sample indices: the learned detector streamed over the whole record and
 * flushed, so the result is identical to streaming the same samples through `learnedDetector` in
 * any chunking.
 */
export function detectRPeaks(
  leads: readonly Float32Array[],
  fsHz: number,
  options: { unusable?: readonly UnusableInterval[] } = {},
): Int32Array {
  if (leads.length === 0) return new Int32Array(0);
  const detector = learnedDetector(leads, fsHz, options);
  const body = detector.push(leads);
  const tail = detector.flush();
  const all = new Int32Array(body.length + tail.length);
  all.set(body);
  all.set(tail, body.length);
  return all;
}
