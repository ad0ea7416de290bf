import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HISTORY, median, pushHistory, select } from '../../../../main/ekg/detect/stats.ts';

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

  it('select returns the k-th smallest value', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), fc.nat(), (xs, kSeed) => {
        const k = kSeed % xs.length;
        expect(select(Float64Array.from(xs), xs.length, k)).toBe(sorted(xs)[k]);
      }),
    );
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
