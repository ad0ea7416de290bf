import { qrsVector } from './beats.ts';
import { correlation } from './stats.ts';

/** Two QRS complexes look alike at a correlation of at least 0.86 (Orphanidou et al., IEEE JBHI 2015;19:832, template-matching SQI). */
export const ALIKE_CORRELATION = 0.86;

/**
 * Share of beats whose multi-lead QRS (+-60 ms around the fiducial) looks like at least one other
 * beat's. Heartbeats recur: even with two morphologies (paced and conducted, bigeminy, aberrancy)
 * every beat has a twin, while "beats" a detector took from noise are each shaped differently.
 * Unlike the correlation with one median template (Orphanidou et al. 2015), a tracing with two real
 * morphologies is not called noisy. Beats whose window runs off the record are left out; null with
 * fewer than three beats.
 */
export function twinnedBeatShare(leads: readonly Float32Array[], fiducials: Int32Array, fsHz: number): number | null {
  const half = Math.round(0.06 * fsHz);
  const n = leads[0]?.length ?? 0;
  const vectors = Array.from(fiducials)
    .filter((f) => f - half >= 0 && f + half < n)
    .map((f) => qrsVector(leads, f, half));
  if (vectors.length < 3) return null;
  const best = new Float64Array(vectors.length).fill(-1);
  for (let a = 0; a < vectors.length; a++) {
    for (let b = a + 1; b < vectors.length; b++) {
      const c = correlation(vectors[a]!, vectors[b]!);
      if (c > best[a]!) best[a] = c;
      if (c > best[b]!) best[b] = c;
    }
  }
  let twinned = 0;
  for (const c of best) if (c >= ALIKE_CORRELATION) twinned++;
  return twinned / best.length;
}
