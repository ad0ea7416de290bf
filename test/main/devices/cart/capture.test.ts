import { describe, expect, it } from 'vitest';
import { CaptureBuilder, gapRanges, leadOffRanges } from '../../../../main/devices/cart/capture.ts';
import { CountsRing } from '../../../../main/devices/cart/ring.ts';
import { captureToWfdb } from '../../../../main/devices/cart/wfdbExport.ts';

const meta = {
  trigger: 'manual' as const,
  startedAtUtc: '2026-01-01T00:00:00.000Z',
  device: { model: 'SIMULATED 12-LEAD CART', serial: 'S', firmware: 'f', supportedRatesHz: [500], resolutionNvPerLsb: 50, address: 'serial:/x' },
  simulated: true,
  fsHz: 500,
  resolutionNvPerLsb: 50,
  filterSettings: { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 } as const,
};
const c8 = (v: number): Int32Array => Int32Array.from({ length: 8 }, (_, i) => v + i);

describe('capture, ring and WFDB export', () => {
  it('keeps counts losslessly, gaps as gaps, lead-off per electrode', () => {
    const b = new CaptureBuilder(100, 6, meta);
    for (const abs of [100, 101, 103, 104, 105]) b.put(abs, c8(abs * 1000 - 8388000), abs === 104 ? 0b100000 : 0);
    b.put(99, c8(1), 0);
    b.put(106, c8(1), 0);
    const c = b.seal(true);
    expect(c.samples).toBe(6);
    expect(c.gaps).toEqual([{ start: 2, end: 3 }]);
    expect(c.leadOffIntervals).toEqual([{ electrode: 'V2', start: 4, end: 5 }]);
    expect(c.counts[7]![0]).toBe(100 * 1000 - 8388000 + 7);
    const rec = captureToWfdb(c, 'x');
    expect(rec.signals.map((s) => s.name)).toEqual(['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(rec.signals[0]!.digital[2]).toBe(-2147483648);
    expect(rec.signals[0]!.adcGain).toBe(20000);
    expect(rec.comments[0]).toMatch(/SIMULATED/);
  });

  it('an incomplete capture is truncated after the last received sample', () => {
    const b = new CaptureBuilder(0, 100, meta);
    b.put(0, c8(0), 0);
    b.put(9, c8(0), 0);
    const c = b.seal(false, 'unplugged');
    expect(c).toMatchObject({ samples: 10, complete: false, incompleteReason: 'unplugged', gaps: [{ start: 1, end: 9 }] });
  });

  it('gap and lead-off ranges', () => {
    expect(gapRanges(Uint8Array.of(0, 1, 1, 0, 0, 1, 0))).toEqual([
      { start: 0, end: 1 },
      { start: 3, end: 5 },
      { start: 6, end: 7 },
    ]);
    expect(leadOffRanges(Uint16Array.of(1, 3, 2, 0))).toEqual([
      { electrode: 'RA', start: 0, end: 2 },
      { electrode: 'LA', start: 1, end: 3 },
    ]);
  });

  it('the ring forgets old samples and never revives a skipped slot', () => {
    const r = new CountsRing(10);
    for (let a = 0; a < 25; a++) if (a !== 20) r.put(a, c8(a), 0);
    expect(r.end).toBe(25);
    expect(r.clean(15, 20)).toBe(true);
    expect(r.clean(15, 25)).toBe(false); // 20 missing
    expect(r.clean(10, 15)).toBe(false); // overwritten
    const seen: number[] = [];
    r.read(18, 25, (_abs, counts, valid) => {
      if (valid) seen.push(counts[0]!);
    });
    expect(seen).toEqual([18, 19, 21, 22, 23, 24]);
    r.skipTo(30);
    expect(r.clean(25, 30)).toBe(false);
  });
});
