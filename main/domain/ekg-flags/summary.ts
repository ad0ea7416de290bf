import { analyzeTwelveLead, type TwelveLeadAnalysis, type TwelveLeadInput } from '../../ekg/twelve-lead/analyze.ts';
import { armElectrodesSwapped, evaluateFlags, intervalsTimed, pWaveReading, type EkgFlag, type PatientContext, type SignalQualityInput } from './flags.ts';
import { FLAG_THRESHOLDS } from './thresholds.ts';

/** The `measurements` object of `station analyze` and of the EKG screen (null = not measurable). */
export type QtcFormula = 'bazett' | 'fridericia';

export interface EkgMeasurements {
  heartRateBpm: number | null;
  /** Null also when IRREGULAR_RHYTHM is raised: no sinus P wave to measure from (see interpret). */
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  /**
   * The QTc shown and flagged: Fridericia, which corrects for rate better than Bazett away from
   * 60/min (Vandenberk et al., JAHA 2016; Rautaharju et al. 2009 advise against Bazett); both are kept in `qtc`.
   */
  qtcMs: number | null;
  qtcFormula: QtcFormula;
  /**
   * Frontal axes; all null when amplitudes are not trusted (limb leads' scales disagree, or no
   * calibration given) or the arm electrodes look swapped; `p` also null with IRREGULAR_RHYTHM, as
   * the PR interval is.
   */
  axisDeg: { p: number | null; qrs: number | null; t: number | null };
}

/** Everything stored for one tracing: the shown measurements, both QTc values, RR variability, flags. */
export interface EkgInterpretation {
  measurements: EkgMeasurements;
  qtc: { bazettMs: number | null; fridericiaMs: number | null };
  rrVariability: { sdnnMs: number | null; rmssdMs: number | null; irregularity: number | null; minRrMs: number | null; maxRrMs: number | null };
  flags: EkgFlag[];
  /** What the analysis could not read in this recording and why, in plain words. Absent = nothing withheld. */
  notes?: string[];
}

const r = (v: number | null) => (v === null ? null : Math.round(v));

export function interpret(a: TwelveLeadAnalysis, patient: PatientContext, quality: SignalQualityInput | null = null): EkgInterpretation {
  const flags = evaluateFlags(a, patient, quality);
  const poor = flags.some((f) => f.code === 'POOR_SIGNAL');
  const m = a.intervals;
  // The PR is shown where the PR flags judge it (pWaveReading): a PR over 200 ms without
  // PROLONGED_PR beside it (P waves varying beat to beat, or not sinus) would read as overlooked.
  const timed = intervalsTimed(a);
  const prReadable = pWaveReading(a).prReadable;
  const armsSwapped = armElectrodesSwapped(a);
  const notes = withheldNotes(a, poor, flags, prReadable);
  // Nothing is claimed from a tracing too noisy to read: every measurement is then null.
  const v = (x: number | null) => (poor ? null : r(x));
  // IRREGULAR_RHYTHM is raised exactly when the analysis has judged the rhythm irregular without
  // consistent sinus P waves (flags.ts). The "P wave" the delineator may still find on the median
  // beat is then fibrillatory or flutter activity averaged over beats (a synthetic AF tracing showed
  // PR 234 ms, P axis 51 deg): a PR interval and a P axis of it would contradict the flag, so both
  // are not measurable (null, shown as a dash). Read from the flag so that one decision rules both.
  const noSinusP = flags.some((f) => f.code === 'IRREGULAR_RHYTHM');
  const pWave = (x: number | null) => (noSinusP ? null : v(x));
  return {
    measurements: {
      heartRateBpm: v(m.heartRateBpm),
      prMs: prReadable && timed ? pWave(m.prMs) : null,
      qrsMs: timed ? v(m.qrsMs) : null,
      qtMs: timed ? v(m.qtMs) : null,
      qtcMs: timed ? v(m.qtcFridericiaMs) : null,
      qtcFormula: 'fridericia',
      // An axis weighs lead I against aVF: with limb leads on no common scale (axisScale), or arm
      // electrodes that look swapped (the axis would be the swap's), it is not shown. A ventricular-
      // paced QRS's axis is the pacing site's, not flagged (flags.ts), so not shown either: a figure
      // past a limit never stands there unflagged; the paced note says why.
      axisDeg:
        a.axisScale !== null && !armsSwapped ? { p: pWave(m.axisDeg.p), qrs: a.ventricularPaced ? null : v(m.axisDeg.qrs), t: v(m.axisDeg.t) } : { p: null, qrs: null, t: null },
    },
    qtc: { bazettMs: timed ? v(m.qtcBazettMs) : null, fridericiaMs: timed ? v(m.qtcFridericiaMs) : null },
    rrVariability: {
      sdnnMs: v(a.rr.sdnnMs),
      rmssdMs: v(a.rr.rmssdMs),
      irregularity: poor || a.rr.irregularity === null ? null : Math.round(a.rr.irregularity * 1000) / 1000,
      minRrMs: v(a.rr.minMs),
      maxRrMs: v(a.rr.maxMs),
    },
    flags,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Said on screen and on the report after "Not read:". */
export const PACED_NOTE =
  'Pacemaker pulses right before most QRS complexes (ventricular pacing): left out of the measurements; each QRS is measured from after its pulse, and its axis, which the pacing site sets, is not read.';
/** The same under atrial pacing only: the QRS and its axis are the heart's own. */
export const ATRIAL_PACED_NOTE = 'Pacemaker pulses before most beats, well ahead of the QRS (atrial pacing): left out of the measurements.';

/**
 * What the limb-lead calibration note says of the axes (axis-scale.ts), or null when another note
 * says it: with arm electrodes that look swapped the lead-reversal note does, and "the axes are
 * read" beside "they are not shown" would contradict it.
 */
function axesClause(a: TwelveLeadAnalysis, armsSwapped: boolean): string | null {
  if (a.axisScale === null) return 'the axes are not read';
  if (armsSwapped) return null;
  const which = a.ventricularPaced ? 'the P and T axes' : 'the axes';
  // 'mv' reaches a note only with some lead uncalibrated: the limb leads were shown to agree anyway.
  return a.axisScale === 'recorded-units' ? `${which}, which only compare leads, are read in the recording's own units` : `${which}, which only compare leads, are read: the limb leads agree with each other`;
}

/** What a readable tracing's analysis withheld and why (none under POOR_SIGNAL, which says it all). */
function withheldNotes(a: TwelveLeadAnalysis, poor: boolean, flags: readonly EkgFlag[], prReadable: boolean): string[] {
  if (poor) return [];
  const notes: string[] = [];
  // Limb leads the station computed from I and II are left out with them; the note says so rather
  // than calling leads the cart never sent disconnected.
  const recorded = a.unmeasuredLeads.filter((l) => !(a.derivedLeads as readonly string[]).includes(l));
  const derived = a.unmeasuredLeads.filter((l) => (a.derivedLeads as readonly string[]).includes(l));
  if (recorded.length > 0) {
    const many = recorded.length > 1;
    notes.push(
      `Lead${many ? 's' : ''} ${recorded.join(', ')} ${many ? 'were' : 'was'} disconnected, missing or noisy over most of the recording and ${many ? 'were' : 'was'} not measured${derived.length > 0 ? `, nor ${derived.join(', ')}, computed from ${many ? 'them' : 'it'}` : ''}: intervals come from the other leads, and findings that need ${many || derived.length > 0 ? 'those leads' : 'it'} (axes, low voltage, ST levels there) are not read.`,
    );
  }
  // The axes need only the limb leads on one scale (axis-scale.ts); the note says which they got.
  const axes = axesClause(a, armElectrodesSwapped(a));
  const thenAxes = axes === null ? '.' : `; ${axes}.`;
  const offByPercent = ((a.limbLeadDisagreement ?? 0) * 100).toFixed(1);
  if (a.uncalibrated) {
    notes.push(
      `The recording gives no calibration (gain) for some of its leads: their amplitudes in mV are not known, so low voltage is not read and ST levels are to be checked on the tracing${thenAxes}`,
    );
  } else if (a.axisScale === 'recorded-units') {
    notes.push(
      `The lead calibration this recording states is inconsistent (its limb leads disagree by up to ${offByPercent} % in mV, but agree in the recording's own units): low voltage is not read and ST levels are to be checked on the tracing${thenAxes}`,
    );
  } else if (!a.amplitudesTrusted) {
    notes.push(
      `The limb leads disagree with each other on clean beats (Einthoven's and Goldberger's relations off by up to ${offByPercent} %, beyond amplifier gain tolerance): their calibrations or labels cannot all be right, and the chest leads' gains come from the same source, so low voltage is not read and ST levels are to be checked on the tracing${thenAxes}`,
    );
  }
  if (!intervalsTimed(a) && !a.tooFewForMedianBeat) {
    notes.push(
      `Sampled at ${a.fsHz} Hz, below the ${FLAG_THRESHOLDS.minIntervalFsHz.value} Hz needed to time the waves: PR, QRS, QT and the width of early beats are not measured (rate, rhythm, axes and ST levels are).`,
    );
  }
  if (flags.some((f) => f.code === 'POSSIBLE_LEAD_REVERSAL') && a.axisScale !== null) {
    notes.push('Lead I looks inverted, as with swapped arm electrodes: the frontal axes would be the swap\'s, so they are not shown and no axis finding is read.');
  }
  // The pacemaker's pulses are taken out before measuring (pacer-pulses.ts): the provider reading a
  // wide QRS or a VENTRICULAR_ECTOPY flag needs to know the beats are paced; no flag names it.
  if (a.paced) {
    notes.push(a.ventricularPaced ? PACED_NOTE : ATRIAL_PACED_NOTE);
  }
  // The median beat (analyze.ts): none when no QRS shape recurs; a T wave cut short by coupled beats.
  if (a.tooFewForMedianBeat) {
    notes.push(
      'Only two heartbeats in the strip, too few to form a representative beat: PR, QRS, QT, the axes, voltages and ST levels are not measured (the rate and the pause are).',
    );
  }
  if (a.noRecurringMorphology) {
    notes.push(
      'No two heartbeats have the same QRS shape, so no representative beat could be formed: PR, QRS, QT, the axes, voltages and ST levels are not measured (the rate and rhythm are).',
    );
  }
  if (a.tEndHidden) {
    notes.push(
      'On most beats the next complex (a premature beat of another shape) starts before the T wave has ended, so the end of the T wave cannot be seen: QT, QTc and the T axis are not measured.',
    );
  }
  // A regular rhythm whose QRS was measured but no P wave could be placed: at fast rates a P wave
  // (more so a long-PR one) can sit on the previous T wave, where the delineator does not claim it
  // (delineate.ts). A blank PR must not read as a normal one, so say why, and that it is to be read on the tracing.
  const irregularRhythm = flags.some((f) => f.code === 'IRREGULAR_RHYTHM');
  if (a.intervals.prMs === null && a.intervals.qrsMs !== null && !a.noRecurringMorphology && !irregularRhythm) {
    notes.push(
      'No P wave could be separated before the QRS (at a fast rate, or with a long PR interval, it can merge with the previous T wave; or there may be none): the PR interval is not measured and is to be read on the tracing.',
    );
  } else if (a.intervals.prMs !== null && !irregularRhythm && !prReadable) {
    // IRREGULAR_RHYTHM says it of its own: no consistent sinus P waves.
    notes.push(
      'The wave before the QRS varies from beat to beat or is not a sinus P wave (upright in lead II): the PR interval is not measured and is to be read on the tracing.',
    );
  }
  return notes;
}

/** Analysis + interpretation of one recording given its R peaks (from the pipeline's detector). */
export function analyzeEkg(
  input: TwelveLeadInput,
  patient: PatientContext,
  quality: SignalQualityInput | null = null,
): { analysis: TwelveLeadAnalysis; interpretation: EkgInterpretation } {
  const analysis = analyzeTwelveLead(input);
  return { analysis, interpretation: interpret(analysis, patient, quality) };
}
