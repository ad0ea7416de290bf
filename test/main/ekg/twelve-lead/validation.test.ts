// Validation of the 12-lead analysis on the shared development sets (../shared/ecg): interval
// accuracy against LUDB's per-lead cardiologist marks, flags against expert labels.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seOf, spOf } from '../../../../main/ekg/evaluation/twelve-lead.ts';
import { scoreCinc2017, scoreFlags, scoreIntervalFlagsOnMarks, scoreRateFlagsOnMarkedRate, validateLudbIntervals } from '../../../../main/io/ekgEvaluation.ts';
import { MITDB_DS1, scoreMitdbStrips } from '../../../../main/io/ekgRhythmEvaluation.ts';
import { loadEkg } from '../../../../main/io/ekgDatasets.ts';
import { interpretLoaded } from '../../../../main/io/ekgEvaluation.ts';
import { resampleLinear } from '../../../helpers/resample.ts';
import { runPipeline } from '../../../../main/ekg/pipeline.ts';
import { designFilter, filterZeroPhaseInPlace } from '../../../../main/ekg/filters/index.ts';

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

/** Signed differences (other rate - 500 Hz) of PR, QRS and QT on the first 30 LUDB records resampled by `factor` (linear interpolation). */
async function rateDifferences(factor: number): Promise<{ pr: number[]; qrs: number[]; qt: number[] }> {
  const dir = `${ECG}/ludb-dev`;
  const names = (await readdir(dir)).filter((f) => f.endsWith('.hea')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, 30);
  const diffs = { pr: [] as number[], qrs: [] as number[], qt: [] as number[] };
  for (const h of names) {
    const r = await loadEkg(join(dir, h));
    const at500 = interpretLoaded(r).measurements;
    const other = interpretLoaded({ ...r, fsHz: factor * r.fsHz, leads: r.leads.map((l) => ({ name: l.name, mv: resampleLinear(l.mv, factor) })) }).measurements;
    for (const [k, a, b] of [['pr', at500.prMs, other.prMs], ['qrs', at500.qrsMs, other.qrsMs], ['qt', at500.qtMs, other.qtMs]] as const) {
      if (a !== null && b !== null) diffs[k].push(b - a);
    }
  }
  return diffs;
}
const meanOf = (v: number[]) => v.reduce((p, c) => p + c, 0) / v.length;

describe('the same intervals at another sampling rate', () => {
  it('measures 30 LUDB records at 1000 Hz (linearly interpolated) as at 500 Hz', async () => {
    // Measured mean |1000 Hz - 500 Hz|: PR 1.3, QRS 3.3, QT 1.2 ms. With the activity smoothed over a
    // fixed number of samples instead of milliseconds it was PR 2.4, QRS 7.6, QT 2.8 ms.
    const diffs = await rateDifferences(2);
    expect(diffs.qrs.length).toBe(30);
    expect(meanOf(diffs.pr.map(Math.abs))).toBeLessThanOrEqual(2);
    expect(meanOf(diffs.qrs.map(Math.abs))).toBeLessThanOrEqual(5);
    expect(meanOf(diffs.qt.map(Math.abs))).toBeLessThanOrEqual(2);
  });

  it('measures 30 LUDB records at 250 Hz (every other sample) as at 500 Hz, with no bias', async () => {
    // The median beat is delineated at ~1000 Hz when recorded below 500 Hz (upsampled): measured
    // directly at 250 Hz, where a sample is 4 ms, the QRS read 3.9 ms longer on average (100 LUDB
    // records; WIDE_QRS on four more). Measured QRS mean difference +1.6 ms, most of it LUDB 35
    // (flutter waves after the QRS: offset 46 ms at 500 Hz, 77 ms at 250 Hz); until the paced 45's
    // pulses were taken out (both rates read 190 ms now) its -10 ms hid part of that (+1.3 ms).
    const diffs = await rateDifferences(0.5);
    expect(diffs.qrs.length).toBe(30);
    for (const k of ['pr', 'qrs', 'qt'] as const) {
      expect(Math.abs(meanOf(diffs[k])), `${k} mean`).toBeLessThanOrEqual(k === 'qrs' ? 2 : 1.5);
      expect(meanOf(diffs[k].map(Math.abs)), `${k} mean |d|`).toBeLessThanOrEqual(4);
    }
  });
});

describe('pacemaker pulses (LUDB, CinC 2021: 500 Hz)', () => {
  it('are found before most beats of the paced LUDB records and at most once in any other record', async () => {
    // Headers: ventricular pacing. 93's small biventricular pulses ring before their edges (found since
    // session 18: PACER.ringingMs, and only as pulses that recur before its beats).
    const paced = new Set(['45', '93', '95', '111']);
    for (const set of ['ludb-dev', 'cinc2021-dev']) {
      const dir = `${ECG}/${set}`;
      for (const h of (await readdir(dir)).filter((f) => f.endsWith('.hea'))) {
        const r = await loadEkg(join(dir, h));
        const p = runPipeline(
          r.leads.map((l) => l.mv),
          r.fsHz,
          r.leads.map((l) => l.name),
          { mainsHz: null },
        );
        // Measured: 45 8 of 10 beats, 93 6 of 10, 95 6 of 11 (its paced beats), 111 10 of 10; one stray edge in
        // LUDB 153 and CinC 2021 JS20009 (the last or first 0.2 s), 17 and 121 (one-sample glitches).
        if (set === 'ludb-dev' && paced.has(r.name)) expect(p.pacerPulses.length, r.name).toBeGreaterThanOrEqual(p.beats.length / 2);
        else expect(p.pacerPulses.length, r.name).toBeLessThanOrEqual(1);
      }
    }
  });

  it("are found low-passed at 150 Hz as carts band-limit them; a sinus beat's sharp start repeated without noise is no pulse", async () => {
    const pulsesOf = (leads: Float32Array[], fsHz: number, names: string[]) => runPipeline(leads, fsHz, names, { mainsHz: null });
    const design = [designFilter({ kind: 'lowpass', cutoffHz: 150, order: 2 }, 500, 'zero-phase')];
    for (const name of ['45', '111']) {
      const r = await loadEkg(`${ECG}/ludb-dev/${name}.hea`);
      const leads = r.leads.map((l) => {
        const y = Float32Array.from(l.mv);
        filterZeroPhaseInPlace(design, y);
        return y;
      });
      const p = pulsesOf(leads, r.fsHz, r.leads.map((l) => l.name));
      // Measured 11 for 10 beats (45: three pulses are found again 6 ms later, the filtered pulse's
      // second phase left by the artefact's removal: docs/ekg-analysis.md, a known limit) and 10 of 10.
      expect(p.pacerPulses.length, name).toBeGreaterThanOrEqual(p.beats.length / 2);
      expect(p.pacerPulses.length, name).toBeLessThanOrEqual(2 * p.beats.length);
    }
    // A reviewer's case: LUDB 79's last beat (sinus; a sharp start 22 ms before its R peak) repeated
    // ten times at 1000 ms, no noise at all, so the edge recurs before every beat at the same lead.
    const r = await loadEkg(`${ECG}/ludb-dev/79.hea`);
    const from = 4849 - Math.round(0.45 * r.fsHz);
    const tiled = r.leads.map((l) => {
      const seg = l.mv.slice(from, from + r.fsHz);
      const [s0, s1] = [seg[0]!, seg[seg.length - 1]!];
      for (let i = 0; i < seg.length; i++) seg[i] = seg[i]! - (s0 + ((s1 - s0) * i) / (seg.length - 1));
      const y = new Float32Array(10 * seg.length);
      for (let k = 0; k < 10; k++) y.set(seg, k * seg.length);
      return y;
    });
    expect(pulsesOf(tiled, r.fsHz, r.leads.map((l) => l.name)).pacerPulses).toHaveLength(0);
  });

  it('leave the beats where the cardiologists mark them: LUDB 45 (atrial and ventricular pacing) at 61/min', async () => {
    // With its ventricular pulses taken out and the beats detected again, its atrial pacing
    // artefacts were counted as two more beats (75/min; a review).
    const m = interpretLoaded(await loadEkg(`${ECG}/ludb-dev/45.hea`)).measurements;
    expect(m.heartRateBpm).toBeGreaterThanOrEqual(59);
    expect(m.heartRateBpm).toBeLessThanOrEqual(63);
  });
});

describe('IRREGULAR_RHYTHM and POOR_SIGNAL on CinC 2017 (single lead, 300 Hz)', () => {
  it('flags AF at Se >= 90 % and Sp >= 95 %; noisy records get POOR_SIGNAL (8 of 10), at most two a rhythm flag', async () => {
    const s = await scoreCinc2017(`${ECG}/cinc2017-dev`);
    // 21 AF records, 69 normal or other rhythm (every record read, 8 with a first-value notice);
    // measured TP 19 FN 2 FP 3 TN 66.
    expect(s.unreadable).toEqual([]);
    expect(s.irregular.tp + s.irregular.fn).toBeGreaterThanOrEqual(21);
    expect(seOf(s.irregular)).toBeGreaterThanOrEqual(0.9);
    expect(spOf(s.irregular)).toBeGreaterThanOrEqual(0.95);
    expect(s.noisyTotal).toBeGreaterThanOrEqual(10);
    // A01833 (low-voltage but clean-looking, labelled noisy) is flagged irregular, and A01299 since
    // the detector reports beats from 0.2 s: its beat agreement moved from 0.887 to 0.907, past the
    // 0.9 limit (docs/ekg-analysis.md, "Sinus P axis in an irregular rhythm; beats from 0.2 s").
    expect(s.noisyRhythmFlag).toBeLessThanOrEqual(2);
    expect(s.noisyPoorSignal / s.noisyTotal).toBeGreaterThanOrEqual(0.8);
  });
});

describe('IRREGULAR_RHYTHM on 10-s strips of MIT-BIH DS1 (no threshold chosen on the clean strips)', () => {
  it('flags AF/flutter strips at Se >= 93 % and Sp >= 98 % despite frequent ectopy (measured 95.2 % / 99.4 %); the rate flags agree with the marked beats', async () => {
    const s = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 10);
    expect(s.irregular.tp + s.irregular.fn).toBeGreaterThan(150);
    expect(seOf(s.irregular)).toBeGreaterThanOrEqual(0.93);
    expect(spOf(s.irregular)).toBeGreaterThanOrEqual(0.98);
    expect(s.poorSignal / s.strips).toBeLessThanOrEqual(0.03);
    // The rate flags against the rate of the cardiologists' beat marks in each strip, through every
    // rhythm of the records (ectopy, AF, bigeminy, blocks). Measured: slow Se 97.9 % Sp 99.7 %
    // (529 slow strips), fast Se 97.2 % Sp 99.8 % (323 fast), heart rate MAE 0.47 bpm.
    expect(s.rate.slow.tp + s.rate.slow.fn).toBeGreaterThan(400);
    expect(s.rate.fast.tp + s.rate.fast.fn).toBeGreaterThan(250);
    for (const c of [s.rate.slow, s.rate.fast]) {
      expect(seOf(c)).toBeGreaterThanOrEqual(0.95);
      expect(spOf(c)).toBeGreaterThanOrEqual(0.99);
    }
    expect(s.rate.absErrorBpmSum / s.rate.measured).toBeLessThanOrEqual(1);
    // VENTRICULAR_ECTOPY against the beats marked V (strips with escape or fusion beats and no V left
    // out). Measured (session 17): TP 780 FN 91 FP 39 TN 2600, Se 89.6 % Sp 98.5 %.
    expect(s.ectopy.tp + s.ectopy.fn).toBeGreaterThan(700);
    expect(seOf(s.ectopy)).toBeGreaterThanOrEqual(0.87);
    expect(spOf(s.ectopy)).toBeGreaterThanOrEqual(0.98);
  });

  it('with muscle noise strips get POOR_SIGNAL rather than a rhythm flag (0 and 12 dB SNR); at 24 dB they stay readable', async () => {
    const noise = (snrDb: number) => ({ dir: `${ECG}/noise`, record: 'ma', snrDb });
    const heavy = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(0));
    // Measured: 92.8 % POOR_SIGNAL, 2 of 547 non-AF strips with a rhythm flag.
    expect(heavy.poorSignal / heavy.strips).toBeGreaterThanOrEqual(0.9);
    expect(heavy.otherWithRhythmFlag / heavy.other).toBeLessThanOrEqual(0.02);
    // At 12 dB noise hides P waves on many strips; irregular ones then get POOR_SIGNAL, and ectopic
    // beats' intervals are left out of the irregularity (measured 2.7 % still flagged; 6.4 % with every RR).
    const moderate = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(12));
    expect(moderate.otherWithRhythmFlag / moderate.other).toBeLessThanOrEqual(0.05);
    const light = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, noise(24));
    // Measured: 1.0 % POOR_SIGNAL, 9 of 547 non-AF strips flagged.
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
  it('reaches the figures measured (issue target Se >= 90 %, Sp >= 95 % where cases allow); records whose labels say nothing about a flag are left out', async () => {
    const f = await scoreFlags(`${ECG}/ludb-dev`, `${ECG}/cinc2021-dev`);
    const c = (k: Parameters<typeof f.byFlag.get>[0]) => f.byFlag.get(k)!;
    expect(f.records).toBe(120);
    // Measured (docs/ekg-analysis.md): BRADYCARDIA TP 16 FN 1 FP 3 TN 75 (LUDB 23 at 59.4/min); TACHYCARDIA 7 1 0 96;
    // IRREGULAR_RHYTHM 6 0 1 107; PROLONGED_PR 3 0 0 110 (JS20019 no longer: its P waves vary beat to
    // beat, so no PR flag); WIDE_QRS 8 0 1 101; VENTRICULAR_ECTOPY 6 0 3 111.
    expect(c('BRADYCARDIA').tp + c('BRADYCARDIA').fn).toBeGreaterThanOrEqual(15);
    expect(seOf(c('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.95);
    // One miss in 8 (CinC 2021 JS20019 at 99.6/min labelled sinus tachycardia).
    expect(seOf(c('TACHYCARDIA'))).toBeGreaterThanOrEqual(0.85);
    expect(spOf(c('TACHYCARDIA'))).toBeGreaterThanOrEqual(0.98);
    expect(seOf(c('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.98);
    expect(c('PROLONGED_PR').tp + c('PROLONGED_PR').fn).toBeGreaterThanOrEqual(3);
    expect(seOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('PROLONGED_PR'))).toBeGreaterThanOrEqual(0.98);
    expect(c('WIDE_QRS').tp + c('WIDE_QRS').fn).toBeGreaterThanOrEqual(8);
    expect(seOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.875);
    expect(spOf(c('WIDE_QRS'))).toBeGreaterThanOrEqual(0.98);
    expect(seOf(c('VENTRICULAR_ECTOPY'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(c('VENTRICULAR_ECTOPY'))).toBeGreaterThanOrEqual(0.97);
    expect(spOf(c('PROLONGED_QTC'))).toBeGreaterThanOrEqual(0.9);
    // The labels as they stand, nothing left out (measured: BRADYCARDIA 16 1 12 91, TACHYCARDIA
    // 7 2 1 110, IRREGULAR_RHYTHM 6 2 2 110, PROLONGED_PR 5 1 4 110, WIDE_QRS 8 1 3 108,
    // VENTRICULAR_ECTOPY 6 0 3 111): the figures other recordings' labels will be read like.
    const raw = (k: Parameters<typeof f.raw.get>[0]) => f.raw.get(k)!;
    expect(seOf(raw('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.9);
    expect(spOf(raw('BRADYCARDIA'))).toBeGreaterThanOrEqual(0.87);
    expect(seOf(raw('TACHYCARDIA'))).toBeGreaterThanOrEqual(0.75);
    expect(seOf(raw('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.7);
    expect(spOf(raw('IRREGULAR_RHYTHM'))).toBeGreaterThanOrEqual(0.98);
    expect(seOf(raw('WIDE_QRS'))).toBeGreaterThanOrEqual(0.85);
    expect(spOf(raw('WIDE_QRS'))).toBeGreaterThanOrEqual(0.96);
    expect(spOf(raw('VENTRICULAR_ECTOPY'))).toBeGreaterThanOrEqual(0.97);
    // AXIS_DEVIATION, LUDB scored since its axis is read in the recording's own units (axis-scale.ts):
    // measured 1 1 4 75 with LUDB's "left axis deviation" left out (it does not say whether the axis is past -30 deg, and 28 of its
    // 35 dev records measure above -30 deg), 7 30 4 79 as labelled. The false alarms: CinC 2021
    // E07509/E07510 (RBBB, 103 deg), E07514 (142 deg), JS20004 (-93 deg); LUDB 93's paced axis was
    // one until its pacemaker pulses were found (session 18).
    expect(spOf(c('AXIS_DEVIATION'))).toBeGreaterThanOrEqual(0.93);
    expect(raw('AXIS_DEVIATION').tp).toBeGreaterThanOrEqual(6);
    expect(spOf(raw('AXIS_DEVIATION'))).toBeGreaterThanOrEqual(0.93);
    expect(f.excluded.some((e) => e.record === 'LUDB 49' && e.flag === 'BRADYCARDIA')).toBe(true);
  });
});
