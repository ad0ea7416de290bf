// Validation of the 12-lead analysis on the shared development sets (../shared/ecg): interval
// accuracy against LUDB's per-lead cardiologist marks, flags against expert labels.
import { describe, expect, it } from 'vitest';
import { seOf, spOf } from '../../../../main/ekg/evaluation/twelve-lead.ts';
import { scoreCinc2017, scoreFlags, scoreIntervalFlagsOnMarks, scoreRateFlagsOnMarkedRate, validateLudbIntervals } from '../../../../main/io/ekgEvaluation.ts';
import { MITDB_DS1, scoreMitdbStrips } from '../../../../main/io/ekgRhythmEvaluation.ts';

const ECG = '../shared/ecg';

describe('12-lead intervals vs LUDB per-lead marks (median over leads, per beat)', () => {
  it('meets the issue targets: MAE PR <= 15 ms, QRS <= 10 ms, QT <= 20 ms', async () => {
    const v = await validateLudbIntervals(`${ECG}/ludb-dev`);
    expect(v.records).toBe(100);
    expect(v.pr.n).toBeGreaterThan(500);
    expect(v.qrs.n).toBeGreaterThan(800);
    expect(v.qt.n).toBeGreaterThan(700);
    expect(v.pr.maeMs).toBeLessThanOrEqual(15);
    expect(v.qrs.maeMs).toBeLessThanOrEqual(10);
    expect(v.qt.maeMs).toBeLessThanOrEqual(20);
    // No systematic bias beyond the IEC 60601-2-25 order of tolerance (mean within +-10 ms).
    for (const s of [v.pr, v.qrs, v.qt]) expect(Math.abs(s.meanMs)).toBeLessThanOrEqual(10);
  });
});

describe('IRREGULAR_RHYTHM and POOR_SIGNAL on CinC 2017 (single lead, 300 Hz)', () => {
  it('flags AF at Se >= 90 % and Sp >= 95 %; noisy records get POOR_SIGNAL (9 of 10), at most one a rhythm flag', async () => {
    const s = await scoreCinc2017(`${ECG}/cinc2017-dev`);
    // 20 readable AF records, 62 normal or other rhythm; measured TP 18 FN 2 FP 2 TN 60.
    expect(s.irregular.tp + s.irregular.fn).toBeGreaterThanOrEqual(18);
    expect(seOf(s.irregular)).toBeGreaterThanOrEqual(0.9);
    expect(spOf(s.irregular)).toBeGreaterThanOrEqual(0.95);
    expect(s.noisyTotal).toBeGreaterThanOrEqual(10);
    // A01833 (low-voltage but clean-looking, labelled noisy) is the one still flagged irregular.
    expect(s.noisyRhythmFlag).toBeLessThanOrEqual(1);
    expect(s.noisyPoorSignal / s.noisyTotal).toBeGreaterThanOrEqual(0.9);
  });
});

describe('IRREGULAR_RHYTHM on 10-s strips of MIT-BIH DS1 (no threshold chosen on the clean strips)', () => {
  it('flags AF/flutter strips at Se >= 93 % and Sp >= 98 % despite frequent ectopy (measured 96.1 % / 99.0 %)', async () => {
    const s = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 10);
    expect(s.irregular.tp + s.irregular.fn).toBeGreaterThan(150);
    expect(seOf(s.irregular)).toBeGreaterThanOrEqual(0.93);
    expect(spOf(s.irregular)).toBeGreaterThanOrEqual(0.98);
    expect(s.poorSignal / s.strips).toBeLessThanOrEqual(0.03);
  });

  it('with muscle noise strips get POOR_SIGNAL rather than a rhythm flag (0 and 12 dB SNR); at 24 dB they stay readable', async () => {
    const noise = (snrDb: number) => ({ dir: `${ECG}/noise`, record: 'ma', snrDb });
    const heavy = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(0));
    // Measured: 95.0 % POOR_SIGNAL, no non-AF strip with a rhythm flag.
    expect(heavy.poorSignal / heavy.strips).toBeGreaterThanOrEqual(0.9);
    expect(heavy.otherWithRhythmFlag / heavy.other).toBeLessThanOrEqual(0.02);
    // At 12 dB noise hides P waves on many strips; irregular ones then get POOR_SIGNAL (measured 5.9 % still flagged).
    const moderate = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(12));
    expect(moderate.otherWithRhythmFlag / moderate.other).toBeLessThanOrEqual(0.07);
    const light = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(24));
    // Measured: 1.4 % POOR_SIGNAL, Sp 98.3 %.
    expect(light.poorSignal / light.strips).toBeLessThanOrEqual(0.03);
    expect(spOf(light.irregular)).toBeGreaterThanOrEqual(0.97);
  });
});

describe('rate flags vs the rate of the cardiologists\' QRS marks (LUDB)', () => {
  it('BRADYCARDIA Se >= 90 %, Sp >= 95 %; TACHYCARDIA Sp >= 95 %', async () => {
    const r = await scoreRateFlagsOnMarkedRate(`${ECG}/ludb-dev`);
    expect(r.bradycardia.tp + r.bradycardia.fn).toBeGreaterThanOrEqual(15);
    expect(seOf(r.bradycardia)).toBeGreaterThanOrEqual(0.9);
    expect(spOf(r.bradycardia)).toBeGreaterThanOrEqual(0.95);
    expect(spOf(r.tachycardia)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('interval flags vs the cardiologists\' marked intervals (LUDB)', () => {
  it('PROLONGED_PR reaches Se/Sp targets; WIDE_QRS and PROLONGED_QTC measured (few cases)', async () => {
    const m = await scoreIntervalFlagsOnMarks(`${ECG}/ludb-dev`);
    const c = (k: Parameters<typeof m.get>[0]) => m.get(k)!;
    expect(c('PROLONGED_PR').tp + c('PROLONGED_PR').fn).toBeGreaterThanOrEqual(5);
    expect(seOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.95);
    expect(seOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.85);
    expect(spOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.95);
    expect(seOf(c('PROLONGED_QTC'))).toBeGreaterThanOrEqual(0.66);
    // Measured Se 83.3 % (5/6), Sp 95.7 % (FP 4 of 94). In an irregular rhythm the T end stops at the
    // isoelectric level, so atrial fibrillation (LUDB 109) no longer puts it on a fibrillatory wave.
    expect(spOf(c('PROLONGED_QTC'))).toBeGreaterThanOrEqual(0.95);
    expect(spOf(c('SHORT_PR'))).toBeGreaterThanOrEqual(0.95);
  });
});

describe('review flags vs LUDB diagnoses and CinC 2021 SNOMED CT labels', () => {
  it('reaches at least the figures measured at release (see report; not all issue targets)', async () => {
    const f = await scoreFlags(`${ECG}/ludb-dev`, `${ECG}/cinc2021-dev`);
    const c = (k: Parameters<typeof f.byFlag.get>[0]) => f.byFlag.get(k)!;
    // Measured at release (most below the Se 90 % / Sp 95 %, reported); floors catch regressions.
    expect(seOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.9);
    expect(seOf(c('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.85);
    expect(spOf(c('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.85);
    expect(spOf(c('TACHYCARDIA'))).toBeGreaterThanOrEqual(0.95);
    expect(seOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.8);
    expect(spOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.9);
    expect(seOf(c('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.6);
    expect(spOf(c('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.95);
    expect(seOf(c('VENTRICULAR_ECTOPY'))).toBeGreaterThanOrEqual(0.8);
    expect(spOf(c('VENTRICULAR_ECTOPY'))).toBeGreaterThanOrEqual(0.95);
    expect(spOf(c('PROLONGED_QTC'))).toBeGreaterThanOrEqual(0.9);
  });
});
