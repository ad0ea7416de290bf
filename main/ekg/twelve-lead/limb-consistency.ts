// Whether a record's recorded limb leads agree with each other in millivolts.
//
// Einthoven's and Goldberger's relations (III = II - I, aVR = -(I + II)/2, aVL = I - II/2,
// aVF = II - I/2) are identities of the three limb-electrode potentials, so a lead's scale error
// (wrong header gain) or a mislabelled lead breaks them on every beat. So does a faulty lead (flat,
// clipped, off, a gap) or noise in one channel, which is not a calibration question. The check
// therefore reads the QRS complexes (the largest part of each beat) of the beats where none of the
// three leads has a fault finding, nor a noise finding while enough quiet beats remain, averaged
// over those beats: the mean is linear, so the relations survive it exactly, while noise falls with
// the number of beats. Each lead's averaged window is detrended (also linear) so that a filter's
// slow recovery after a fault elsewhere in the record does not count.
import { FLAG_THRESHOLDS } from '../../domain/ekg-flags/thresholds.ts';
import { GOLDBERGER_EINTHOVEN, type LeadSet, type StandardLead } from './leads.ts';
import type { Unusable } from './rhythm.ts';

/** Half-width of the QRS window around each beat's fiducial (QRS activity centre). */
const QRS_HALF_WINDOW_SEC = 0.06;
/** Fewer clean beats than this for a relation: it is not judged. */
const MIN_CLEAN_BEATS = 3;

const overlaps = (spans: readonly Unusable[] | undefined, start: number, end: number) => spans !== undefined && spans.some((u) => u.start < end && u.end > start);

/**
 * Worst, over the relations whose three leads were all recorded (derived leads agree by
 * construction), of the disagreement of the beat-averaged, detrended QRS windows: RMS of
 * (target - ca*a - cb*b) over RMS(target) + |ca| RMS(a) + |cb| RMS(b). Gain errors of at most g in
 * every lead give at most g / (1 - g). `leadFaults[i]` and `leadNoise[i]` hold the fault and the
 * noise findings of input lead i (set.leads order). Beats with a fault in any of the three leads
 * are left out; beats with noise too, unless fewer than MIN_CLEAN_BEATS would remain. A sample
 * missing in a beat that has no fault (a bridged gap, gaps.ts) leaves out that sample of that beat
 * only: each sample is averaged over the beats that have it, and the relations hold sample by
 * sample (with 1 % of frames lost every beat had one, and no relation was judged at all). Null when
 * no relation has enough beats.
 */
export function limbLeadDisagreement(
  set: LeadSet,
  fiducials: Int32Array,
  fsHz: number,
  leadFaults: readonly (readonly Unusable[])[] = [],
  leadNoise: readonly (readonly Unusable[])[] = [],
): number | null {
  const recorded = (n: StandardLead) => (set.derived.includes(n) ? undefined : set.index.get(n));
  const half = Math.round(QRS_HALF_WINDOW_SEC * fsHz);
  const len = 2 * half + 1;
  let worst: number | null = null;
  for (const { lead: t, a, ca, b, cb } of GOLDBERGER_EINTHOVEN) {
    const maybe = [recorded(t), recorded(a), recorded(b)];
    if (maybe.some((i) => i === undefined)) continue;
    const idx = maybe as number[];
    const leads = idx.map((i) => set.leads[i]!.mv);
    const n = Math.min(...leads.map((x) => x.length));
    const usable: number[] = [];
    const quiet: number[] = [];
    for (const f of fiducials) {
      const start = f - half;
      if (start < 0 || start + len > n) continue;
      if (idx.some((i) => overlaps(leadFaults[i], start, start + len))) continue;
      usable.push(start);
      if (!idx.some((i) => overlaps(leadNoise[i], start, start + len))) quiet.push(start);
    }
    const starts = quiet.length >= MIN_CLEAN_BEATS ? quiet : usable;
    if (starts.length < MIN_CLEAN_BEATS) continue;
    const sums = leads.map(() => new Float64Array(len));
    const counts = new Int32Array(len);
    for (const start of starts) {
      for (let j = 0; j < len; j++) {
        if (leads.some((x) => x[start + j] !== x[start + j])) continue;
        leads.forEach((x, k) => (sums[k]![j]! += x[start + j]!));
        counts[j]!++;
      }
    }
    if (counts.some((c) => c === 0)) continue;
    const means = sums.map((sum) => sum.map((v, j) => v / counts[j]!));
    const [wt, wa, wb] = means.map(detrended) as [Float64Array, Float64Array, Float64Array];
    let sr = 0;
    for (let j = 0; j < len; j++) sr += (wt[j]! - ca * wa[j]! - cb * wb[j]!) ** 2;
    const scale = rms(wt) + Math.abs(ca) * rms(wa) + Math.abs(cb) * rms(wb);
    if (scale === 0) continue;
    const d = Math.sqrt(sr / len) / scale;
    worst = worst === null ? d : Math.max(worst, d);
  }
  return worst;
}

/** The window minus its least-squares straight line (a linear map, like the mean over beats). */
function detrended(w: Float64Array): Float64Array {
  const n = w.length;
  const mid = (n - 1) / 2;
  let mean = 0;
  let slopeNum = 0;
  let slopeDen = 0;
  for (let j = 0; j < n; j++) mean += w[j]!;
  mean /= n;
  for (let j = 0; j < n; j++) {
    slopeNum += (j - mid) * (w[j]! - mean);
    slopeDen += (j - mid) ** 2;
  }
  const slope = slopeDen > 0 ? slopeNum / slopeDen : 0;
  return Float64Array.from(w, (v, j) => v - mean - slope * (j - mid));
}

function rms(w: Float64Array): number {
  let s = 0;
  for (const v of w) s += v * v;
  return Math.sqrt(s / w.length);
}

/** True unless the limb leads disagree beyond gain tolerance (threshold `limbLeadDisagreementMax`). */
export function limbLeadsAgree(disagreement: number | null): boolean {
  return disagreement === null || disagreement <= FLAG_THRESHOLDS.limbLeadDisagreementMax.value;
}
