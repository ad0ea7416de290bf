import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRecord, AnalysisInputError } from '../../../main/ekg/analyze.ts';
import { grossTotals, scoreRecord } from '../../../main/ekg/evaluation/ec57.ts';
import { readAnnotations, readRecord } from '../../../main/io/wfdb.ts';
import type { WfdbRecord } from '../../../main/ekg/wfdb/index.ts';
import { syntheticWfdbRecord } from '../../helpers/syntheticRecord.ts';

const ECG = join(import.meta.dirname, '../../../../shared/ecg');
const DS1 = ['101', '106', '108', '109', '112', '114', '115', '116', '118', '119', '122', '124', '201', '203', '205', '207', '208', '209', '215', '220', '223', '230'];

describe('analyzeRecord', () => {
  it('reports beats meeting Se >= 99.8 % and +P >= 99.8 % on mitdb-ds1 (EC57 gross), with quality suppression on', async () => {
    const scores = [];
    for (const name of DS1) {
      const record = await readRecord(join(ECG, 'mitdb-ds1', `${name}.hea`));
      const { result } = analyzeRecord(record, { mainsHz: null });
      const beats = Int32Array.from(result.beats, (b) => b.sample);
      // Never a beat inside an interval where no lead is usable.
      for (const q of result.quality.filter((i) => i.lead === null)) expect(beats.some((b) => b >= q.start && b < q.end)).toBe(false);
      scores.push(scoreRecord(await readAnnotations(join(ECG, 'mitdb-ds1', `${name}.atr`)), beats, record.fsHz));
    }
    const gross = grossTotals(scores);
    expect(gross.sePct).toBeGreaterThanOrEqual(99.8);
    expect(gross.ppvPct).toBeGreaterThanOrEqual(99.8);
  }, 240_000);

  it('converts uV to mV and refuses non-voltage units and multi-rate records', async () => {
    const base = await readRecord(join(ECG, 'ludb-dev/1.hea'));
    const uv: WfdbRecord = { ...base, signals: base.signals.map((s) => ({ ...s, units: 'uV', adcGain: s.adcGain / 1000 })) };
    const a = analyzeRecord(base, { mainsHz: 50 }).result;
    const b = analyzeRecord(uv, { mainsHz: 50 }).result;
    expect(b.beats).toEqual(a.beats);
    // PTB-XL's lowercase 'mv' (CinC 2021 HR records) is millivolts.
    const lower: WfdbRecord = { ...base, signals: base.signals.map((s) => ({ ...s, units: 'mv' })) };
    expect(analyzeRecord(lower, { mainsHz: 50 }).result.beats).toEqual(a.beats);
    expect(() => analyzeRecord({ ...base, signals: base.signals.map((s) => ({ ...s, units: 'mmHg' })) }, { mainsHz: 50 })).toThrow(AnalysisInputError);
    expect(() => analyzeRecord({ ...base, signals: base.signals.map((s) => ({ ...s, samplesPerFrame: 2 })) }, { mainsHz: 50 })).toThrow(AnalysisInputError);
    // A record without samples is refused, not answered with an empty (normal-looking) flag list.
    expect(() => analyzeRecord({ ...base, samples: 0, signals: base.signals.map((s) => ({ ...s, digital: new Int32Array(0) })) }, { mainsHz: 50 })).toThrow(/no samples/);
    // A header's sampling rate outside what the pipeline analyses is a typed refusal, not a RangeError
    // from the detector (45 Hz) or buffers sized by a corrupted rate (1e9 Hz).
    for (const fsHz of [45, 1e9, Number.NaN]) expect(() => analyzeRecord({ ...base, fsHz }, { mainsHz: null })).toThrow(AnalysisInputError);
  });

  it('gives the RR figures of the beats the flags were judged on: the longest RR is the PAUSE', () => {
    // A 2.2-s pause in a 900-ms rhythm. The pipeline's R peaks put it at 2170 ms while PAUSE,
    // read from the analysis's refined fiducials, said 2200 ms.
    const record = syntheticWfdbRecord('pause', { beatTimesS: [0.5, 1.4, 2.3, 3.2, 5.4, 6.3, 7.2, 8.1, 9.0], noiseMv: 0.01 });
    const { result } = analyzeRecord(record, { mainsHz: null });
    const pause = result.flags.find((f) => f.code === 'PAUSE');
    expect(result.measurements.rrMaxMs).toBe(pause?.value);
    expect(Math.abs(result.measurements.rrMaxMs! - 2200)).toBeLessThanOrEqual(4);
    expect(Math.abs(result.measurements.rrMinMs! - 900)).toBeLessThanOrEqual(4);
    // The mean RR and the heart rate shown are of the same beats.
    expect(Math.round(60000 / result.measurements.rrMeanMs!)).toBe(result.measurements.heartRateBpm);
  });
});
