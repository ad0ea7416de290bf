import { smoothedSpatialVelocity } from './beats.ts';
import { delineateQrs } from './delineate.ts';

/**
 * QRS duration of every single beat (ms) from its own spatial velocity, with the same delineator
 * as the median beat: wide premature beats are the ventricular ectopics. Only beats marked in
 * `which` are measured (the others are left NaN).
 */
export function beatQrsWidths(leads: readonly Float32Array[], fiducials: Int32Array, fsHz: number, which: readonly boolean[]): Float64Array {
  const half = Math.round(0.25 * fsHz);
  const widths = new Float64Array(fiducials.length).fill(Number.NaN);
  const n = leads[0]?.length ?? 0;
  for (let b = 0; b < fiducials.length; b++) {
    if (!which[b]) continue;
    const f = fiducials[b]!;
    const from = Math.max(0, f - half);
    const to = Math.min(n, f + half);
    const segment = leads.map((x) => x.subarray(from, to));
    const { qrsOn, qrsOff } = delineateQrs(smoothedSpatialVelocity(segment, fsHz), f - from, fsHz);
    widths[b] = ((qrsOff - qrsOn) * 1000) / fsHz;
  }
  return widths;
}
