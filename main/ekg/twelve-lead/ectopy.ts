import { spatialVelocity } from './beats.ts';
import { quantile } from './stats.ts';

/**
 * QRS duration of every single beat (ms) from its own spatial velocity, with the same relative
 * threshold as the median-beat delineator: wide premature beats are the ventricular ectopics.
 */
export function beatQrsWidths(leads: readonly Float32Array[], fiducials: Int32Array, fsHz: number): Float64Array {
  const half = Math.round(0.2 * fsHz);
  const widths = new Float64Array(fiducials.length);
  const n = leads[0]?.length ?? 0;
  for (let b = 0; b < fiducials.length; b++) {
    const f = fiducials[b]!;
    const from = Math.max(0, f - half);
    const to = Math.min(n, f + half);
    const sv = spatialVelocity(leads, from, to);
    const c = f - from;
    let peak = 0;
    for (let i = Math.max(0, c - Math.round(0.04 * fsHz)); i <= Math.min(sv.length - 1, c + Math.round(0.04 * fsHz)); i++) peak = Math.max(peak, sv[i]!);
    const floor = quantile(sv, 0.1);
    const thr = floor + 0.1 * (peak - floor);
    let on = c;
    while (on > 0 && sv[on]! >= thr) on--;
    let off = c;
    while (off < sv.length - 1 && sv[off]! >= thr) off++;
    widths[b] = ((off - on) * 1000) / fsHz;
  }
  return widths;
}
