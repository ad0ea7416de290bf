// Physiological limits behind the quality flags. No published norm fixes these (standards-notes 5.5:
// "derive them from the ADC range, 50/60 Hz band power, >40 Hz power and <0.5 Hz power"), so each
// limit is derived from an ECG fact stated next to it.

/** Analysis window: one second holds at least one beat at any heart rate >= 60 bpm, two windows at >= 30 bpm. */
export const WINDOW_S = 1;

/**
 * Electrode offset a front end must tolerate is +-300 mV DC (IEC 60601-2-25 / AAMI EC11 DC offset test);
 * a lead whose level is beyond it has lost electrode contact.
 */
export const LEAD_OFF_DC_MV = 300;

/**
 * QRS-band (5-40 Hz) peak below 25 uV over three seconds: no QRS is visible (the lowest-voltage lead of a
 * normal 12-lead still shows ~0.1 mV QRS, and a 3 s span holds a beat at >= 20 bpm, rrSQI's lower limit).
 */
export const FLATLINE_BAND_PEAK_MV = 0.025;

/** A flat top at the lead's extreme lasting >= 15 ms is clipping: a physiological R apex stays within 1 LSB for < 5 ms. */
export const CLIP_RUN_S = 0.015;

/** A rail sits at least 0.5 mV (the lower end of the QRS amplitude range monitors must detect, IEC 60601-2-27) from the lead's level. */
export const CLIP_MIN_EXCURSION_MV = 0.5;

/**
 * Noise flag: robust sigma of the QRS band between beats above 1/8 of the QRS peak in the surrounding 3 s,
 * i.e. 3-sigma noise excursions reach ~40 % of the R wave, where a threshold detector starts to take
 * noise for beats (cf. the noise-vs-QRS-peak thresholds of Hamilton & Tompkins 1986, IEEE TBME 33:1157).
 */
export const NOISE_TO_QRS_RATIO = 0.125;

/**
 * Noise so strong that the lead is unusable for finding beats: Gaussian noise alone gives sigma / 3 s
 * peak ~0.3 (its 3 s maximum is ~3.3 sigma, 95 % of 3 s spans above 0.24); above 0.22 the R wave is at
 * most ~1.4x the noise's own peaks, so no QRS stands out of it.
 */
export const NOISE_UNUSABLE_RATIO = 0.22;

/** Noise below 20 uV RMS is within the amplifier noise of a diagnostic front end and never flagged. */
export const NOISE_FLOOR_MV = 0.02;

/**
 * Baseline slope above 0.5 mV/s moves the ST level by > 0.1 mV (the ST-deviation criterion of the
 * Fourth Universal Definition of MI, Thygesen 2018) over the ~0.2 s from PR segment to J+60 ms.
 */
export const BASELINE_SLOPE_MV_PER_S = 0.5;

/**
 * Mains: a 50/60 Hz component above 25 uV amplitude (0.05 mV peak-to-peak, half a small box at
 * 10 mm/mV) that also stands 3x above the spectrum 4 Hz either side (so a QRS's broadband energy
 * is not mistaken for hum).
 */
export const MAINS_AMPLITUDE_MV = 0.025;
export const MAINS_TO_NEIGHBOUR_RATIO = 3;
export const MAINS_NEIGHBOUR_OFFSET_HZ = 4;

/**
 * Mains heard in a recording whose mains frequency is not given (a file, a station not configured):
 * a line at 50 or 60 Hz (3x above its neighbours, MAINS_TO_NEIGHBOUR_RATIO) of at least 5 uV in half
 * the windows of some lead, or in a fifth of every lead's windows, or powerline as reported
 * (MAINS_AMPLITUDE_MV) in any window. Far below what is reported as powerline: hum of 10 uV, too
 * small to see at 10 mm/mV, moved the QRS delineation (LUDB + CinC 2021 with 10 uV of 60 Hz added: 10
 * of 120 records changed flags; 50 uV: 42, QRS up to 280 ms); even 3 uV changed 4-5, about as many
 * as the notch itself changes (5-6), so below 5 uV a notch buys nothing. The heart has no narrow
 * line at either frequency (LUDB dev: none in any window), so a line is the mains, and it is notched.
 */
export const MAINS_LINE_MIN_MV = 0.005;
export const MAINS_LINE_LEAD_SHARE = 0.5;
export const MAINS_LINE_RECORD_SHARE = 0.2;

/** QRS band used for the noise and flatline measures (Pan & Tompkins 1985 put QRS energy at 5-15 Hz; 40 Hz keeps its slopes). */
export const QRS_BAND_LOW_HZ = 5;
export const QRS_BAND_HIGH_HZ = 40;

/**
 * High band for the unusable-noise decision: muscle noise "extends to higher frequencies" than the ECG
 * (WFDB nst(1)), while a wide QRS (ventricular tachycardia) has little energy there; requiring noise in
 * this band too keeps a run of wide complexes from being taken for noise.
 */
export const HIGH_BAND_LOW_HZ = 20;
export const HIGH_BAND_HIGH_HZ = 45;
