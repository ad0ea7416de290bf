/** R-peak detection: a streaming multi-lead detector and its batch wrapper (same results). */
import { StreamingRPeakDetector } from './streaming.ts';
import type { UnusableInterval } from './streaming.ts';

export { StreamingRPeakDetector } from './streaming.ts';
export type { DetectorOptions, UnusableInterval } from './streaming.ts';

/**
 * Detects R peaks in a whole recording: leads in mV (NaN = missing), all of the same length.
 * Returns ascending R-peak sample indices. Runs the streaming detector over the whole record and
 * flushes it, so the result is identical to streaming the same samples in any chunking.
 */
export function detectRPeaks(
  leads: readonly Float32Array[],
  fsHz: number,
  options: { unusable?: readonly UnusableInterval[] } = {},
): Int32Array {
  if (leads.length === 0) return new Int32Array(0);
  const detector = new StreamingRPeakDetector(leads.length, fsHz, options);
  const body = detector.push(leads);
  const tail = detector.flush();
  const all = new Int32Array(body.length + tail.length);
  all.set(body);
  all.set(tail, body.length);
  return all;
}
