// Pacemaker stimulus artefacts ("pacer pulses") on the unfiltered leads. Pure: arrays in, sample indices out.

/**
 * A pacemaker pulse lasts 0.1-2 ms (IEC 60601-2-25 tests carts with pulses of 0.1-2 ms): sampled at
 * 250 Hz or more it is a one-sample edge out of a quiet baseline (LUDB's paced records decimated to
 * 250 Hz: found as at 500 Hz). Below, the 30-ms quiet span before it is a few samples and the QRS's
 * own steps are as abrupt, so nothing is looked for.
 */
export const PACER_MIN_FS_HZ = 250;

const PACER = {
  /** The pulse's edge: the spatial change over this span (one sample at 500 Hz). */
  edgeMs: 2,
  /** It rises out of a baseline quiet this long before it (a pulse starts on the isoelectric line)... */
  quietBeforeMs: 30,
  /** ...at least this many times steeper than any step in that quiet span... */
  quietRatio: 10,
  /** ...and at least this fraction of the steepest step around its beat (a pulse, not a ripple). */
  beatSteepestFraction: 0.5,
  /** Looked for from this long before each R peak (an atrial pulse leads it by the AV delay, up to about 300 ms, and part of the QRS)... */
  searchBeforeMs: 350,
  /**
   * ...to this long after it (the detector may have put the R peak on the pulse's edge). Later edges
   * are not the beat's pulse: LUDB 109 has a jump after samples held for 14 ms, 18 ms after an R peak.
   */
  searchAfterMs: 10,
  /** The span around an R peak whose steepest step the pulse is compared with. */
  beatSpanMs: 100,
} as const;

/**
 * Pacemaker pulses before the R peaks, with the `known` ones: sample indices of their first samples,
 * sorted. A pulse is an
 * edge steeper than any step of the 30 ms before it by ten times, from a quiet baseline, and as steep
 * as the beat's steepest slope. The quiet span tells a pulse from the
 * cart's own sample-and-hold steps inside the QRS (LUDB 43, 99: a jump after 14 ms of held samples,
 * right after the R wave's upstroke), the steepness from a ripple on the baseline.
 */
export function pacerPulses(leads: readonly Float32Array[], fsHz: number, rPeaks: Int32Array, known: Int32Array = new Int32Array(0)): Int32Array {
  const n = leads[0]?.length ?? 0;
  if (fsHz < PACER_MIN_FS_HZ || n === 0) return known;
  const ms = (v: number) => Math.round((v * fsHz) / 1000);
  const w = Math.max(1, ms(PACER.edgeMs));
  // Spatial step over w samples ending at i: the sum over leads of the change (missing samples skipped).
  const step = new Float64Array(n);
  for (const x of leads) {
    for (let i = w; i < n; i++) {
      const d = x[i]! - x[i - w]!;
      if (d === d) step[i]! += Math.abs(d);
    }
  }
  const quiet = ms(PACER.quietBeforeMs);
  const found = new Set<number>(known);
  for (const r of rPeaks) {
    const from = Math.max(w + quiet, r - ms(PACER.searchBeforeMs));
    const to = Math.min(n - 1, r + ms(PACER.searchAfterMs));
    let steepest = 0;
    for (let i = Math.max(w, r - ms(PACER.beatSpanMs)); i <= Math.min(n - 1, r + ms(PACER.beatSpanMs)); i++) steepest = Math.max(steepest, step[i]!);
    for (let i = from; i <= to; i++) {
      const s = step[i]!;
      if (s <= 0 || s < PACER.beatSteepestFraction * steepest) continue;
      let before = 0;
      for (let k = i - quiet; k <= i - w; k++) before = Math.max(before, step[k]!);
      // The first sample whose step qualifies is the pulse's first (later ones are merged below).
      if (s > PACER.quietRatio * before) found.add(i);
    }
  }
  // Edges inside one artefact's shortest span are that pulse's (the next samples of a 2-ms edge at
  // 1000 Hz, the second phase of a biphasic pulse).
  const merge = ms(PACER_ARTEFACT.minAfterMs);
  const out: number[] = [];
  for (const p of [...found].sort((a, b) => a - b)) if (out.length === 0 || p - out[out.length - 1]! > merge) out.push(p);
  return Int32Array.from(out);
}

/**
 * The span a pacemaker artefact may take from its first sample: the pulse (0.1-2 ms) and the
 * amplifier's recovery from it. Artefacts on 12-lead tracings last up to about 27 ms (Haq et al.,
 * Comput Biol Med 2021;133:104396: 27.2 +- 3.5 ms at most); at least `minAfterMs` is taken.
 */
export const PACER_ARTEFACT = { beforeMs: 2, minAfterMs: 4, maxAfterMs: 27 } as const;

/**
 * The leads with every pacemaker artefact replaced by the straight line between the samples either
 * side of it, so that neither the filters nor the analysis take the pacemaker's pulse for the heart's
 * activity. The artefact ends where the recovery's spatial slope, falling since the pulse, first
 * stops falling: there the recovery is over or the heart's own activity begins.
 */
export function withoutPacerArtefacts(leads: readonly Float32Array[], pulses: Int32Array, fsHz: number): Float32Array[] {
  const n = leads[0]?.length ?? 0;
  const ms = (v: number) => Math.max(1, Math.round((v * fsHz) / 1000));
  const w = ms(PACER.edgeMs);
  const slope = (i: number) => {
    let s = 0;
    for (const x of leads) {
      const d = x[i]! - x[i - w]!;
      if (d === d) s += Math.abs(d);
    }
    return s;
  };
  const spans = [...pulses].map((p) => {
    let end = p + w;
    while (end < p + ms(PACER_ARTEFACT.maxAfterMs) && end + 1 < n && slope(end + 1) < slope(end)) end++;
    return { from: p - ms(PACER_ARTEFACT.beforeMs), to: Math.max(end, p + ms(PACER_ARTEFACT.minAfterMs)) };
  });
  return leads.map((x) => {
    const out = Float32Array.from(x);
    for (const { from, to } of spans) {
      const a = from - 1;
      const b = to + 1;
      if (a < 0 || b >= n) continue;
      const va = out[a]!;
      const vb = out[b]!;
      for (let i = a + 1; i < b; i++) out[i] = va + ((vb - va) * (i - a)) / (b - a);
    }
    return out;
  });
}
