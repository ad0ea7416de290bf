// Short gaps: which stretches can hide a beat, and the batch filters' bridge that leaves the gap missing.
import { describe, expect, it } from 'vitest';
import { beatHidingStretches, bridgedGapSamples, bridgeShortGaps, withGapsOf } from '../../../main/ekg/gaps.ts';

describe('short gaps', () => {
  it('bridges up to 20 ms at any rate (one sample at least)', () => {
    expect([250, 360, 500, 1000].map(bridgedGapSamples)).toEqual([5, 7, 10, 20]);
    expect(bridgedGapSamples(10)).toBe(1);
  });

  it('keeps only the stretches longer than a bridged gap', () => {
    const stretches = [
      { start: 0, end: 10, lead: 1 },
      { start: 20, end: 31, lead: null },
      { start: 40, end: 41, lead: null },
    ];
    expect(beatHidingStretches(stretches, 500)).toEqual([{ start: 20, end: 31, lead: null }]);
  });

  it('fills a short inner gap with the line between its neighbours, and nothing else', () => {
    const nan = Number.NaN;
    const x = Float32Array.from([nan, 1, nan, nan, nan, 5, nan, nan, nan, nan, 0, nan]);
    // Runs of 3 (bridged at maxRun 3), 4 (too long), and the open ends (no neighbour on one side).
    expect(Array.from(bridgeShortGaps(x, 3))).toEqual([nan, 1, 2, 3, 4, 5, nan, nan, nan, nan, 0, nan]);
    expect(Array.from(x)).toEqual([nan, 1, nan, nan, nan, 5, nan, nan, nan, nan, 0, nan]);
    const whole = Float32Array.from([1, 2, 3]);
    expect(bridgeShortGaps(whole, 3)).toBe(whole);
  });

  it('puts the gaps back into a filtered copy', () => {
    const x = Float32Array.from([1, Number.NaN, 3]);
    expect(Array.from(withGapsOf(Float32Array.from([7, 8, 9]), x))).toEqual([7, Number.NaN, 9]);
  });
});
