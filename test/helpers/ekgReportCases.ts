// Report inputs at the limits of what the station stores, for the report's layout and PDF tests.
import type { EkgFlag } from '../../main/domain/ekg-flags/flags.ts';

const ALL_PAIRS = 'aVL/I, II/aVF, aVF/III, II/III, V1/V2, V2/V3, V3/V4, V4/V5, V5/V6';
const SCALE_DOUBT = ' (lead calibration of this recording inconsistent: check the ST levels on the tracing)';

/**
 * The most flags evaluateFlags can raise together (main/domain/ekg-flags/flags.ts): one rate flag,
 * IRREGULAR_RHYTHM (which excludes the PR flags), PAUSE, WIDE_QRS, one QTc flag, LOW_VOLTAGE,
 * AXIS_DEVIATION, ST elevation and depression, ectopy and lead reversal; POOR_SIGNAL excludes all
 * others. Each with its longest text: the ST flags name all nine contiguous pairs and the scale doubt,
 * LOW_VOLTAGE both lead groups.
 */
export const MOST_FLAGS: readonly EkgFlag[] = [
  { code: 'ST_ELEVATION', urgency: 'immediate', value: 4.5, text: `ST segment raised in neighbouring leads (${ALL_PAIRS}; up to 4.5 mm)${SCALE_DOUBT}: notify the provider now.` },
  { code: 'MARKED_BRADYCARDIA', urgency: 'prompt', value: 38, text: 'Very slow heart rate (38 per minute): needs provider review promptly.' },
  { code: 'IRREGULAR_RHYTHM', urgency: 'prompt', value: 0.412, text: 'Irregularly irregular rhythm without consistent sinus P waves: needs provider review.' },
  { code: 'PAUSE', urgency: 'prompt', value: 3120, text: 'Pause between beats of 3.12 s: needs provider review promptly.' },
  {
    code: 'MARKEDLY_PROLONGED_QTC',
    urgency: 'prompt',
    value: 532,
    text: 'Markedly long QTc (532 ms, Fridericia, irregular rhythm: less certain): needs provider review promptly; review medicines that prolong QT.',
  },
  { code: 'ST_DEPRESSION', urgency: 'prompt', value: -3.2, text: `ST segment lowered in neighbouring leads (${ALL_PAIRS}; down to -3.2 mm)${SCALE_DOUBT}: needs provider review promptly.` },
  { code: 'POSSIBLE_LEAD_REVERSAL', urgency: 'prompt', value: -0.85, text: 'Lead I looks inverted (P and QRS negative, aVR not): check the arm electrodes and repeat the EKG before review.' },
  { code: 'WIDE_QRS', urgency: 'routine', value: 164, text: 'Wide QRS (164 ms): for provider review.' },
  {
    code: 'LOW_VOLTAGE',
    urgency: 'routine',
    value: 0.88,
    text: 'Low QRS voltage (every limb lead under 0.5 mV, largest 0.42 mV; every chest lead under 1.0 mV, largest 0.88 mV): for provider review.',
  },
  { code: 'AXIS_DEVIATION', urgency: 'routine', value: -75, text: 'QRS axis outside the usual range (-75 degrees): for provider review.' },
  { code: 'VENTRICULAR_ECTOPY', urgency: 'routine', value: 12, text: '12 early wide beat(s) seen: for provider review.' },
];

/** A 2000-character over-read comment: more than the review accepts (common/ipc/channels/ekg.ts: 600), a layout stress case. */
export const LONGEST_COMMENT = (
  "Over-read: compared with the patient's tracing of 2026-10-01, the ST changes are new. Paged the on-call cardiologist " +
  '(Dr Østergård-Nguyễn) at 10:04; patient moved to the monitored bay.\nRepeat EKG in 15 min after the electrodes are re-placed. '
)
  .repeat(12)
  .slice(0, 2000);

/** Family and given names of the most characters the patient form accepts (100 each), one without a space to break at. */
export const LONGEST_NAME = `${'WOLFESCHLEGELSTEINHAUSENBERGERDORFF-'.repeat(3).slice(0, 100)}, ${'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Adolph Charles Barnabas Cyril David Earl Frederick Gerald'.slice(0, 100)}`;

/** The two longest "Not read" notes the analysis writes together (limb leads inconsistent, leads not measured). */
export const LONGEST_NOTES: readonly [string, string] = [
  "The limb leads disagree with each other on clean beats (Einthoven's and Goldberger's relations off by up to 23.1 %, beyond amplifier gain tolerance): their calibrations or labels cannot all be right, and the chest leads' gains come from the same source, so low voltage is not read and ST levels are to be checked on the tracing; the axes are not read.",
  'Leads II, V1 were disconnected, missing or noisy over most of the recording and were not measured, nor III, aVR, aVL, aVF, computed from them: intervals come from the other leads, and findings that need those leads (axes, low voltage, ST levels there) are not read.',
];
