import { activityStep, alignToActivity, medianBeats, morphologyGroups, refineAndCorrelate, refineAndCorrelateWith, removeBaseline, smoothedSpatialVelocity, spatialVelocity } from './beats.ts';
import { delineate, type Fiducials } from './delineate.ts';
import { pulseLeadSamples, VENTRICULAR_PULSE_TO_QRS_MAX_MS } from './paced.ts';
import { completeLeadSet, type LeadSignal, type StandardLead } from './leads.ts';
import { frontalAxisDeg, measureLeads, qtcBazettMs, qtcFridericiaMs, type LeadMeasurement } from './measure.ts';
import { rrIntervalsMs, rrStats, type RrStats, type Unusable } from './rhythm.ts';
import { correlation, median } from './stats.ts';
import { beatQrsWidths } from './ectopy.ts';
import { earlyBeat } from './ectopic-timing.ts';
import { twinnedBeatShare } from './recurrence.ts';
import { limbLeadDisagreement, limbLeadsAgree } from './limb-consistency.ts';
import { axisLeads, leadSetInRecordedUnits, type AxisScale } from './axis-scale.ts';
import { measurableLeads } from './measurable.ts';
import { recordBeatAgreement } from '../sqi/bsqi.ts';
import { highBandNoiseMv } from '../sqi/high-band-noise.ts';
import { FLAG_THRESHOLDS } from '../../domain/ekg-flags/thresholds.ts';

export interface TwelveLeadInput {
  readonly fsHz: number;
  readonly leads: readonly LeadSignal[];
  /** R-peak sample indices from the pipeline's detector, sorted. */
  readonly rPeaks: Int32Array;
  /** Pacemaker pulses found on the unfiltered leads (pacer-pulses.ts), sorted; absent = none. */
  readonly pacerPulses?: Int32Array;
  /** Stretches where no lead is usable: RR intervals across them are not counted. */
  readonly unusable?: readonly Unusable[];
  /** Fault stretches (gap, lead-off, flatline, saturation) of each input lead, input order: beats there do not judge the limb leads' agreement. */
  readonly leadFaults?: readonly (readonly Unusable[])[];
  /** Noise stretches (noise, wander, mains) of each input lead: left out of that judgement while enough quiet beats remain. */
  readonly leadNoise?: readonly (readonly Unusable[])[];
  /** Stretches of each input lead that spoil measurement (faults, muscle noise, mains): a lead mostly spoiled is not measured (measurable.ts). */
  readonly leadSpoiled?: readonly (readonly Unusable[])[];
  /** The recording gives no calibration for some lead (WFDB gain 0 or none): amplitudes in mV are not known. */
  readonly uncalibrated?: boolean;
  /**
   * Digital units per mV each input lead was stored with, as the recording states (WFDB gain; its
   * assumed default when uncalibrated). Absent when the source is not a digital record. When the
   * limb leads disagree in mV, their agreement in these units is judged too (axis-scale.ts).
   */
  readonly recordedUnitsPerMv?: readonly number[];
}

/** Intervals and axes of the representative beat; null where not measurable. */
export interface Intervals {
  heartRateBpm: number | null;
  prMs: number | null;
  pDurationMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  qtcBazettMs: number | null;
  qtcFridericiaMs: number | null;
  axisDeg: { p: number | null; qrs: number | null; t: number | null };
}

export interface BeatSummary {
  /** Fiducial (QRS activity centroid) of every beat, samples. */
  fiducials: Int32Array;
  /** Beats that match the dominant morphology and make up the median beat. */
  dominant: boolean[];
  /** Correlation of each beat's multi-lead QRS with the median template. */
  templateCorrelation: Float64Array;
  /**
   * Counted RR before each beat over the dominant rhythm's cycle: < 1 = early. 1 for the first beat;
   * NaN across a stretch where beats may hide (unusable), which is no RR to judge a beat by.
   */
  prematurity: Float64Array;
  /** QRS duration of each non-dominant beat, ms (NaN for dominant beats, which make the median beat). */
  qrsWidthMs: Float64Array;
}

export interface TwelveLeadAnalysis {
  fsHz: number;
  leadNames: string[];
  derivedLeads: StandardLead[];
  beats: BeatSummary;
  /**
   * RR statistics over every beat, except `irregularity`, which is read from normal-to-normal
   * intervals only (the intervals around a premature wide non-dominant beat left out; below).
   */
  rr: RrStats;
  intervals: Intervals;
  /** Fiducials on the median beat in ms relative to the median beat's fiducial (0 = QRS activity centre). */
  fiducialsMs: { pOn: number | null; pOff: number | null; qrsOn: number | null; qrsOff: number | null; tOff: number | null };
  leadMeasurements: LeadMeasurement[];
  /** Median beat per lead (mV), `medianBeatPreMs` before the fiducial. */
  medianBeats: Float32Array[];
  medianBeatPreMs: number;
  /** Mean correlation of beats' P-window with the median beat's (multi-lead): low without consistent P waves. */
  pWaveConsistency: number | null;
  /** Mean correlation of beats with the QRS template (Orphanidou et al. 2015 template-matching SQI): low in a noisy tracing. */
  qrsConsistency: number | null;
  /** Share of beats whose QRS looks like some other beat's (see twinnedBeatShare): low when the detector counts noise. */
  twinnedBeatShare: number | null;
  /** bSQI: agreement of the detector's beats with an independent detector's, best lead (see recordBeatAgreement). */
  beatAgreement: number | null;
  /** The same, not counting second-detector beats on the station's beats' T waves (RecordBeatAgreement.besideRepolarisation). */
  beatAgreementBesideT: number | null;
  /** Muscle-noise RMS above 20 Hz between the QRS complexes, quietest lead, mV (see highBandNoiseMv). */
  highBandNoiseMv: number | null;
  /** Fewer than two beats with a counted RR between them: neither a rate nor a median beat. */
  tooFewBeats: boolean;
  /**
   * Two beats with a counted RR (fewer than MIN_BEATS): no median beat is built, so nothing is
   * measured on one; the rate and the pause between them stand (a very slow rhythm is a finding,
   * not a noisy tracing).
   */
  tooFewForMedianBeat: boolean;
  /**
   * How far the recorded limb leads break Einthoven's and Goldberger's relations on clean beats
   * (see limbLeadDisagreement; null when no relation can be judged).
   */
  limbLeadDisagreement: number | null;
  /**
   * False when that disagreement exceeds gain tolerance (`limbLeadDisagreementMax`): the per-lead
   * scales cannot all be right, so the axes are not shown, AXIS_DEVIATION and LOW_VOLTAGE are not
   * claimed and ST flags say the doubt.
   */
  amplitudesTrusted: boolean;
  /**
   * The common scale of the limb leads the axes were read at (axis-scale.ts): 'mv' when amplitudes
   * are trusted, or the limb leads were judged to agree in mV though some lead is uncalibrated;
   * 'recorded-units' when the limb leads agree only in the recording's digital units
   * (the stated gains are wrong, or none were given); null when no common scale is known, and the
   * axes are then not shown nor flagged. `intervals.axisDeg` is read at this scale, or in mV when null.
   */
  axisScale: AxisScale;
  /** The limb leads' disagreement in the recording's digital units, when judged (the limb leads were not shown to agree in mV). */
  limbLeadDisagreementRecordedUnits: number | null;
  /** TwelveLeadInput.uncalibrated: amplitudes are not trusted because no calibration was given (not because the limb leads disagree). */
  uncalibrated: boolean;
  /** Leads left out of every measurement: disconnected, missing or noisy over most of the recording (measurable.ts). */
  unmeasuredLeads: string[];
  /**
   * Beats were found but no two look alike (no QRS shape recurs): no median beat is built, so
   * nothing is measured on one (no PR, QRS, QT, axes, amplitudes or ST levels).
   */
  noRecurringMorphology: boolean;
  /**
   * The T wave of the dominant beats is not seen to its end: on too many of them the next complex
   * (a coupled ectopic beat) begins first, so the median beat stops before the T end and QT, QTc
   * and the T axis are not measurable.
   */
  tEndHidden: boolean;
  /** Most dominant beats follow a pacemaker pulse at the same lead (paced.ts): the median beat is paced, its QRS measured from after the pulse. */
  paced: boolean;
  /**
   * Paced, and the pulse leads the median beat's QRS onset by at most VENTRICULAR_PULSE_TO_QRS_MAX_MS:
   * the pacemaker starts the ventricles, so the QRS's shape and axis are the pacing site's. False
   * under atrial pacing, whose QRS is the heart's own.
   */
  ventricularPaced: boolean;
}

const MIN_BEATS = 3;
/** Beats that correlate at least this well with the QRS template are "dominant". */
const DOMINANT_CORRELATION = 0.9;
/**
 * How long before its fiducial (QRS activity centre) a following ectopic beat's QRS may begin, s.
 * The fiducial is the centroid of the upper half of the spatial velocity, about the middle of the
 * QRS: a ventricular ectopic QRS of 160 ms (up to ~200 ms in a dilated, diseased heart) starts
 * 80-100 ms before it, so 100 ms keeps the earliest part of a wide ectopic QRS out of the dominant
 * beat before it.
 */
const ECTOPIC_ONSET_SEC = 0.1;
/**
 * A T end found within this of where the median beat stops is not known to be one: the area method
 * puts the end at the last sample of a T wave cut short, and a true end needs some isoelectric
 * signal after it to be told from a cut tail (a few samples of noise, 10 ms of them at 500 Hz, on
 * each side).
 */
const T_END_CLEARANCE_SEC = 0.02;
/**
 * A median beat recorded below this rate is delineated and measured upsampled (by an integer factor,
 * linear interpolation) to about UPSAMPLED_FS_HZ. Its boundaries are threshold crossings found to
 * the sample, and the delineator's 4-ms activity difference cannot be narrower than two samples: at
 * 250 Hz (4-ms samples) the 100 LUDB records measured QRS 3.9 ms longer on average than at 500 Hz,
 * 11 of them with other flags (WIDE_QRS on 4 more); upsampled, 0.1 ms and 5 (1000 Hz itself: 4).
 * At 500 Hz and above nothing changes.
 */
const DELINEATION_MIN_FS_HZ = 500;
const UPSAMPLED_FS_HZ = 1000;

function emptyIntervals(): Intervals {
  return { heartRateBpm: null, prMs: null, pDurationMs: null, qrsMs: null, qtMs: null, qtcBazettMs: null, qtcFridericiaMs: null, axisDeg: { p: null, qrs: null, t: null } };
}

/** Mean correlation of every dominant beat's multi-lead P window with the median beat's. */
function pConsistency(leads: readonly Float32Array[], med: readonly Float32Array[], fid: Int32Array, dominant: readonly boolean[], pre: number, from: number, to: number): number | null {
  if (to - from < 4 || from < 0) return null;
  const len = to - from;
  const ref = new Float64Array(len * med.length);
  med.forEach((m, l) => {
    for (let i = 0; i < len; i++) ref[l * len + i] = m[from + i]!;
  });
  const cs: number[] = [];
  const v = new Float64Array(ref.length);
  const r = new Float64Array(ref.length);
  for (let b = 0; b < fid.length; b++) {
    if (!dominant[b]) continue;
    const start = fid[b]! - pre + from;
    if (start < 0 || start + len > (leads[0]?.length ?? 0)) continue;
    // Over the beat's samples that are there: a lost sample read as 0 mV lowered the correlation,
    // and with it the judgement that the P waves are consistent (PR shown, IRREGULAR_RHYTHM).
    let k = 0;
    leads.forEach((x, l) => {
      for (let i = 0; i < len; i++) {
        const s = x[start + i]!;
        if (s !== s) continue;
        v[k] = s;
        r[k] = ref[l * len + i]!;
        k++;
      }
    });
    cs.push(correlation(v.subarray(0, k), r.subarray(0, k)));
  }
  return cs.length > 0 ? cs.reduce((a, b) => a + b, 0) / cs.length : null;
}

/** Beats of the dominant QRS morphology (see dominantMorphology). */
interface DominantBeats {
  fiducials: Int32Array;
  correlation: Float64Array;
  dominant: boolean[];
  /** QRS width of every beat when they were measured to choose the morphology, else null. */
  widthsMs: Float64Array | null;
  /** False when no QRS shape recurs at all (no two beats alike): no median beat is built. */
  morphologyFound: boolean;
}

/** Counted RR before beat b, samples (NaN for the first beat and across an unusable stretch). */
function rrBefore(fiducials: Int32Array, b: number, unusable: readonly Unusable[]): number {
  if (b < 1) return Number.NaN;
  const a = fiducials[b - 1]!;
  const c = fiducials[b]!;
  return unusable.some((u) => u.start < c && u.end > a) ? Number.NaN : c - a;
}

/**
 * The dominant QRS morphology, whose beats alone make the median beat (the median beat of the GE
 * 12SL and Glasgow programs is built from the predominant beat type, never from a mixture).
 *
 * When more than half the beats, and more than an ectopic beat after every other beat could give,
 * match the template of all beats (r >= DOMINANT_CORRELATION), that template is the dominant
 * morphology's. Otherwise two shapes share the strip (ventricular bigeminy: as many ectopic beats
 * as conducted ones, or one more; the all-beat median template is then a mixture that matches
 * neither), and the beats are grouped by shape (morphologyGroups). The largest group leads; groups
 * within one beat (or 10 %) of it tie, and of those the conducted rhythm is chosen: the group with
 * the QRS at least 20 ms narrower (conduction through the His-Purkinje system against a ventricular
 * origin), else the group whose beats are not premature (median preceding RR; an ectopic beat comes
 * early, prematureRrFraction). The dominant beats are then those matching that group's template.
 * A group of two beats still makes a median beat of one shape (noisier than of three); when no
 * two beats look alike there is no dominant morphology and no median beat.
 */
function dominantMorphology(
  clean: readonly Float32Array[],
  aligned: Int32Array,
  firstPass: { fiducials: Int32Array; correlation: Float64Array },
  fsHz: number,
  unusable: readonly Unusable[],
): DominantBeats {
  const n = firstPass.fiducials.length;
  const minBeats = Math.min(MIN_BEATS, n);
  const matching = Array.from(firstPass.correlation, (c) => c >= DOMINANT_CORRELATION);
  const matchCount = matching.filter(Boolean).length;
  if (2 * matchCount > n + 1 || n < MIN_BEATS) {
    return { ...firstPass, dominant: matchCount >= minBeats ? matching : matching.map(() => true), widthsMs: null, morphologyFound: true };
  }
  const groups = morphologyGroups(clean, firstPass.fiducials, fsHz, DOMINANT_CORRELATION).filter((g) => g.length >= 2);
  const largest = groups[0];
  if (largest === undefined) {
    return { ...firstPass, dominant: matching.map(() => true), widthsMs: null, morphologyFound: false };
  }
  // Within one beat or 10 %: a strip that starts or ends on an ectopic beat has one more of them
  // than of sinus beats in bigeminy (6 against 5 in 10 s at 70/min), and a beat or two of either
  // shape may be lost to noise or the record's edges over a longer strip; a larger margin would
  // let a minority shape of a few beats compete with the rhythm that makes up the strip.
  const tied = groups.filter((g) => g.length >= largest.length - Math.max(1, Math.round(0.1 * largest.length)));
  let widthsMs: Float64Array | null = null;
  let chosen = largest;
  if (tied.length > 1) {
    const inTie = new Array<boolean>(n).fill(false);
    for (const g of tied) for (const b of g) inTie[b] = true;
    const widths = beatQrsWidths(clean, firstPass.fiducials, fsHz, inTie);
    widthsMs = widths;
    const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));
    const widthOf = (g: number[]) => median(finite(g.map((b) => widths[b]!)));
    const rrOf = (g: number[]) => median(finite(g.map((b) => rrBefore(firstPass.fiducials, b, unusable))));
    // "Clearly narrower" is the same margin by which VENTRICULAR_ECTOPY calls a beat wider than the dominant one.
    const margin = FLAG_THRESHOLDS.ectopicQrsWiderThanDominantMs.value;
    const better = (p: number[], q: number[]): number[] => {
      const wp = widthOf(p);
      const wq = widthOf(q);
      if (wp <= wq - margin) return p;
      if (wq <= wp - margin) return q;
      const rp = rrOf(p);
      const rq = rrOf(q);
      const premature = FLAG_THRESHOLDS.prematureRrFraction.value;
      if (rq < premature * rp) return p;
      if (rp < premature * rq) return q;
      return p; // groups come largest first
    };
    chosen = tied.reduce(better);
  }
  const refined = refineAndCorrelateWith(clean, aligned, fsHz, chosen);
  const dominant = Array.from(refined.correlation, (c) => c >= DOMINANT_CORRELATION);
  if (dominant.filter(Boolean).length < 2) {
    return { ...firstPass, dominant: matching.map(() => true), widthsMs: null, morphologyFound: false };
  }
  return { ...refined, dominant, widthsMs, morphologyFound: true };
}

/**
 * The dominant rhythm's cycle, ms, against which prematurity is read: the median RR between
 * successive dominant beats; with fewer than two such intervals (ventricular bigeminy: a dominant
 * beat never follows one), half the median span from a dominant beat to the next across one other
 * beat, as an ectopic ventricular beat leaves the sinus node unreset and is followed by a full
 * compensatory pause (coupling + pause = two sinus cycles). Null when neither exists. The median of
 * every RR interval, used before, is the coupling interval itself in bigeminy (no ectopic beat then
 * read as premature) and is pulled towards it by frequent ectopy. An interval between dominant beats
 * of about twice the cycle (1.7-2.3 times the median of both kinds of estimate) spans a beat the
 * detector missed (in bigeminy: a missed ectopic beat, 1714 ms at 70/min read as the cycle), or a
 * sinus pause of two cycles, and is left out.
 */
function dominantCycleMs(fiducials: Int32Array, dominant: readonly boolean[], fsHz: number, unusable: readonly Unusable[]): number | null {
  const nn: number[] = [];
  const spans: number[] = [];
  for (let b = 1; b < fiducials.length; b++) {
    if (!dominant[b]) continue;
    const rr = rrBefore(fiducials, b, unusable);
    if (!Number.isFinite(rr)) continue;
    if (dominant[b - 1]) nn.push(rr);
    else if (b >= 2 && dominant[b - 2]) {
      const before = rrBefore(fiducials, b - 1, unusable);
      if (Number.isFinite(before)) spans.push((rr + before) / 2);
    }
  }
  const toMs = (x: number) => (x * 1000) / fsHz;
  const all = [...nn, ...spans];
  const ref = all.length > 0 ? median(all) : Number.NaN;
  const single = nn.filter((x) => !(x >= 1.7 * ref && x <= 2.3 * ref));
  if (single.length >= 2) return toMs(median(single));
  if (spans.length > 0) return toMs(median(spans));
  return null;
}

/**
 * Full analysis of a resting recording (typically 10 s, 12 leads, any lead subset works):
 * align beats, remove baseline, keep the dominant morphology, build median beats, delineate them
 * globally and measure intervals, axes and per-lead amplitudes.
 */
export function analyzeTwelveLead(input: TwelveLeadInput): TwelveLeadAnalysis {
  const { fsHz } = input;
  const fullSet = completeLeadSet(input.leads);
  // Beats, delineation, axes and amplitudes come from the leads that carry the heart's signal; the
  // limb-lead calibration check below reads every lead, skipping their faults beat by beat.
  const { set, excluded: unmeasuredLeads } = measurableLeads(
    fullSet,
    {
      faults: input.leadFaults ?? [],
      spoiled: input.leadSpoiled ?? [],
      noiseMv: (i) => {
        const lead = input.leads[i];
        return lead === undefined ? null : highBandNoiseMv([lead.mv], input.rPeaks, fsHz);
      },
    },
    input.leads[0]?.mv.length ?? 0,
  );
  const raw = set.leads.map((l) => l.mv);
  const names = set.leads.map((l) => l.name);
  const svRaw = spatialVelocity(raw, activityStep(fsHz));
  const aligned = alignToActivity(input.rPeaks, svRaw, fsHz);
  const clean = raw.map((x) => removeBaseline(x, aligned, fsHz));
  const firstPass = refineAndCorrelate(clean, aligned, fsHz);
  const { fiducials, correlation: corr, dominant, widthsMs, morphologyFound } = dominantMorphology(clean, aligned, firstPass, fsHz, input.unusable ?? []);
  const rrMsSeries = rrIntervalsMs(fiducials, fsHz, input.unusable ?? []);
  const allRr = rrStats(rrMsSeries);
  const toMs = (s: number) => (s * 1000) / fsHz;
  const prematurity = new Float64Array(fiducials.length).fill(1);
  const cycleMs = dominantCycleMs(fiducials, dominant, fsHz, input.unusable ?? []) ?? allRr.medianMs;
  if (cycleMs !== null) for (let b = 1; b < fiducials.length; b++) prematurity[b] = toMs(rrBefore(fiducials, b, input.unusable ?? [])) / cycleMs;
  const qrsWidthMs = widthsMs ?? beatQrsWidths(clean, fiducials, fsHz, dominant.map((d) => !d));
  for (let b = 0; b < fiducials.length; b++) if (dominant[b]) qrsWidthMs[b] = Number.NaN;
  // The rhythm's irregularity is read from normal-to-normal intervals, as heart-rate variability is
  // (Task Force of the ESC and NASPE, Circulation 1996;93:1043): the coupling interval and the pause
  // around a premature wide beat are the ectopic beat's, not the rhythm's. Each such beat moves two
  // successive differences, so frequent ventricular ectopy in sinus rhythm otherwise reads as an
  // irregularly irregular rhythm; conducted beats in AF keep the dominant QRS and stay counted.
  // "Wide" here is the absolute wide-QRS limit only: VENTRICULAR_ECTOPY also counts a beat clearly
  // wider than the dominant one, but the dominant QRS width is known only after delineation, which
  // reads this irregularity. "Early" is VENTRICULAR_ECTOPY's (earlyBeat) with the rhythm taken as
  // regular, since this irregularity is what judges that: late-coupled PVCs with their compensatory
  // pauses, three in a strip, had made a regular rhythm read irregular and so hidden themselves.
  const ectopicSpans = [...(input.unusable ?? [])];
  for (let b = 0; b < fiducials.length; b++) {
    const after = b + 1 < fiducials.length ? prematurity[b + 1]! : Number.NaN;
    if (!dominant[b] && earlyBeat(b === 0 ? Number.NaN : prematurity[b]!, after, b === 0, true) && qrsWidthMs[b]! >= FLAG_THRESHOLDS.wideQrsMs.value) {
      ectopicSpans.push({ start: fiducials[b]! - 1, end: fiducials[b]! + 1 });
    }
  }
  const rr: RrStats = { ...allRr, irregularity: rrStats(rrIntervalsMs(fiducials, fsHz, ectopicSpans)).irregularity };
  // The signal-quality index is the correlation with the template of all beats (Orphanidou et al.), whatever morphology leads.
  const qrsConsistency = firstPass.correlation.length > 0 ? firstPass.correlation.reduce((a, b) => a + b, 0) / firstPass.correlation.length : null;
  const disagreement = limbLeadDisagreement(fullSet, fiducials, fsHz, input.leadFaults ?? [], input.leadNoise ?? []);
  const uncalibrated = input.uncalibrated === true;
  const amplitudesTrusted = limbLeadsAgree(disagreement) && !uncalibrated;
  // With some lead uncalibrated, limb leads that were judged to agree in mV still share one scale
  // (calibrated limb leads beside uncalibrated chest leads). Where nothing was judged (no relation
  // to check) there is no agreement to go by: that needs a judgement.
  const mvCommonScale = amplitudesTrusted || (disagreement !== null && limbLeadsAgree(disagreement));
  const unitsPerMv = input.recordedUnitsPerMv;
  const recordedDisagreement =
    unitsPerMv !== undefined && !mvCommonScale
      ? limbLeadDisagreement(leadSetInRecordedUnits(fullSet, unitsPerMv), fiducials, fsHz, input.leadFaults ?? [], input.leadNoise ?? [])
      : null;
  const axisScale: AxisScale = mvCommonScale ? 'mv' : recordedDisagreement !== null && limbLeadsAgree(recordedDisagreement) ? 'recorded-units' : null;
  const agreement = recordBeatAgreement(input.leads.map((l) => l.mv), input.rPeaks, fsHz, input.unusable ?? []);
  const base = {
    fsHz,
    leadNames: names,
    derivedLeads: [...fullSet.derived],
    rr,
    qrsConsistency,
    twinnedBeatShare: twinnedBeatShare(clean, fiducials, fsHz),
    beatAgreement: agreement?.all ?? null,
    beatAgreementBesideT: agreement?.besideRepolarisation ?? null,
    highBandNoiseMv: highBandNoiseMv(input.leads.map((l) => l.mv), input.rPeaks, fsHz),
    limbLeadDisagreement: disagreement,
    amplitudesTrusted,
    axisScale,
    limbLeadDisagreementRecordedUnits: recordedDisagreement,
    uncalibrated,
    unmeasuredLeads,
    noRecurringMorphology: false,
    tooFewForMedianBeat: false,
    tEndHidden: false,
    paced: false,
    ventricularPaced: false,
  };
  if (fiducials.length < 2 || rr.medianMs === null) {
    return {
      ...base,
      beats: { fiducials, dominant, templateCorrelation: corr, prematurity: new Float64Array(fiducials.length).fill(1), qrsWidthMs: new Float64Array(fiducials.length) },
      intervals: emptyIntervals(),
      fiducialsMs: { pOn: null, pOff: null, qrsOn: null, qrsOff: null, tOff: null },
      leadMeasurements: [],
      medianBeats: [],
      medianBeatPreMs: 0,
      pWaveConsistency: null,
      tooFewBeats: true,
    };
  }
  const fewBeats = fiducials.length < MIN_BEATS;
  if (fewBeats || !morphologyFound) {
    // No two beats look alike: a median beat would average different morphologies
    // into a complex the heart never made, so nothing is measured on one (no PR, QRS, QT, axes,
    // amplitudes or ST levels, hence no flag from them); the rate and rhythm still stand. So with
    // two beats only, too few for a median beat: a clean strip with two beats 5 s apart is an
    // extreme bradycardia with a pause, and it read as POOR_SIGNAL "too few heartbeats".
    const spanMs = rrMsSeries.reduce((a, b) => a + b, 0);
    return {
      ...base,
      noRecurringMorphology: !fewBeats,
      tooFewForMedianBeat: fewBeats,
      beats: { fiducials, dominant, templateCorrelation: corr, prematurity, qrsWidthMs },
      intervals: { ...emptyIntervals(), heartRateBpm: spanMs > 0 ? (60000 * rrMsSeries.length) / spanMs : null },
      fiducialsMs: { pOn: null, pOff: null, qrsOn: null, qrsOff: null, tOff: null },
      leadMeasurements: [],
      medianBeats: [],
      medianBeatPreMs: 0,
      pWaveConsistency: null,
      tooFewBeats: false,
    };
  }
  // The median beat's window and the delineator's search spans follow the dominant rhythm's cycle,
  // not the median of every RR: in bigeminy that is the coupling interval, whose half-cycle window
  // cut off the sinus P wave.
  const rrMs = cycleMs ?? rr.medianMs;
  const preMs = Math.min(400, Math.max(200, 0.5 * rrMs));
  const postMs = Math.min(800, Math.max(300, 0.85 * rrMs));
  const pre = Math.round((preMs * fsHz) / 1000);
  const post = Math.round((postMs * fsHz) / 1000);
  // A beat of another morphology that follows early (a coupled ectopic beat) is not part of the
  // dominant beat before it: that beat contributes only up to ECTOPIC_ONSET_SEC before the ectopic
  // beat's fiducial. The next dominant beat needs no such cut: the window ends at 0.85 of the cycle.
  // Where too few beats are left (a coupled beat before the T end on most of them, or beats whose
  // following ectopic beat the detector missed, which carry it in their window) the median beat is
  // unknown, and the delineator sees only the known part (medianBeats).
  const ectopicOnset = Math.round(ECTOPIC_ONSET_SEC * fsHz);
  const until = Int32Array.from(fiducials, (_, b) => (b + 1 < fiducials.length && !dominant[b + 1] ? fiducials[b + 1]! - ectopicOnset : 2147483647));
  // The baseline under the median beat is drawn through the dominant beats' PR segments only (removeBaseline).
  const cleanDominant = dominant.every(Boolean) ? clean : raw.map((x) => removeBaseline(x, aligned, fsHz, dominant));
  const mb = medianBeats(cleanDominant, fiducials, dominant, pre, post, until);
  const med = mb.beats.map((m) => m.slice(mb.from, mb.to));
  const fid = pre - mb.from;
  // Delineated and measured at DELINEATION_MIN_FS_HZ or more: the median beat upsampled by `up`
  // (its samples kept, those between interpolated); `fine` indexes it.
  const up = fsHz >= DELINEATION_MIN_FS_HZ ? 1 : Math.round(UPSAMPLED_FS_HZ / fsHz);
  const fineHz = fsHz * up;
  const medFine = up === 1 ? med : med.map((m) => upsampleLinear(m, up));
  const fidFine = fid * up;
  const medLenFine = medFine[0]?.length ?? 0;
  const svMed = smoothedSpatialVelocity(medFine, fineHz);
  // The same irregularity that raises IRREGULAR_RHYTHM: fibrillatory waves may then follow the T wave.
  const irregular = rr.irregularity !== null && rr.irregularity > FLAG_THRESHOLDS.irregularRrIndex.value;
  const pulseLead = pulseLeadSamples(input.pacerPulses, fiducials, dominant, fsHz);
  const found: Fiducials = delineate(medFine, svMed, fidFine, rrMs, fineHz, irregular, pulseLead === null ? null : fidFine - pulseLead * up);
  // A median beat that stops before its window's end has its T end only if it is seen with
  // isoelectric signal after it; a T end on the last samples is the cut, and the QT (QTc, T axis)
  // is then not measurable rather than read short (R-on-T-like coupling: QT 346 for a true 400).
  const cutShort = mb.to < pre + post + 1;
  const clearance = Math.round(T_END_CLEARANCE_SEC * fineHz);
  const tEndHidden =
    cutShort && (found.tOff !== null ? found.tOff >= medLenFine - 1 - clearance : medLenFine - 1 < found.qrsOff + Math.round(0.1 * fineHz));
  const fFine: Fiducials = tEndHidden ? { ...found, tOff: null } : found;
  // The same fiducials on the median beat's own samples (the P-wave consistency reads the beats).
  const coarse = (v: number | null) => (v === null ? null : Math.round(v / up));
  const f: Fiducials = { pOn: coarse(fFine.pOn), pOff: coarse(fFine.pOff), qrsOn: Math.round(fFine.qrsOn / up), qrsOff: Math.round(fFine.qrsOff / up), tOff: coarse(fFine.tOff) };
  const fineMs = (s: number) => (s * 1000) / fineHz;
  // A wave that ends where it starts, or before, was not delineated (a median beat cut to nothing
  // by beats at the very edge of the record): not measurable rather than a duration of 0 or less.
  const durationMs = (a: number | null, b: number | null) => (a === null || b === null || b <= a ? null : fineMs(b - a));
  const qtMs = durationMs(fFine.qrsOn, fFine.tOff);
  const recordedLead = (lead: StandardLead) => (fullSet.derived.includes(lead) ? undefined : fullSet.index.get(lead));
  const { leadI: mI, leadAvf: mF } = axisLeads(set, medFine, axisScale, (lead) => {
    const k = recordedLead(lead);
    return k === undefined ? undefined : unitsPerMv?.[k];
  });
  // Ventricular rate: beats per elapsed time over the counted RR intervals (mean RR, not median, so ectopy and AF count as they occur).
  const spanMs = rrMsSeries.reduce((a, b) => a + b, 0);
  const meanRrMs = rrMsSeries.length > 0 ? spanMs / rrMsSeries.length : null;
  const intervals: Intervals = {
    heartRateBpm: spanMs > 0 ? (60000 * rrMsSeries.length) / spanMs : null,
    prMs: durationMs(fFine.pOn, fFine.qrsOn),
    pDurationMs: durationMs(fFine.pOn, fFine.pOff),
    qrsMs: durationMs(fFine.qrsOn, fFine.qrsOff),
    qtMs,
    // Corrected with the mean RR of the strip (the displayed rate), as carts do; in AF too.
    qtcBazettMs: qtMs === null || meanRrMs === null ? null : qtcBazettMs(qtMs, meanRrMs),
    qtcFridericiaMs: qtMs === null || meanRrMs === null ? null : qtcFridericiaMs(qtMs, meanRrMs),
    // Read on the limb leads' common scale (axisScale); without one, from the leads in mV as they
    // are: the interpretation does not show them then (summary.ts), and flags.ts says where they are
    // still used.
    axisDeg: {
      p: frontalAxisDeg(mI, mF, fFine.pOn, fFine.pOff, fFine.qrsOn, fineHz),
      qrs: frontalAxisDeg(mI, mF, fFine.qrsOn, fFine.qrsOff, fFine.qrsOn, fineHz),
      t: frontalAxisDeg(mI, mF, fFine.qrsOff, fFine.tOff, fFine.qrsOn, fineHz),
    },
  };
  const rel = (s: number | null) => (s === null ? null : fineMs(s - fidFine));
  const pFrom = f.pOn ?? Math.max(0, f.qrsOn - Math.round(0.2 * fsHz));
  const pTo = f.pOff ?? f.qrsOn - Math.round(0.02 * fsHz);
  return {
    ...base,
    tEndHidden,
    paced: pulseLead !== null,
    ventricularPaced: pulseLead !== null && fineMs(fFine.qrsOn - (fidFine - pulseLead * up)) <= VENTRICULAR_PULSE_TO_QRS_MAX_MS,
    beats: { fiducials, dominant, templateCorrelation: corr, prematurity, qrsWidthMs },
    intervals,
    fiducialsMs: { pOn: rel(fFine.pOn), pOff: rel(fFine.pOff), qrsOn: rel(fFine.qrsOn), qrsOff: rel(fFine.qrsOff), tOff: rel(fFine.tOff) },
    leadMeasurements: measureLeads(names, medFine, fFine, fineHz),
    medianBeats: med,
    medianBeatPreMs: toMs(fid),
    pWaveConsistency: pConsistency(cleanDominant, med, fiducials, dominant, fid, pFrom, pTo),
    tooFewBeats: false,
  };
}

/** `x` upsampled by an integer factor: its samples kept, `factor - 1` interpolated on the line between each two. */
function upsampleLinear(x: Float32Array, factor: number): Float32Array {
  if (x.length === 0) return new Float32Array(0);
  const out = new Float32Array((x.length - 1) * factor + 1);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i]!;
    const d = x[i + 1]! - a;
    for (let k = 0; k < factor; k++) out[i * factor + k] = a + (d * k) / factor;
  }
  out[out.length - 1] = x[x.length - 1]!;
  return out;
}
