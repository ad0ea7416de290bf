import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grossTotals } from '../../../../main/ekg/evaluation/ec57.ts';
import { addNoiseNst, nstGain, nstNoisyPeriods, outsideIntervals, scoreNoiseStress } from '../../../../main/ekg/evaluation/noise-stress.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readAnnotations, readRecord } from '../../../../main/io/wfdb.ts';

const ECG = join(import.meta.dirname, '../../../../../shared/ecg');
const DS1 = ['101', '106', '108', '109', '112', '114', '115', '116', '118', '119', '122', '124', '201', '203', '205', '207', '208', '209', '215', '220', '223', '230'];

describe('nst noise construction', () => {
  it('gain follows SNR = 10 log10(S / (N a^2)) with S = pp^2 / 8', () => {
    // pp 2 mV -> S = 0.5; noise RMS 0.5 -> N = 0.25; at 0 dB a^2 = 2.
    expect(nstGain(2, 0.5, 0)).toBeCloseTo(Math.SQRT2, 12);
    expect(nstGain(2, 0.5, 6) / nstGain(2, 0.5, 0)).toBeCloseTo(10 ** (-6 / 20), 12);
  });

  it('adds noise only in 2-minute periods from 5 min, alternating, without steps at the switches', () => {
    const fs = 10;
    const clean = new Float32Array(20 * 60 * fs);
    const noise = Float32Array.from({ length: 1000 }, (_, i) => 1 + Math.sin(i));
    const out = addNoiseNst(clean, noise, 0.5, fs);
    expect(nstNoisyPeriods(clean.length, fs)).toEqual([
      [3000, 4200],
      [5400, 6600],
      [7800, 9000],
      [10200, 11400],
    ]);
    expect(out.subarray(0, 3000).every((v) => v === 0)).toBe(true);
    expect(out.subarray(3000, 4200).some((v) => v !== 0)).toBe(true);
    // Offsets cancel the step: the first noisy sample equals the clean one.
    expect(out[3000]).toBeCloseTo(0, 6);
    expect(Math.abs(out[4200]! - out[4199]!)).toBeLessThan(1.1);
  });

  it('outsideIntervals keeps exactly the items outside [start, end)', () => {
    const items = [0, 5, 10, 15, 20].map((sample) => ({ sample }));
    expect(outsideIntervals(items, [{ start: 5, end: 11 }, { start: 9, end: 16 }]).map((i) => i.sample)).toEqual([0, 20]);
  });
});

describe('noise stress on mitdb-ds1 (MIT-BIH NST method): +P outside flagged intervals >= 99 % down to 6 dB', () => {
  for (const kind of ['ma', 'bw'] as const) {
    for (const snrDb of [12, 6]) {
      it(`${kind} at ${snrDb} dB`, async () => {
        const noise = (await readRecord(join(ECG, 'noise', `${kind}.hea`))).signals.map(toPhysical);
        const outside = [];
        for (const name of DS1) {
          const record = await readRecord(join(ECG, 'mitdb-ds1', `${name}.hea`));
          const reference = await readAnnotations(join(ECG, 'mitdb-ds1', `${name}.atr`));
          const s = scoreNoiseStress(record.signals.map(toPhysical), record.signals.map((x) => x.name), reference, noise, record.fsHz, snrDb);
          outside.push(s.outsideFlagged);
        }
        const gross = grossTotals(outside);
        expect(gross.ppvPct).toBeGreaterThanOrEqual(99);
        // Flags must not swallow the record: most reference beats stay outside them.
        expect(gross.tp + gross.fn).toBeGreaterThan(0.6 * 22 * 1500);
      }, 240_000);
    }
  }
});
