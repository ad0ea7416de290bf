import { median, medianInPlace } from './stats.ts';

/**
 * Spatial velocity: sum over leads of |x(i + step) - x(i - step)| (central difference), in mV. Multi-lead
 * activity signal used for beat alignment and QRS delineation (Laguna et al., Comput Biomed Res 1994).
 * NaN samples contribute nothing. `step` = activityStep(fsHz) keeps the difference 4 ms wide at any rate.
 */
export function spatialVelocity(leads: readonly Float32Array[], step: number, from = 0, to = leads[0]?.length ?? 0): Float64Array {
  const n = to - from;
  const sv = new Float64Array(Math.max(0, n));
  for (const x of leads) {
    for (let i = Math.max(step, from); i < Math.min(to, x.length - step); i++) {
      const d = x[i + step]! - x[i - step]!;
      if (d === d) sv[i - from]! += Math.abs(d);
    }
  }
  return sv;
}

// The delineator's thresholds are fractions of the activity's peak above its quiet floor; how far noise
// reaches towards them depends on the time spans of the smoothing and of the difference, so both are
// set in milliseconds (the 500 Hz design: a 5-sample median, 8 ms, and a central difference, 4 ms).
// Counted in samples, a QRS measured up to 40 ms longer at 1000 Hz than at 500 Hz (LUDB resampled).
const ACTIVITY_MEDIAN_HALF_MS = 4;
const ACTIVITY_STEP_MS = 2;

/** Half-step of the spatial velocity's central difference at a rate, samples. */
export function activityStep(fsHz: number): number {
  return Math.max(1, Math.round((ACTIVITY_STEP_MS * fsHz) / 1000));
}

/**
 * Spatial velocity of the leads after an 8-ms running median, which removes single-sample glitches
 * (a few ms wide) while keeping QRS slopes. Pacemaker pulses and the amplifier's recovery from them
 * are taken out before (pacer-pulses.ts).
 */
export function smoothedSpatialVelocity(leads: readonly Float32Array[], fsHz: number): Float64Array {
  const half = Math.max(1, Math.round((ACTIVITY_MEDIAN_HALF_MS * fsHz) / 1000));
  return spatialVelocity(leads.map((x) => runningMedian(x, half)), activityStep(fsHz));
}

/**
 * Moves each detector R-peak to the centroid of spatial velocity within +-60 ms: a fiducial point
 * that does not depend on which lead the detector preferred (centre-of-mass alignment, as in
 * signal-averaged ECG practice).
 */
export function alignToActivity(rPeaks: Int32Array, sv: Float64Array, fsHz: number): Int32Array {
  const half = Math.round(0.06 * fsHz);
  const out = new Int32Array(rPeaks.length);
  for (let b = 0; b < rPeaks.length; b++) {
    const r = rPeaks[b]!;
    const lo = Math.max(0, r - half);
    const hi = Math.min(sv.length - 1, r + half);
    let m = 0;
    for (let i = lo; i <= hi; i++) m = Math.max(m, sv[i]!);
    let w = 0;
    let wi = 0;
    for (let i = lo; i <= hi; i++) {
      // Only the upper half of the activity counts, so a neighbouring T wave does not pull the centroid.
      const v = sv[i]! - 0.5 * m;
      if (v > 0) {
        w += v;
        wi += v * i;
      }
    }
    out[b] = w > 0 ? Math.round(wi / w) : r;
  }
  return out;
}

/**
 * Baseline wander removal by linear interpolation between isoelectric knots in the PR segment of
 * each beat (knot-interpolation baseline correction, Meyer & Keiser, Comput Biomed Res 1977,
 * first-order variant). Returns a new array. With `use`, only those beats give a knot: an ectopic
 * ventricular beat has no P wave and so no isoelectric PR segment, and 80 ms before a coupled one
 * the signal is still the previous beat's T wave (a knot there pulled the baseline up to the T wave
 * and read as ST depression on the median beat).
 */
export function removeBaseline(x: Float32Array, fiducials: Int32Array, fsHz: number, use?: readonly boolean[]): Float32Array {
  const out = new Float32Array(x.length);
  const lead = Math.round(0.08 * fsHz);
  const half = Math.max(1, Math.round(0.01 * fsHz));
  const knotAt: number[] = [];
  const knotMv: number[] = [];
  for (let b = 0; b < fiducials.length; b++) {
    if (use !== undefined && !use[b]) continue;
    const c = fiducials[b]! - lead;
    if (c - half < 0 || c + half >= x.length) continue;
    let s = 0;
    let k = 0;
    for (let i = c - half; i <= c + half; i++) {
      const v = x[i]!;
      if (v === v) {
        s += v;
        k++;
      }
    }
    if (k === 0) continue;
    knotAt.push(c);
    knotMv.push(s / k);
  }
  if (knotAt.length === 0) {
    const m = median(Array.from(x).filter((v) => v === v));
    for (let i = 0; i < x.length; i++) out[i] = x[i]! - m;
    return out;
  }
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    while (k + 1 < knotAt.length && knotAt[k + 1]! <= i) k++;
    let base: number;
    if (i <= knotAt[0]!) base = knotMv[0]!;
    else if (k + 1 >= knotAt.length) base = knotMv[knotAt.length - 1]!;
    else {
      const t = (i - knotAt[k]!) / (knotAt[k + 1]! - knotAt[k]!);
      base = knotMv[k]! + t * (knotMv[k + 1]! - knotMv[k]!);
    }
    out[i] = x[i]! - base;
  }
  return out;
}

/** The multi-lead QRS window of one beat, concatenated over leads (NaN -> 0). */
export function qrsVector(leads: readonly Float32Array[], at: number, half: number): Float64Array {
  const len = 2 * half + 1;
  const v = new Float64Array(leads.length * len);
  leads.forEach((x, l) => {
    for (let i = 0; i < len; i++) {
      const s = x[at - half + i];
      v[l * len + i] = s !== undefined && s === s ? s : 0;
    }
  });
  return v;
}

/** Sample-wise median of beat vectors (qrsVector): the QRS template of those beats. */
function medianTemplate(vectors: readonly Float64Array[]): Float64Array {
  const template = new Float64Array(vectors[0]?.length ?? 0);
  const column: number[] = [];
  for (let i = 0; i < template.length; i++) {
    column.length = 0;
    for (const v of vectors) column.push(v[i]!);
    template[i] = median(column);
  }
  return template;
}

/** `v` with its mean removed, scaled to unit norm (all zero when flat), in place. */
function normalizeInPlace(v: Float64Array, from: number, to: number): void {
  let sum = 0;
  for (let i = from; i < to; i++) sum += v[i]!;
  const mean = sum / (to - from);
  let ss = 0;
  for (let i = from; i < to; i++) {
    const y = v[i]! - mean;
    v[i] = y;
    ss += y * y;
  }
  const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let i = from; i < to; i++) v[i]! *= scale;
}

/**
 * The multi-lead QRS window (as qrsVector, every `stride`-th sample over +-`half` samples) at each
 * shift -maxShift..maxShift (in steps of `stride`) around `at`, each normalised (normalizeInPlace),
 * one after another in one array: the Pearson correlation of two such vectors is their dot product.
 */
function normalizedShifts(leads: readonly Float32Array[], at: number, half: number, maxShift: number, stride = 1): Float64Array {
  const halfK = Math.round(half / stride);
  const shiftK = Math.round(maxShift / stride);
  const len = 2 * halfK + 1;
  const dim = leads.length * len;
  const out = new Float64Array((2 * shiftK + 1) * dim);
  for (let k = -shiftK; k <= shiftK; k++) {
    const o = (k + shiftK) * dim;
    const start = at + (k - halfK) * stride;
    for (let l = 0; l < leads.length; l++) {
      const x = leads[l]!;
      for (let i = 0; i < len; i++) {
        const v = x[start + i * stride];
        out[o + l * len + i] = v !== undefined && v === v ? v : 0;
      }
    }
    normalizeInPlace(out, o, o + dim);
  }
  return out;
}

/** Dot product of a[ao .. ao + n) with b[0 .. n). */
function dotAt(a: Float64Array, ao: number, b: Float64Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c += a[ao + i]! * b[i]!;
  return c;
}

/**
 * Each beat's fiducial moved to the best match of its multi-lead QRS (+-60 ms) with `template`
 * over +-10 ms shifts, and its correlation with the template there.
 */
function alignToTemplate(leads: readonly Float32Array[], fiducials: Int32Array, fsHz: number, template: Float64Array): { fiducials: Int32Array; correlation: Float64Array } {
  const half = Math.round(0.06 * fsHz);
  const maxShift = Math.round(0.01 * fsHz);
  const t = Float64Array.from(template);
  normalizeInPlace(t, 0, t.length);
  const refined = new Int32Array(fiducials.length);
  const corr = new Float64Array(fiducials.length);
  for (let b = 0; b < fiducials.length; b++) {
    const shifts = normalizedShifts(leads, fiducials[b]!, half, maxShift);
    let best = -2;
    let bestShift = 0;
    for (let s = -maxShift; s <= maxShift; s++) {
      const c = dotAt(shifts, (s + maxShift) * t.length, t, t.length);
      if (c > best) {
        best = c;
        bestShift = s;
      }
    }
    refined[b] = fiducials[b]! + bestShift;
    corr[b] = best;
  }
  return { fiducials: refined, correlation: corr };
}

/**
 * Refines fiducials by cross-correlating each beat's multi-lead QRS (+-60 ms) with the median QRS
 * template over +-10 ms shifts (template alignment for signal averaging, Simson, Circulation 1981),
 * and returns each beat's correlation with the template at its best shift.
 */
export function refineAndCorrelate(
  leads: readonly Float32Array[],
  fiducials: Int32Array,
  fsHz: number,
): { fiducials: Int32Array; correlation: Float64Array } {
  const half = Math.round(0.06 * fsHz);
  return alignToTemplate(leads, fiducials, fsHz, medianTemplate(Array.from(fiducials, (f) => qrsVector(leads, f, half))));
}

/**
 * refineAndCorrelate against the median QRS of the beats `members` only (one morphology): the
 * fiducials of every beat refined against it and every beat's correlation with it.
 */
export function refineAndCorrelateWith(
  leads: readonly Float32Array[],
  fiducials: Int32Array,
  fsHz: number,
  members: readonly number[],
): { fiducials: Int32Array; correlation: Float64Array } {
  const half = Math.round(0.06 * fsHz);
  return alignToTemplate(leads, fiducials, fsHz, medianTemplate(members.map((b) => qrsVector(leads, fiducials[b]!, half))));
}

/**
 * Groups beats by the shape of their multi-lead QRS (+-60 ms): each beat joins the group whose
 * first beat it matches best at a correlation of at least `minCorrelation` (best shift within
 * +-10 ms), or starts a group of its own (leader clustering, as in the beat typing of Holter and
 * resting-ECG programs: one group per QRS morphology). Returns the groups as beat indices in
 * recording order, largest group first (ties: the group that starts first). Each beat's shifted
 * windows are taken and normalised once, so a comparison is one dot product; above 500 Hz every
 * (fsHz / 500)-th sample and shift is used (a QRS has little above 100 Hz; the shape is typed, the
 * fiducial is refined at the full rate by alignToTemplate).
 */
export function morphologyGroups(leads: readonly Float32Array[], fiducials: Int32Array, fsHz: number, minCorrelation: number): number[][] {
  const half = Math.round(0.06 * fsHz);
  const maxShift = Math.round(0.01 * fsHz);
  const stride = Math.max(1, Math.floor(fsHz / 500));
  const shiftCount = 2 * Math.round(maxShift / stride) + 1;
  const dim = leads.length * (2 * Math.round(half / stride) + 1);
  const leaders: Float64Array[] = [];
  const groups: number[][] = [];
  for (let b = 0; b < fiducials.length; b++) {
    const shifts = normalizedShifts(leads, fiducials[b]!, half, maxShift, stride);
    let bestGroup = -1;
    let bestCorr = minCorrelation;
    for (let g = 0; g < leaders.length; g++) {
      const leader = leaders[g]!;
      for (let k = 0; k < shiftCount; k++) {
        const c = dotAt(shifts, k * dim, leader, dim);
        if (c >= bestCorr) {
          bestCorr = c;
          bestGroup = g;
        }
      }
    }
    if (bestGroup >= 0) groups[bestGroup]!.push(b);
    else {
      const mid = (shiftCount - 1) / 2;
      leaders.push(shifts.subarray(mid * dim, (mid + 1) * dim));
      groups.push([b]);
    }
  }
  return groups.map((g, k) => ({ g, k })).sort((p, q) => q.g.length - p.g.length || p.k - q.k).map((x) => x.g);
}

/** Median beats and the part of them that enough beats made (see medianBeats). */
export interface MedianBeats {
  /** Per lead, the median beat over the whole window; NaN where too few beats contribute. */
  beats: Float32Array[];
  /** Window samples [from, to) around the fiducial where enough beats contribute. */
  from: number;
  to: number;
}

/**
 * Representative beat per lead: the sample-wise median of the selected beats, aligned on their
 * fiducials (median beat as in the GE 12SL and Glasgow programs; Macfarlane et al., J Electrocardiol 2005).
 * Beats whose window runs off the record contribute only where they have data, and, when `until`
 * is given, only before their sample `until[b]` (where the next complex begins). A sample is known
 * only where at least half the selected beats, and at least three (all of them when fewer),
 * contribute: a median of the few beats left is their noise or their own neighbours (a beat whose
 * following ectopic beat the detector missed carries that beat in its window), and a median of none
 * is unknown, not the isoelectric level. Unknown samples are NaN; `from`/`to` is the known stretch
 * that holds the fiducial (empty when the fiducial itself is unknown). Inside it a lead with no data
 * at a sample (a gap in that lead alone) reads 0, the baseline-corrected isoelectric level.
 */
export function medianBeats(
  leads: readonly Float32Array[],
  fiducials: Int32Array,
  selected: readonly boolean[],
  preSamples: number,
  postSamples: number,
  until?: Int32Array,
): MedianBeats {
  const len = preSamples + postSamples + 1;
  const n = leads[0]?.length ?? 0;
  const picked = Array.from(fiducials.keys()).filter((b) => selected[b]);
  const chosen = picked.map((b) => fiducials[b]!);
  // Window samples [starts, ends) where each chosen beat contributes: inside the record and before `until`.
  const starts = chosen.map((f) => Math.max(0, preSamples - f));
  const ends = picked.map((b, c) => Math.min(len, n - (chosen[c]! - preSamples), until === undefined ? len : until[b]! - (chosen[c]! - preSamples)));
  const minCount = Math.max(Math.min(3, chosen.length), Math.ceil(chosen.length / 2));
  const known = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    let k = 0;
    for (let c = 0; c < chosen.length; c++) if (i >= starts[c]! && i < ends[c]!) k++;
    known[i] = chosen.length > 0 && k >= minCount ? 1 : 0;
  }
  let from = preSamples;
  let to = preSamples;
  if (known[preSamples] === 1) {
    while (from > 0 && known[from - 1] === 1) from--;
    while (to < len && known[to] === 1) to++;
  }
  const column = new Float64Array(chosen.length);
  const beats = leads.map((x) => {
    const out = new Float32Array(len).fill(Number.NaN);
    for (let i = from; i < to; i++) {
      let k = 0;
      for (let c = 0; c < chosen.length; c++) {
        if (i < starts[c]! || i >= ends[c]!) continue;
        const v = x[chosen[c]! - preSamples + i]!;
        if (v === v) column[k++] = v;
      }
      out[i] = k > 0 ? medianInPlace(column, k) : 0;
    }
    return out;
  });
  return { beats, from, to };
}

/**
 * Running median over 2 * half + 1 samples (the ends are left as they are). The window of a few
 * samples is sorted by insertion, NaN last as a typed array's sort puts it (a call to sort() per
 * sample cost more than the rest of the median-beat delineation).
 */
function runningMedian(x: Float32Array, half: number): Float32Array {
  const out = Float32Array.from(x);
  const w = new Float64Array(2 * half + 1);
  for (let i = half; i < x.length - half; i++) {
    for (let k = 0; k < w.length; k++) {
      const v = x[i - half + k]!;
      let j = k;
      // Shift up the entries after v: greater numbers, and NaN unless v is NaN too.
      while (j > 0 && (v === v ? w[j - 1]! > v || w[j - 1]! !== w[j - 1]! : false)) {
        w[j] = w[j - 1]!;
        j--;
      }
      w[j] = v;
    }
    out[i] = w[half]!;
  }
  return out;
}
