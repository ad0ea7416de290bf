import type { TwelveLeadAnalysis } from '../../ekg/twelve-lead/analyze.ts';
import type { LeadMeasurement } from '../../ekg/twelve-lead/measure.ts';
import { recordedSecondsText, secondsText } from '../../../common/format/seconds.ts';
import { FLAG_THRESHOLDS as T } from './thresholds.ts';
import { earlyBeat } from '../../ekg/twelve-lead/ectopic-timing.ts';

export const FLAG_CODES = [
  'POOR_SIGNAL',
  'MARKED_TACHYCARDIA',
  'ST_ELEVATION',
  'MARKED_BRADYCARDIA',
  'PAUSE',
  'MARKEDLY_PROLONGED_QTC',
  'ST_DEPRESSION',
  'BRADYCARDIA',
  'TACHYCARDIA',
  'IRREGULAR_RHYTHM',
  'PROLONGED_PR',
  'SHORT_PR',
  'WIDE_QRS',
  'PROLONGED_QTC',
  'LOW_VOLTAGE',
  'AXIS_DEVIATION',
  'VENTRICULAR_ECTOPY',
  'POSSIBLE_LEAD_REVERSAL',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export type FlagUrgency = 'routine' | 'prompt' | 'immediate';

/** One finding for provider review: plain words, never a diagnosis, with the measured value behind it. */
export interface EkgFlag {
  code: FlagCode;
  text: string;
  urgency: FlagUrgency;
  value: number | string | null;
}

export interface PatientContext {
  sex: 'M' | 'F' | null;
  ageYears: number | null;
}

export interface SignalQualityInput {
  /** Seconds of the strip where at least one lead is usable (pipeline quality check). */
  usableSeconds: number;
  /** Length of the recording, seconds. */
  recordSeconds: number;
  /** Seconds where every lead is flat (the pipeline's all-lead flatline): no lead-off, no noise, no QRS. */
  flatSeconds: number;
}

const URGENCY_RANK: Record<FlagUrgency, number> = { immediate: 0, prompt: 1, routine: 2 };

const round = (v: number) => Math.round(v);
const mm = (mv: number) => Math.round(mv * 100) / 10;

/**
 * A duration above a limit, in seconds with as many decimals (two or three) as it takes to show it
 * above: "2.0 s" for a 2040-ms pause under a "> 2.0 s" rule read as if the limit were not passed.
 */
function secondsAboveLimit(ms: number, limitMs: number): string {
  const twoDecimals = (ms / 1000).toFixed(2);
  return Number(twoDecimals) * 1000 > limitMs ? twoDecimals : (ms / 1000).toFixed(3);
}

/** Contiguous lead pairs (Cabrera order for the limb leads, V1-V6 in order), as the Fourth UDMI counts them. */
const CONTIGUOUS: ReadonlyArray<readonly [string, string]> = [
  ['aVL', 'I'],
  ['II', 'aVF'],
  ['aVF', 'III'],
  ['II', 'III'],
  ['V1', 'V2'],
  ['V2', 'V3'],
  ['V3', 'V4'],
  ['V4', 'V5'],
  ['V5', 'V6'],
];

function stElevationLimitMv(lead: string, p: PatientContext): number {
  if (lead !== 'V2' && lead !== 'V3') return T.stElevationMv.value;
  if (p.sex === 'M' && p.ageYears !== null) return p.ageYears >= 40 ? T.stElevationV2V3MenOver40Mv.value : T.stElevationV2V3MenUnder40Mv.value;
  return T.stElevationV2V3WomenMv.value;
}

/** Why a tracing cannot be analysed, and what the assistant is to do about it. */
interface Unreadable {
  /** The flag's value: why, in a few words. */
  reason: string;
  text: string;
  urgency: FlagUrgency;
}

/**
 * Whether the tracing cannot be analysed (POOR_SIGNAL), and why. Two causes are not noise and get
 * their own advice: a flat line in every lead with at most one beat, which may be the patient's
 * asystole as well as electrodes (told "too noisy... check electrodes", which sends the assistant
 * to the wires), and a recording cut short (a 3-s capture was told "too noisy... check
 * electrodes"). The flat line comes first: a short capture of a flat line is still a possible
 * asystole, not only a short capture.
 */
function unreadableTracing(a: TwelveLeadAnalysis, q: SignalQualityInput | null): Unreadable | null {
  // More than a pause's worth of flat line in all (every lead flat: the pipeline's all-lead
  // flatline stretches, whatever else the strip holds), with fewer than two beats (two beats give a
  // rate and a PAUSE flag): no heartbeat where the leads see neither lead-off nor noise. Asystole
  // and a fault look alike here, so the patient comes first.
  const beats = a.beats.fiducials.length;
  if (q !== null && beats < 2 && q.flatSeconds * 1000 > T.pauseMs.value) {
    const flat = secondsText(q.flatSeconds);
    const found = beats === 0 ? 'No heartbeat found' : 'Only one heartbeat found';
    return {
      reason: `${beats === 0 ? 'no heartbeat' : 'one heartbeat'} and ${flat} of flat line on every lead`,
      text: `${found}: every lead is flat for ${flat} of the recording. Check the patient now, then the electrodes, and repeat the EKG.`,
      urgency: 'immediate',
    };
  }
  if (q !== null && q.recordSeconds < T.minUsableSeconds.value) {
    // Rounded down, so the figure never reads as the limit it falls short of (6.96 s is "6.9 s"),
    // and in the words the incomplete-capture note, worklist and caption use for the same length.
    const reason = `${recordedSecondsText(q.recordSeconds)} recorded, at least ${secondsText(T.minUsableSeconds.value)} needed`;
    return { reason, text: `Recording too short to analyse (${reason}). Repeat the EKG.`, urgency: 'prompt' };
  }
  const noise = poorSignalReason(a, q);
  return noise === null ? null : { reason: noise, text: `Tracing too noisy to analyse (${noise}). Check electrodes and repeat the EKG.`, urgency: 'prompt' };
}

/** Whether the tracing is too noisy to analyse; a reason when it is. */
function poorSignalReason(a: TwelveLeadAnalysis, q: SignalQualityInput | null): string | null {
  if (q !== null && q.usableSeconds < T.minUsableSeconds.value) return 'too little of the strip is readable';
  if (a.tooFewBeats) return 'too few heartbeats could be found';
  // Nothing measured on an impossible scale is worth a finding (a /V header over millivolt samples
  // gave ST_ELEVATION 'up to 315.6 mm'): the calibration is wrong, not the heart.
  const largestQrsMv = Math.max(0, ...a.leadMeasurements.map((l) => l.qrsPeakToPeakMv).filter((v) => Number.isFinite(v)));
  if (largestQrsMv > T.plausibleQrsMaxMv.value) return `a QRS of ${Math.round(largestQrsMv)} mV is larger than any heart's: check the recording's gain and units`;
  const hr = a.intervals.heartRateBpm;
  // A rate under the plausibility limit is the heart's when an independent detector finds the same
  // beats (bSQI): a clean strip with two beats 5 s apart is an extreme bradycardia with a pause,
  // and read as "not plausible" it asked the assistant to check the electrodes. The second
  // detector is tuned to usual rates: with beats 3.5-5 s apart it took their T waves for beats
  // (bSQI 0.67-0.86 on clean strips). So its beats on our beats' T waves are not counted here, as
  // long as the beats are alike (template correlation) over a quiet baseline (muscle noise under
  // the P-wave masking limit). Any beat it finds elsewhere still counts: a strip of MIT-BIH 106
  // where our detector found 3 of 13 beats (alike, quiet) must stay POOR_SIGNAL, not read 14/min.
  const agrees = (v: number | null) => v !== null && v >= T.poorSignalBeatAgreement.value;
  const beatsAlikeOnQuietBaseline =
    a.qrsConsistency !== null &&
    a.qrsConsistency >= T.poorSignalQrsCorrelation.value &&
    a.highBandNoiseMv !== null &&
    a.highBandNoiseMv <= T.pWaveMaskingNoiseMv.value;
  const beatsConfirmed = agrees(a.beatAgreement) || (beatsAlikeOnQuietBaseline && agrees(a.beatAgreementBesideT));
  if (hr === null || (hr < T.plausibleRateMinBpm.value && !beatsConfirmed) || hr > T.plausibleRateMaxBpm.value) return 'the detected rate is not plausible';
  // Two independent signal-quality indices must both fail: a lone low template correlation is also
  // what two real morphologies (paced and conducted beats) or coarse fibrillation waves give.
  const unlike = a.qrsConsistency === null || a.qrsConsistency < T.poorSignalQrsCorrelation.value;
  if (unlike && a.beatAgreement !== null && a.beatAgreement < T.poorSignalBeatAgreement.value) return 'a second beat detector disagrees on where the heartbeats are';
  if (a.twinnedBeatShare !== null && a.twinnedBeatShare < T.poorSignalTwinnedShare.value) return 'most of the beats found look like no other beat';
  // An irregular rhythm is judged by its P waves; noise that hides them leaves it unreadable.
  const irregular = a.rr.irregularity !== null && a.rr.irregularity > T.irregularRrIndex.value;
  if (irregular && a.highBandNoiseMv !== null && a.highBandNoiseMv > T.pWaveMaskingNoiseMv.value) return 'the rhythm is irregular and noise hides the P waves';
  return null;
}

/**
 * Early beats with a wide QRS of a different shape, as sample indices. Early (earlyBeat): the RR
 * before the beat under prematureRrFraction of the rhythm's cycle; in a regular rhythm also a PVC
 * that opens the strip or comes late, shown by its compensatory pause. On MIT-BIH 10-s strips those
 * were the only PVCs missed in 25 and 51 strips (docs/ekg-analysis.md, session 17). In an irregular
 * rhythm (AF) no pause is compensatory and only the RR before counts.
 */
export function ventricularEctopics(a: TwelveLeadAnalysis): number[] {
  const out: number[] = [];
  const { fiducials, prematurity, qrsWidthMs, dominant } = a.beats;
  const dominantWidthMs = a.intervals.qrsMs ?? 0;
  const regular = a.rr.irregularity !== null && a.rr.irregularity <= T.irregularRrIndex.value;
  for (let b = 0; b < fiducials.length; b++) {
    if (dominant[b]) continue;
    // Wide: at least the wide-QRS limit, or clearly wider than the dominant beat.
    if (!(qrsWidthMs[b]! >= Math.min(T.wideQrsMs.value, dominantWidthMs + T.ectopicQrsWiderThanDominantMs.value))) continue;
    // The counted RR before and after the beat over the cycle (prematurity of this beat and of the next).
    const before = b >= 1 ? prematurity[b]! : Number.NaN;
    const after = b + 1 < fiducials.length ? prematurity[b + 1]! : Number.NaN;
    if (earlyBeat(before, after, b === 0, regular)) out.push(fiducials[b]!);
  }
  return out;
}

/**
 * Arm-electrode swap: P and QRS both inverted in lead I while aVR is not the usual negative
 * (PMC10902517). POSSIBLE_LEAD_REVERSAL, and the frontal axes it makes meaningless (flags and the
 * shown axes, summary.ts), both read it.
 */
export function armElectrodesSwapped(a: TwelveLeadAnalysis): boolean {
  const lI = a.leadMeasurements.find((l) => l.name === 'I');
  const lR = a.leadMeasurements.find((l) => l.name === 'aVR');
  const aVrNotNegative = lR !== undefined && (lR.qrsNetMv > 0 || (lR.pNetMv !== null && lR.pNetMv > 0));
  return lI !== undefined && aVrNotNegative && lI.qrsNetMv < 0 && lI.pNetMv !== null && lI.pNetMv < 0;
}

/** Whether the recording is sampled fast enough to time the waves (PR, QRS, QT): flags and shown figures both read it. */
export function intervalsTimed(a: TwelveLeadAnalysis): boolean {
  return a.fsHz >= T.minIntervalFsHz.value;
}

/** What the P waves on the median beat allow; evaluateFlags and the shown PR interval both read it. */
export interface PWaveReading {
  /** No consistent sinus P wave (absent, varying beat to beat, or a non-sinus wave): IRREGULAR_RHYTHM's test. */
  readonly pAbsent: boolean;
  /** The PR interval is the AV conduction time of a consistent sinus P wave: flagged and shown. */
  readonly prReadable: boolean;
}

export function pWaveReading(a: TwelveLeadAnalysis): PWaveReading {
  const m = a.intervals;
  // In an irregular rhythm, a wave that recurs before each QRS but is not upright in lead II (its
  // frontal axis out of the sinus range and its net deflection in II not positive) is not a sinus P
  // wave: organised atrial activity (flutter waves, coarse fibrillation; typical flutter waves are
  // negative in II, III and aVF) conducted variably (LUDB 101, atrial fibrillation marked: "P" axis
  // -144 deg, -0.10 mV in II). Sinus arrhythmia and atrial premature beats keep the sinus P wave on
  // the median beat.
  // The P axis is read here even when the limb leads have no common scale and the shown axes are
  // withheld (TwelveLeadAnalysis.axisScale null): the rule also needs a P wave not positive in II, a
  // sign no scale changes, and the axis only keeps a nearly flat P wave from deciding it.
  const pLeadIiMv = a.leadMeasurements.find((l) => l.name === 'II')?.pNetMv ?? null;
  const pAxis = m.axisDeg.p;
  const pNotSinus =
    pAxis !== null && !(pAxis > T.sinusPAxisMinDeg.value && pAxis < T.sinusPAxisMaxDeg.value) && pLeadIiMv !== null && pLeadIiMv <= T.uprightPLeadIiMv.value;
  const pAbsent = m.prMs === null || a.pWaveConsistency === null || a.pWaveConsistency < T.consistentPCorrelation.value || pNotSinus;
  // A PR interval is the AV conduction time of a consistent sinus P wave. The PR flags are withheld
  // when the P waves are absent, inconsistent or not sinus (pAbsent, the decision behind
  // IRREGULAR_RHYTHM), whatever the RR: sinus arrhythmia and a sinus pause keep their P waves and
  // their PR (PR 234 ms went unflagged when any RR irregularity withheld it), while P waves that vary
  // beat to beat (PACs mixed into the median beat, CinC 2021 JS20019) give a PR of no one beat.
  // To withhold a routine finding, either sign of a non-sinus wave is enough, where raising
  // IRREGULAR_RHYTHM asks for both: the "P" wave of regular flutter is a piece of a sawtooth whose
  // sign depends on where the window falls (4:1 flutter gave PROLONGED_PR 282 ms with a "P" axis of
  // -136 deg but +0.19 mV in II, and PROLONGED_PR 290 ms with +90 deg but -0.19 mV in II). Ectopic
  // atrial and junctional rhythms (P negative in II) lose their PR flags with this rule, and their PR
  // is not shown either (summary.ts): a figure past a limit never stands there unflagged.
  const pAxisNotSinus = pAxis !== null && !(pAxis > T.sinusPAxisMinDeg.value && pAxis < T.sinusPAxisMaxDeg.value);
  const pInvertedInIi = pLeadIiMv !== null && pLeadIiMv <= T.invertedPLeadIiMv.value;
  return { pAbsent, prReadable: m.prMs !== null && !pAbsent && !pAxisNotSinus && !pInvertedInIi };
}

/**
 * The review flags of one analysed tracing, most urgent first. POOR_SIGNAL replaces every other
 * flag: nothing is claimed from a tracing that cannot be read.
 */
export function evaluateFlags(a: TwelveLeadAnalysis, patient: PatientContext, quality: SignalQualityInput | null = null): EkgFlag[] {
  const unreadable = unreadableTracing(a, quality);
  if (unreadable !== null) return [{ code: 'POOR_SIGNAL', text: unreadable.text, urgency: unreadable.urgency, value: unreadable.reason }];
  const flags: EkgFlag[] = [];
  const add = (code: FlagCode, urgency: FlagUrgency, text: string, value: EkgFlag['value']) => flags.push({ code, text, urgency, value });
  const m = a.intervals;
  // Compared as displayed (whole beats per minute) so the text never says 'slow' next to '60'.
  const hr = m.heartRateBpm === null ? null : Math.round(m.heartRateBpm);
  if (hr !== null) {
    if (hr < T.markedBradycardiaBpm.value) add('MARKED_BRADYCARDIA', 'prompt', `Very slow heart rate (${round(hr)} per minute): needs provider review promptly.`, round(hr));
    else if (hr < T.bradycardiaBpm.value) add('BRADYCARDIA', 'routine', `Slow heart rate (${round(hr)} per minute): for provider review.`, round(hr));
    if (hr > T.markedTachycardiaBpm.value) add('MARKED_TACHYCARDIA', 'immediate', `Very fast heart rate (${round(hr)} per minute): notify the provider now.`, round(hr));
    else if (hr > T.tachycardiaBpm.value) add('TACHYCARDIA', 'routine', `Fast heart rate (${round(hr)} per minute): for provider review.`, round(hr));
  }
  const irr = a.rr.irregularity;
  const byName = new Map(a.leadMeasurements.map((l) => [l.name, l]));
  const { pAbsent, prReadable } = pWaveReading(a);
  // Irregularly irregular: clearly irregular RR without consistent sinus P waves, or a lesser
  // irregularity where no P wave recurs at all and noise does not hide them (AF at a controlled
  // rate: CinC 2017 A00141, irregularity 0.048, P-window correlation 0.26).
  const pNeverRecurs =
    a.pWaveConsistency !== null && a.pWaveConsistency < T.absentPCorrelation.value && a.highBandNoiseMv !== null && a.highBandNoiseMv <= T.cleanForAbsentPMv.value;
  if (irr !== null && ((irr > T.irregularRrIndex.value && pAbsent) || (irr > T.irregularRrWithoutPIndex.value && pNeverRecurs))) {
    add('IRREGULAR_RHYTHM', 'prompt', 'Irregularly irregular rhythm without consistent sinus P waves: needs provider review.', Math.round(irr * 1000) / 1000);
  }
  if (a.rr.maxMs !== null && a.rr.maxMs > T.pauseMs.value) {
    add('PAUSE', 'prompt', `Pause between beats of ${secondsAboveLimit(a.rr.maxMs, T.pauseMs.value)} s: needs provider review promptly.`, round(a.rr.maxMs));
  }
  // Interval flags need waves timed to a few milliseconds: not below minIntervalFsHz (at 50 Hz a
  // sample is 20 ms, and a QRS of 78 ms read 63).
  const timed = intervalsTimed(a);
  if (timed && m.prMs !== null && prReadable) {
    if (m.prMs > T.prolongedPrMs.value) add('PROLONGED_PR', 'routine', `Long PR interval (${round(m.prMs)} ms): for provider review.`, round(m.prMs));
    else if (m.prMs < T.shortPrMs.value) add('SHORT_PR', 'routine', `Short PR interval (${round(m.prMs)} ms): for provider review.`, round(m.prMs));
  }
  if (timed && m.qrsMs !== null && m.qrsMs >= T.wideQrsMs.value) add('WIDE_QRS', 'routine', `Wide QRS (${round(m.qrsMs)} ms): for provider review.`, round(m.qrsMs));
  // The shown QTc (Fridericia, see EkgMeasurements.qtcMs).
  const qtc = timed ? m.qtcFridericiaMs : null;
  if (qtc !== null) {
    const limit = patient.sex === 'M' ? T.prolongedQtcMaleMs.value : T.prolongedQtcFemaleMs.value;
    // Not withheld in an irregular rhythm (a long QT in atrial fibrillation is real and matters) but
    // qualified: the QT varies beat to beat there and is read over several beats with the mean rate
    // (Pai & Rawles, Br Heart J 1989;61:510); Fridericia keeps the QTc in AF close to that in sinus
    // rhythm (Musat et al., Am J Cardiol 2013;112:1379).
    const how = irr !== null && irr > T.irregularRrIndex.value ? 'Fridericia, irregular rhythm: less certain' : 'Fridericia';
    if (qtc >= T.markedlyProlongedQtcMs.value) add('MARKEDLY_PROLONGED_QTC', 'prompt', `Markedly long QTc (${round(qtc)} ms, ${how}): needs provider review promptly; review medicines that prolong QT.`, round(qtc));
    else if (qtc >= limit) add('PROLONGED_QTC', 'routine', `Long QTc (${round(qtc)} ms, ${how}): for provider review.`, round(qtc));
  }
  const limb = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'].map((n) => byName.get(n));
  const prec = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((n) => byName.get(n));
  const maxAmp = (ls: typeof limb) => (ls.every((l) => l !== undefined) ? Math.max(...ls.map((l) => l!.qrsPeakToPeakMv)) : null);
  const limbMax = maxAmp(limb);
  const precMax = maxAmp(prec);
  // Routine amplitude findings need leads whose scale can be trusted (TwelveLeadAnalysis.amplitudesTrusted).
  const trusted = a.amplitudesTrusted;
  // Each group is a criterion of its own (Surawicz et al. 2009): the text names the group(s) that met
  // it with their largest QRS, and the value is the largest QRS over those groups' leads, so it is
  // never a figure from a group that did not meet its limit (a chest-lead finding shown as the limb
  // leads' 1.44 mV).
  const voltageGroups: { where: string; maxMv: number | null; limitMv: number }[] = [
    { where: 'limb', maxMv: limbMax, limitMv: T.lowVoltageLimbMv.value },
    { where: 'chest', maxMv: precMax, limitMv: T.lowVoltagePrecordialMv.value },
  ];
  const lowGroups = voltageGroups.filter((g): g is { where: string; maxMv: number; limitMv: number } => g.maxMv !== null && g.maxMv < g.limitMv);
  if (trusted && lowGroups.length > 0) {
    const mv = (v: number) => Math.round(v * 100) / 100;
    const said = lowGroups.map((g) => `every ${g.where} lead under ${g.limitMv.toFixed(1)} mV, largest ${mv(g.maxMv).toFixed(2)} mV`).join('; ');
    add('LOW_VOLTAGE', 'routine', `Low QRS voltage (${said}): for provider review.`, mv(Math.max(...lowGroups.map((g) => g.maxMv))));
  }
  const lI = byName.get('I');
  const armsSwapped = armElectrodesSwapped(a);
  // An axis read from swapped arm leads is the swap's, not the heart's (a swap mirrors the frontal
  // axis: +53 deg read as 127): with POSSIBLE_LEAD_REVERSAL raised, AXIS_DEVIATION is not.
  // The axis needs only a common scale of the limb leads, not calibrated amplitudes (axis-scale.ts).
  // A ventricular-paced QRS's axis is the pacing site's (right-ventricular apical pacing reads far
  // left), not a finding of the heart's own conduction: neither flagged nor shown (summary.ts); the
  // paced note says so. Under atrial pacing the QRS is the heart's own and is judged.
  const axis = a.axisScale !== null && !armsSwapped && !a.ventricularPaced ? m.axisDeg.qrs : null;
  if (axis !== null && (axis < T.leftAxisDeg.value || axis > T.rightAxisDeg.value)) {
    add('AXIS_DEVIATION', 'routine', `QRS axis outside the usual range (${axis} degrees): for provider review.`, axis);
  }
  const elevated: string[] = [];
  const depressed: string[] = [];
  // The leads of the qualifying pairs: the figure shown is the extreme over these only, never a lead
  // that met no criterion (an isolated V1 at 2.5 mm beside "II/aVF").
  const elevatedLeads: LeadMeasurement[] = [];
  const depressedLeads: LeadMeasurement[] = [];
  for (const [x, y] of CONTIGUOUS) {
    const lx = byName.get(x);
    const ly = byName.get(y);
    if (lx === undefined || ly === undefined) continue;
    if (lx.stJMv >= stElevationLimitMv(x, patient) && ly.stJMv >= stElevationLimitMv(y, patient)) {
      elevated.push(`${x}/${y}`);
      elevatedLeads.push(lx, ly);
    }
    // Depression counts when horizontal or down-sloping: the level 60 ms after J is no higher than at
    // J plus the slope tolerance (stDepressionUpslopeToleranceMv).
    const down = (l: typeof lx) => l.stJMv <= -T.stDepressionMv.value && l.stJ60Mv <= l.stJMv + T.stDepressionUpslopeToleranceMv.value;
    if (down(lx) && down(ly)) {
      depressed.push(`${x}/${y}`);
      depressedLeads.push(lx, ly);
    }
  }
  // Urgent findings are never silenced by doubt about the scale: they are raised with the doubt said.
  const scaleDoubt = trusted
    ? ''
    : a.uncalibrated
      ? ' (this recording gives no lead calibration: check the ST levels on the tracing)'
      : ' (lead calibration of this recording inconsistent: check the ST levels on the tracing)';
  if (elevated.length > 0) {
    const maxSt = Math.max(...elevatedLeads.map((l) => l.stJMv));
    add('ST_ELEVATION', 'immediate', `ST segment raised in neighbouring leads (${elevated.join(', ')}; up to ${mm(maxSt)} mm)${scaleDoubt}: notify the provider now.`, mm(maxSt));
  }
  if (depressed.length > 0) {
    const minSt = Math.min(...depressedLeads.map((l) => l.stJMv));
    add('ST_DEPRESSION', 'prompt', `ST segment lowered in neighbouring leads (${depressed.join(', ')}; down to ${mm(minSt)} mm)${scaleDoubt}: needs provider review promptly.`, mm(minSt));
  }
  // "Early wide beats" are judged on QRS widths, which are not timed below minIntervalFsHz either.
  const ectopics = timed ? ventricularEctopics(a) : [];
  if (ectopics.length > 0) add('VENTRICULAR_ECTOPY', 'routine', `${ectopics.length} early wide beat(s) seen: for provider review.`, ectopics.length);
  if (armsSwapped && lI !== undefined) {
    add('POSSIBLE_LEAD_REVERSAL', 'prompt', 'Lead I looks inverted (P and QRS negative, aVR not): check the arm electrodes and repeat the EKG before review.', Math.round(lI.qrsNetMv * 100) / 100);
  }
  return flags.sort((p, q) => URGENCY_RANK[p.urgency] - URGENCY_RANK[q.urgency]);
}
