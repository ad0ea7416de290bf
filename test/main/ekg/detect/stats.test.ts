import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { belowFactorOfKth, HISTORY, median, pushHistory } from '../../../../main/ekg/detect/stats.ts';

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('detector order statistics', () => {
  it('median matches the sorted median at any offset', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: HISTORY }), fc.nat({ max: 5 }), (xs, offset) => {
        const hist = new Float64Array(offset + xs.length);
        hist.set(xs, offset);
        const s = sorted(xs);
        const m = s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
        expect(median(hist, offset, xs.length, new Float64Array(HISTORY))).toBeCloseTo(m, 6);
      }),
    );
  });

  it('belowFactorOfKth answers value < factor * (k-th smallest) exactly, as selecting the k-th value would', () => {
    // Any double but NaN (zeros of both signs, infinities, denormals); the values repeat often, as
    // the detector's held fused feature does, and the threshold is often one of them times the factor.
    const anyDouble = fc.double({ noNaN: true });
    const values = fc.array(fc.oneof(anyDouble, fc.constantFrom(0, -0, 1, 2)), { minLength: 1, maxLength: 130 });
    const factor = fc.oneof(fc.constant(6), fc.double({ min: 1e-300, max: 1e300, noNaN: true }));
    fc.assert(
      fc.property(values, fc.nat(), factor, anyDouble, fc.nat(), fc.boolean(), (xs, kSeed, f, free, pick, tied) => {
        const k = kSeed % xs.length;
        const value = tied ? f * xs[pick % xs.length]! : free;
        const kth = sorted(xs)[k]!;
        expect(belowFactorOfKth(Float64Array.from(xs), xs.length, k, value, f)).toBe(value < f * kth);
      }),
      { numRuns: 2000 },
    );
    // The detector's case: the median (k = n >> 1), value = 6 x the median itself; only n values count.
    const a = Float64Array.from([3, 1, 2, 2, 5, 0, 0]);
    expect(belowFactorOfKth(a, 5, 2, 12, 6)).toBe(false);
    expect(belowFactorOfKth(a, 5, 2, 11.999, 6)).toBe(true);
    expect(belowFactorOfKth(a, 7, 3, 11.999, 6)).toBe(true); // 0, 0, 1, [2], 2, 3, 5
    expect(belowFactorOfKth(a, 7, 2, 11.999, 6)).toBe(false); // 0, 0, [1], 2, ...
  });

  it('pushHistory keeps the last HISTORY values in arrival order', () => {
    const hist = new Float64Array(2 * HISTORY).fill(-1);
    let count = 0;
    for (let v = 1; v <= HISTORY + 3; v++) count = pushHistory(hist, HISTORY, count, v);
    expect(count).toBe(HISTORY);
    expect(Array.from(hist.subarray(HISTORY))).toEqual(Array.from({ length: HISTORY }, (_, i) => i + 4));
    expect(Array.from(hist.subarray(0, HISTORY))).toEqual(new Array(HISTORY).fill(-1)); // other lead untouched
  });
});
