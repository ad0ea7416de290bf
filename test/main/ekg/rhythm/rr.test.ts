import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { meanHeartRateBpm, normalIntervalMask, rrSeries } from '../../../../main/ekg/rhythm/index.ts';

function beatsFromRr(rrMs: number[], fsHz: number): Int32Array {
  let t = 100;
  const out = [t];
  for (const r of rrMs) {
    t += Math.round((r * fsHz) / 1000);
    out.push(t);
  }
  return Int32Array.from(out);
}

describe('RR series and heart rate', () => {
  it('gives RR in ms and leaves out intervals across an excluded stretch', () => {
    const s = rrSeries(Int32Array.of(0, 360, 720, 1440, 1800), 360, [{ start: 900, end: 1000 }]);
    expect(Array.from(s.rrMs)).toEqual([1000, 1000, 1000]);
    expect(Array.from(s.endSample)).toEqual([360, 720, 1800]);
  });

  it('a steady rhythm gives its rate: 800 ms -> 75 bpm', () => {
    expect(meanHeartRateBpm(Float64Array.from({ length: 30 }, () => 800))).toBeCloseTo(75, 6);
  });

  it('isolated PVCs with compensatory pauses do not move the mean heart rate (within 1 bpm)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 1300 }), fc.integer({ min: 40, max: 120 }), fc.integer({ min: 5, max: 12 }), (nnMs, n, every) => {
        const rr: number[] = [];
        for (let i = 0; i < n; i++) {
          if (i % every === every - 1) rr.push(0.6 * nnMs, 1.4 * nnMs);
          else rr.push(nnMs);
        }
        const hr = meanHeartRateBpm(Float64Array.from(rr))!;
        expect(Math.abs(hr - 60000 / nnMs)).toBeLessThan(1);
        // The plain beat count would be biased upwards by the extra beats.
        expect(normalIntervalMask(Float64Array.from(rr)).filter((m) => m === 0).length).toBeGreaterThan(0);
      }),
    );
  });

  it('an irregularly irregular rhythm uses every interval (the true ventricular rate)', () => {
    const rr = Float64Array.from({ length: 200 }, (_, i) => 300 + ((i * 7919) % 13) * 100);
    const mean = rr.reduce((s, v) => s + v, 0) / rr.length;
    expect(meanHeartRateBpm(rr)).toBeCloseTo(60000 / mean, 6);
  });

  it('no interval, no rate; round trip beats -> RR', () => {
    expect(meanHeartRateBpm(new Float64Array(0))).toBeNull();
    const s = rrSeries(beatsFromRr([1000, 500], 500), 500);
    expect(Array.from(s.rrMs)).toEqual([1000, 500]);
  });
});
