// Detector accuracy on the MIT-BIH DS1 development set, scored the AAMI EC57 way (bxb rules).
import { describe, expect, it } from 'vitest';
import { readAnnotations, readRecord } from '../../../../main/io/wfdb.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { detectRPeaks } from '../../../../main/ekg/detect/index.ts';
import { grossTotals, MIT_BEAT_CODES, scoreRecord, type Ec57Result } from '../../../../main/ekg/evaluation/ec57.ts';

const DS1_DIR = '../shared/ecg/mitdb-ds1';
const DS1 = [101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124, 201, 203, 205, 207, 208, 209, 215, 220, 223, 230];

describe('detectRPeaks on mitdb-ds1 (all leads, EC57 gross)', () => {
  it('reaches Se >= 99.8 % and +P >= 99.8 %, reports the R peak, and no record collapses', async () => {
    const perRecord: Ec57Result[] = [];
    const offsetsMs: number[] = [];
    for (const name of DS1) {
      const record = await readRecord(`${DS1_DIR}/${name}.hea`);
      const reference = await readAnnotations(`${DS1_DIR}/${name}.atr`);
      const peaks = detectRPeaks(record.signals.map(toPhysical), record.fsHz);
      perRecord.push(scoreRecord(reference, peaks, record.fsHz));
      offsetsMs.push(...matchedOffsetsMs(reference, peaks, record.fsHz));
    }
    const gross = grossTotals(perRecord);
    expect(gross.tp).toBeGreaterThan(40_000); // the whole set was scored
    expect(gross.sePct).toBeGreaterThanOrEqual(99.8);
    expect(gross.ppvPct).toBeGreaterThanOrEqual(99.8);
    // The reported sample is the R peak, where the cardiologists put the beat label, not the onset.
    const absSorted = offsetsMs.map(Math.abs).sort((a, b) => a - b);
    expect(absSorted[Math.floor(absSorted.length / 2)]!).toBeLessThanOrEqual(10);
    expect(absSorted[Math.floor(absSorted.length * 0.9)]!).toBeLessThanOrEqual(30);
    for (const r of perRecord) {
      expect(r.sePct).toBeGreaterThan(98);
      expect(r.ppvPct).toBeGreaterThan(96);
    }
  });
});

/** Detection minus reference time (ms) for each reference beat with a detection within 150 ms. */
function matchedOffsetsMs(reference: readonly { sample: number; code: number }[], peaks: Int32Array, fsHz: number): number[] {
  const window = 0.15 * fsHz;
  const out: number[] = [];
  let j = 0;
  for (const a of reference) {
    if (!MIT_BEAT_CODES.has(a.code)) continue;
    while (j < peaks.length && peaks[j]! < a.sample - window) j++;
    if (j < peaks.length && Math.abs(peaks[j]! - a.sample) <= window) out.push(((peaks[j]! - a.sample) * 1000) / fsHz);
  }
  return out;
}
