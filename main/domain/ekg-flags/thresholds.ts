/**
 * THE table of every threshold behind an EKG review flag, each with its source. Flags are for
 * provider review, never a diagnosis; all values need clinical sign-off before release
 * (docs/standards-notes.md section 5.4).
 */
export const FLAG_THRESHOLDS = {
  bradycardiaBpm: { value: 60, source: 'Adult resting normal range 60-100 bpm (AHA/ACCF/HRS, Surawicz et al. 2009 Part I; issue 5)' },
  markedBradycardiaBpm: { value: 40, source: 'Issue 5 vocabulary (marked bradycardia < 40 bpm, prompt)' },
  tachycardiaBpm: { value: 100, source: 'Adult resting normal range 60-100 bpm (Surawicz et al. 2009 Part I; issue 5)' },
  markedTachycardiaBpm: { value: 150, source: 'Issue 5 vocabulary (marked tachycardia > 150 bpm, immediate)' },
  pauseMs: { value: 2000, source: 'Issue 5: RR > 2.0 s (pacing-guideline pause value, standards-notes 5.4)' },
  prolongedPrMs: { value: 200, source: 'First-degree AV block PR > 200 ms (Surawicz et al. 2009 Part III; ecgpedia)' },
  shortPrMs: { value: 120, source: 'Short PR < 120 ms (Surawicz et al. 2009 Part III; issue 5)' },
  wideQrsMs: { value: 120, source: 'QRS >= 120 ms (Surawicz et al. 2009 Part III, doi:10.1016/j.jacc.2008.12.013)' },
  prolongedQtcMaleMs: { value: 450, source: 'Rautaharju et al. 2009 Part IV (doi:10.1016/j.jacc.2008.12.014); issue 5; applied to Fridericia-corrected QTc' },
  prolongedQtcFemaleMs: { value: 460, source: 'Rautaharju et al. 2009 Part IV; also used when sex is unknown (issue 5)' },
  /** Applied inclusively (QTc >= 500 ms), as the flag's specification states; the literature's "above 500" puts the torsade risk at that value. */
  markedlyProlongedQtcMs: {
    value: 500,
    source: 'QTc >= 500 ms (issue 5: markedly prolonged at 500 ms and above); the torsade risk rises sharply around 500 ms (Johnson & Ackerman 2009, PMC3940069, "QTc > 500 ms")',
  },
  lowVoltageLimbMv: { value: 0.5, source: 'Low QRS voltage: < 0.5 mV in all limb leads (Surawicz et al. 2009; standards-notes 5.4)' },
  lowVoltagePrecordialMv: { value: 1.0, source: 'Low QRS voltage: < 1.0 mV in all precordial leads (Surawicz et al. 2009)' },
  leftAxisDeg: { value: -30, source: 'Left axis deviation < -30 deg (Surawicz et al. 2009 Part I)' },
  rightAxisDeg: { value: 90, source: 'Right axis deviation > +90 deg (Surawicz et al. 2009 Part I)' },
  stElevationMv: { value: 0.1, source: 'Fourth Universal Definition of MI (Thygesen et al. 2018): >= 1 mm in two contiguous leads' },
  stElevationV2V3MenOver40Mv: { value: 0.2, source: 'Fourth UDMI: V2-V3 >= 2 mm in men >= 40 y' },
  stElevationV2V3MenUnder40Mv: { value: 0.25, source: 'Fourth UDMI: V2-V3 >= 2.5 mm in men < 40 y' },
  stElevationV2V3WomenMv: { value: 0.15, source: 'Fourth UDMI: V2-V3 >= 1.5 mm in women; also used when sex or age is unknown (the more sensitive limit)' },
  stDepressionMv: { value: 0.05, source: 'Fourth UDMI: horizontal or down-sloping ST depression >= 0.5 mm in two contiguous leads' },
  /**
   * Rise of the ST level from J to J+60 ms up to which a depressed ST segment still counts as
   * horizontal (not up-sloping): the UDMI names the shape, not a number.
   */
  stDepressionUpslopeToleranceMv: {
    value: 0.025,
    source: 'Station policy, to be confirmed clinically: half the 0.5 mm depression limit (0.25 mm over 60 ms) still reads as horizontal; the Fourth UDMI (Thygesen et al. 2018) counts horizontal or down-sloping depression and gives no slope figure',
  },
  /** RR irregularity (trimmed mean |delta RR| / median RR, twelve-lead/rhythm.ts) above which the rhythm is irregularly irregular. */
  irregularRrIndex: {
    value: 0.08,
    source: 'Successive-RR irregularity for AF screening (Tateno & Glass 2001; Dash et al., Ann Biomed Eng 2009); sinus rhythm at rest stays near 0.02-0.04',
  },
  /**
   * A lesser irregularity that still reads as irregularly irregular when no P wave recurs at all
   * (P-window correlation under `absentPCorrelation`, noise not hiding P waves): AF at a controlled
   * ventricular rate can be nearly regular over 10-30 s, and then the absent P wave decides.
   */
  irregularRrWithoutPIndex: {
    value: 0.04,
    source: 'Top of the resting sinus range of the same index (0.02-0.04, irregularRrIndex); P-wave absence as an AF criterion of its own (Ladavich & Ghoraani 2015). Measured on MIT-BIH DS1 10-s strips: 4 more AF strips flagged, no other strip',
  },
  /** ...and only in a clean tracing: muscle noise below half the P-masking level (clean dev records stay <= 0.026 mV). */
  cleanForAbsentPMv: {
    value: 0.025,
    source: 'Station policy: half of pWaveMaskingNoiseMv; at 6-12 dB of added muscle noise, P waves read as absent in non-AF MIT-BIH strips under the masking level (docs/ekg-analysis.md)',
  },
  absentPCorrelation: {
    value: 0.35,
    source: 'Station policy: well under the consistent-P limit (0.5), so that a P wave merely small or varying does not count as absent; to be confirmed clinically',
  },
  /** Below this mean beat-to-beat P-window correlation, P waves are not consistent (fibrillatory baseline). */
  consistentPCorrelation: { value: 0.5, source: 'P-wave absence criterion of AF detectors (Ladavich & Ghoraani, Biomed Signal Process Control 2015)' },
  /**
   * Sinus P waves are upright in lead II (+60 deg): a frontal P axis within 90 deg of it, inside
   * (-30, +150) deg, and a positive net deflection in II. A wave that fails both (axis outside, net
   * deflection in II at or below 0) is not a sinus P wave. Both are asked because each alone can
   * mislead: the frontal axis of a nearly flat P wave swings with noise, and in two-lead records
   * (MLII, no frontal axis) a "P" window holding the inverted T wave of a preceding ventricular beat
   * (bigeminy) would pass a lead-II test alone (MIT-BIH 106, 208, 220: 16 strips).
   */
  sinusPAxisMinDeg: { value: -30, source: 'Sinus rhythm: P wave positive in lead II, negative in aVR (Goldberger, Clinical Electrocardiography: A Simplified Approach; normal sinus P axis 0 to +75 deg)' },
  sinusPAxisMaxDeg: { value: 150, source: 'The other bound of the same rule: lead II at +60 deg plus 90 deg' },
  uprightPLeadIiMv: { value: 0, source: 'The same rule read in lead II itself: a sinus P wave has a positive net deflection there' },
  /**
   * PR flags need a sinus P wave: withheld when the P axis is outside the sinus range above, or when
   * the P wave is clearly negative in II (at or below minus the smallest P wave the delineator reads),
   * either one. A tolerance, since a flat or biphasic sinus P wave can net slightly below 0 in II
   * (CinC 2021 E07519, sinus bradycardia: -0.024 mV, axis 6 deg).
   */
  invertedPLeadIiMv: { value: -0.04, source: 'Sinus P wave upright in II (Goldberger); 0.04 mV = the delineator\'s P-wave amplitude limit (DELINEATION.pMinAmplitudeMv)' },

  /** Mean QRS template correlation below this = the beats do not look like one heartbeat (one of two SQIs that must both fail). */
  poorSignalQrsCorrelation: { value: 0.86, source: 'Template-matching signal quality (Orphanidou et al., IEEE JBHI 2015;19:832: average correlation < 0.86 unacceptable)' },
  /** Beat agreement of two independent detectors below this = beats not to be trusted (one of two SQIs that must both fail). */
  poorSignalBeatAgreement: { value: 0.9, source: 'bSQI (Li, Mark & Clifford, Physiol Meas 2008;29:15); windows with bSQI < 0.9 are excluded (Vest et al., Physiol Meas 2018;39:105004)' },
  /** Fewer than this share of beats with a look-alike (r >= 0.86) = most detected "beats" are unique shapes, i.e. noise. */
  poorSignalTwinnedShare: { value: 0.5, source: 'Heartbeats recur (each beat resembles others of its morphology); majority rule on the Orphanidou et al. 2015 correlation limit' },
  /** Muscle noise (> 20 Hz RMS between beats, quietest lead) above which P waves cannot be judged in an irregular rhythm. */
  pWaveMaskingNoiseMv: {
    value: 0.05,
    source: 'Station policy from P-wave size: 2-sigma noise excursions as large as a typical 0.1 mV P wave (to be confirmed clinically); clean dev records stay <= 0.026 mV (docs/ekg-analysis.md)',
  },
  /** Heart rates outside this range from the detector are not physiological: the tracing is not analysable. */
  plausibleRateMinBpm: { value: 20, source: 'rrSQI plausibility: HR < 20 or > 200 bpm non-physiologic (standards-notes 5.5); applied only where a second detector does not confirm the beats (bSQI < poorSignalBeatAgreement): a clean strip at 12/min is a finding' },
  plausibleRateMaxBpm: { value: 250, source: 'rrSQI plausibility, widened to 250 bpm so marked tachycardia is still flagged' },
  /** A median-beat QRS larger than this (peak to peak, any lead) is no heart's: the recording's gain or units are wrong = POOR_SIGNAL. */
  plausibleQrsMaxMv: {
    value: 20,
    source: 'Station policy: the largest QRS complexes (hypertrophy, WPW) reach 5-8 mV in one lead; 20 mV leaves a wide margin and catches a millivolt signal read as volts (x1000) or a gain off by 10',
  },
  /**
   * Below this sampling rate the waves' boundaries are not timed: PR, QRS, QT and QTc are not shown
   * and their flags are not raised, nor VENTRICULAR_ECTOPY (early *wide* beats); rate, rhythm, axes
   * and ST still are.
   */
  minIntervalFsHz: {
    value: 100,
    source:
      'Station measurement (docs/ekg-analysis.md, session 13): 50 LUDB records resampled keep QRS MAE 6-7 ms at 75-100 Hz, 11 ms at 60 Hz and 15 ms at 50 Hz (10 ms is the issue\'s target); 100 Hz keeps a margin above that and twice the 40 Hz monitoring bandwidth (IEC 60601-2-27)',
  },
  /** Pipeline quality: fewer usable seconds than this (some lead readable) = POOR_SIGNAL. */
  minUsableSeconds: { value: 7, source: 'Station policy: a resting strip needs at least 7 of its 10 s readable for rate and rhythm (to be confirmed clinically)' },
  /**
   * Recorded limb leads whose QRS complexes break Einthoven's and Goldberger's relations by more
   * than this (RMS residual of the QRS windows averaged over clean beats, over the leads' summed RMS,
   * twelve-lead/limb-consistency.ts) have inconsistent calibrations: axes, LOW_VOLTAGE and
   * AXIS_DEVIATION are withheld, ST flags carry the doubt in their text.
   */
  limbLeadDisagreementMax: {
    value: 0.06,
    source:
      "Einthoven's law III = II - I and Goldberger's augmented-lead relations hold for any electrode potentials; gain errors of up to 5 % in every lead (IEC 60601-2-25 gain tolerance) give at most 0.053, and only when all three errors push the same way; 0.06 leaves a margin over that. Consistent dev records (CinC 2021, PTB) measure <= 0.01",
  },
  /** A premature beat comes at least this much earlier than the median RR. */
  prematureRrFraction: { value: 0.88, source: 'Prematurity >= 12 % of the preceding RR (AAMI EC57 / de Chazal et al. 2004 RR features)' },
  /**
   * VENTRICULAR_ECTOPY in a regular rhythm: a wide beat of another shape that comes at least this
   * fraction of the cycle early and is followed by a pause at least this fraction long is out of step
   * with the rhythm on both sides, as a late-coupled ectopic beat with its compensatory pause is.
   */
  outOfStepFraction: {
    value: 0.05,
    source:
      'Compensatory pause after a ventricular ectopic beat (coupling + pause = two cycles: the sinus node is not reset; Chou\'s Electrocardiography); pre- and post-RR ratios as ectopy features (de Chazal et al. 2004). 5 % is beyond resting beat-to-beat variation of a regular rhythm. MIT-BIH DS1 10-s strips: docs/ekg-analysis.md, session 17',
  },
  /**
   * VENTRICULAR_ECTOPY: a premature beat of another shape counts as wide when its QRS reaches the
   * wide-QRS limit or is at least this much wider than the dominant (median-beat) QRS.
   */
  ectopicQrsWiderThanDominantMs: {
    value: 20,
    source:
      'Station policy, to be confirmed clinically (set with the first flag rules; no published cut-off): a ventricular or aberrant beat widens the QRS; dominant beats measured beat by beat spread up to 18 ms (CinC 2021 JS20000, 68-86 ms; docs/ekg-analysis.md), so a smaller margin would count ordinary beats',
  },
} as const satisfies Record<string, { value: number; source: string }>;

export type FlagThresholdName = keyof typeof FLAG_THRESHOLDS;
