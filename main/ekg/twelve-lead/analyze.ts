import { activityStep, alignToActivity, medianBeats, refineAndCorrelate, removeBaseline, smoothedSpatialVelocity, spatialVelocity } from './beats.ts';
import { delineate, type Fiducials } from './delineate.ts';
import { completeLeadSet, type LeadSignal, type StandardLead } from './leads.ts';
import { frontalAxisDeg, measureLeads, qtcBazettMs, qtcFridericiaMs, type LeadMeasurement } from './measure.ts';
import { rrIntervalsMs, rrStats, type RrStats, type Unusable } from './rhythm.ts';
import { correlation } from './stats.ts';
import { beatQrsWidths } from './ectopy.ts';
import { twinnedBeatShare } from './recurrence.ts';
import { limbLeadDisagreement, limbLeadsAgree } from './limb-consistency.ts';
import { measurableLeads } from './measurable.ts';
import { recordBeatAgreement } from '../sqi/bsqi.ts';
import { highBandNoiseMv } from '../sqi/high-band-noise.ts';
import { FLAG_THRESHOLDS } from '../../domain/ekg-flags/thresholds.ts';

export interface TwelveLeadInput {
  readonly fsHz: number;
  readonly leads: readonly LeadSignal[];
  /** R-peak sample indices from the pipeline's detector, sorted. */
  readonly rPeaks: Int32Array;
  /** Stretches where no lead is usable: RR intervals across them are not counted. */
  readonly unusable?: readonly Unusable[];
  /** Fault stretches (gap, lead-off, flatline, saturation) of each input lead, input order: beats there do not judge the limb leads' agreement. */
  readonly leadFaults?: readonly (readonly Unusable[])[];
  /** Noise stretches (noise, wander, mains) of each input lead: left out of that judgement while enough quiet beats remain. */
  readonly leadNoise?: readonly (readonly Unusable[])[];
  /** Stretches of each input lead that spoil measurement (faults, muscle noise, mains): a lead mostly spoiled is not measured (measurable.ts). */
  readonly leadSpoiled?: readonly (readonly Unusable[])[];
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
  /** RR before each beat over the median RR (1 for the first beat): < 1 = premature. */
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
  /** Muscle-noise RMS above 20 Hz between the QRS complexes, quietest lead, mV (see highBandNoiseMv). */
  highBandNoiseMv: number | null;
  /** Too few beats to build a median beat. */
  tooFewBeats: boolean;
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
  /** Leads left out of every measurement: disconnected, missing or noisy over most of the recording (measurable.ts). */
  unmeasuredLeads: string[];
}

const MIN_BEATS = 3;
/** Beats that correlate at least this well with the QRS template are "dominant". */
const DOMINANT_CORRELATION = 0.9;

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
  for (let b = 0; b < fid.length; b++) {
    if (!dominant[b]) continue;
    const start = fid[b]! - pre + from;
    if (start < 0 || start + len > (leads[0]?.length ?? 0)) continue;
    leads.forEach((x, l) => {
      for (let i = 0; i < len; i++) {
        const s = x[start + i]!;
        v[l * len + i] = s === s ? s : 0;
      }
    });
    cs.push(correlation(v, ref));
  }
  return cs.length > 0 ? cs.reduce((a, b) => a + b, 0) / cs.length : null;
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
  const { fiducials, correlation: corr } = refineAndCorrelate(clean, aligned, fsHz);
  const rrMsSeries = rrIntervalsMs(fiducials, fsHz, input.unusable ?? []);
  const allRr = rrStats(rrMsSeries);
  const dominantRaw = Array.from(corr, (c) => c >= DOMINANT_CORRELATION);
  const dominantCount = dominantRaw.filter(Boolean).length;
  const dominant = dominantCount >= Math.min(MIN_BEATS, fiducials.length) ? dominantRaw : dominantRaw.map(() => true);
  const toMs = (s: number) => (s * 1000) / fsHz;
  const prematurity = new Float64Array(fiducials.length).fill(1);
  if (allRr.medianMs !== null) for (let b = 1; b < fiducials.length; b++) prematurity[b] = toMs(fiducials[b]! - fiducials[b - 1]!) / allRr.medianMs;
  const qrsWidthMs = beatQrsWidths(clean, fiducials, fsHz, dominant.map((d) => !d));
  // The rhythm's irregularity is read from normal-to-normal intervals, as heart-rate variability is
  // (Task Force of the ESC and NASPE, Circulation 1996;93:1043): the coupling interval and the pause
  // around a premature wide beat are the ectopic beat's, not the rhythm's. Each such beat moves two
  // successive differences, so frequent ventricular ectopy in sinus rhythm otherwise reads as an
  // irregularly irregular rhythm; conducted beats in AF keep the dominant QRS and stay counted.
  // "Wide" here is the absolute wide-QRS limit only: VENTRICULAR_ECTOPY also counts a beat clearly
  // wider than the dominant one, but the dominant QRS width is known only after delineation, which
  // reads this irregularity.
  const ectopicSpans = [...(input.unusable ?? [])];
  for (let b = 1; b < fiducials.length; b++) {
    if (!dominant[b] && prematurity[b]! < FLAG_THRESHOLDS.prematureRrFraction.value && qrsWidthMs[b]! >= FLAG_THRESHOLDS.wideQrsMs.value) {
      ectopicSpans.push({ start: fiducials[b]! - 1, end: fiducials[b]! + 1 });
    }
  }
  const rr: RrStats = { ...allRr, irregularity: rrStats(rrIntervalsMs(fiducials, fsHz, ectopicSpans)).irregularity };
  const qrsConsistency = corr.length > 0 ? corr.reduce((a, b) => a + b, 0) / corr.length : null;
  const disagreement = limbLeadDisagreement(fullSet, fiducials, fsHz, input.leadFaults ?? [], input.leadNoise ?? []);
  const amplitudesTrusted = limbLeadsAgree(disagreement);
  const base = {
    fsHz,
    leadNames: names,
    derivedLeads: [...fullSet.derived],
    rr,
    qrsConsistency,
    twinnedBeatShare: twinnedBeatShare(clean, fiducials, fsHz),
    beatAgreement: recordBeatAgreement(input.leads.map((l) => l.mv), input.rPeaks, fsHz, input.unusable ?? []),
    highBandNoiseMv: highBandNoiseMv(input.leads.map((l) => l.mv), input.rPeaks, fsHz),
    limbLeadDisagreement: disagreement,
    amplitudesTrusted,
    unmeasuredLeads,
  };
  if (fiducials.length < MIN_BEATS || rr.medianMs === null) {
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
  const rrMs = rr.medianMs;
  const preMs = Math.min(400, Math.max(200, 0.5 * rrMs));
  const postMs = Math.min(800, Math.max(300, 0.85 * rrMs));
  const pre = Math.round((preMs * fsHz) / 1000);
  const post = Math.round((postMs * fsHz) / 1000);
  const med = medianBeats(clean, fiducials, dominant, pre, post);
  const svMed = smoothedSpatialVelocity(med, fsHz);
  // The same irregularity that raises IRREGULAR_RHYTHM: fibrillatory waves may then follow the T wave.
  const irregular = rr.irregularity !== null && rr.irregularity > FLAG_THRESHOLDS.irregularRrIndex.value;
  const f: Fiducials = delineate(med, svMed, pre, rrMs, fsHz, irregular);
  const durationMs = (a: number | null, b: number | null) => (a === null || b === null ? null : toMs(b - a));
  const qtMs = durationMs(f.qrsOn, f.tOff);
  const leadI = set.index.get('I');
  const leadAvf = set.index.get('aVF');
  const mI = leadI === undefined ? undefined : med[leadI];
  const mF = leadAvf === undefined ? undefined : med[leadAvf];
  // Ventricular rate: beats per elapsed time over the counted RR intervals (mean RR, not median, so ectopy and AF count as they occur).
  const spanMs = rrMsSeries.reduce((a, b) => a + b, 0);
  const meanRrMs = rrMsSeries.length > 0 ? spanMs / rrMsSeries.length : null;
  const intervals: Intervals = {
    heartRateBpm: spanMs > 0 ? (60000 * rrMsSeries.length) / spanMs : null,
    prMs: durationMs(f.pOn, f.qrsOn),
    pDurationMs: durationMs(f.pOn, f.pOff),
    qrsMs: durationMs(f.qrsOn, f.qrsOff),
    qtMs,
    // Corrected with the mean RR of the strip (the displayed rate), as carts do; in AF too.
    qtcBazettMs: qtMs === null || meanRrMs === null ? null : qtcBazettMs(qtMs, meanRrMs),
    qtcFridericiaMs: qtMs === null || meanRrMs === null ? null : qtcFridericiaMs(qtMs, meanRrMs),
    // Read from the leads as they are; when their scales disagree (amplitudesTrusted false) the
    // interpretation does not show them (summary.ts) and flags.ts says where they are still used.
    axisDeg: {
      p: frontalAxisDeg(mI, mF, f.pOn, f.pOff, f.qrsOn, fsHz),
      qrs: frontalAxisDeg(mI, mF, f.qrsOn, f.qrsOff, f.qrsOn, fsHz),
      t: frontalAxisDeg(mI, mF, f.qrsOff, f.tOff, f.qrsOn, fsHz),
    },
  };
  const rel = (s: number | null) => (s === null ? null : toMs(s - pre));
  const pFrom = f.pOn ?? Math.max(0, f.qrsOn - Math.round(0.2 * fsHz));
  const pTo = f.pOff ?? f.qrsOn - Math.round(0.02 * fsHz);
  return {
    ...base,
    beats: { fiducials, dominant, templateCorrelation: corr, prematurity, qrsWidthMs },
    intervals,
    fiducialsMs: { pOn: rel(f.pOn), pOff: rel(f.pOff), qrsOn: rel(f.qrsOn), qrsOff: rel(f.qrsOff), tOff: rel(f.tOff) },
    leadMeasurements: measureLeads(names, med, f, fsHz),
    medianBeats: med,
    medianBeatPreMs: toMs(pre),
    pWaveConsistency: pConsistency(clean, med, fiducials, dominant, pre, pFrom, pTo),
    tooFewBeats: false,
  };
}
