// Short gaps: which stretches can hide a beat, and the batch filters' bridge that leaves the gap missing.
import { describe, expect, it } from 'vitest';
import { beatHidingStretches, bridgedGapSamples, bridgeShortGaps, withGapsOf, withoutBridgedGaps } from '../../../main/ekg/gaps.ts';
import type { QualityInterval } from '../../../main/ekg/quality/index.ts';

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
    expect(withoutBridgedGaps(stretches, 500)).toEqual([{ start: 20, end: 31, lead: null }]);
  });

  it('a beat can hide where no lead is usable, but not in a bridged gap nor where every lead is flat', () => {
    const quality: QualityInterval[] = [
      { lead: 'II', start: 0, end: 2000, kind: 'noise' }, // one lead: others still show beats
      { lead: null, start: 100, end: 105, kind: 'gap' }, // a lost frame or two
      { lead: null, start: 500, end: 700, kind: 'gap' },
      { lead: null, start: 1000, end: 1500, kind: 'noise' },
      { lead: null, start: 2000, end: 4500, kind: 'flatline' }, // no QRS in any lead: a pause
      { lead: null, start: 5000, end: 5500, kind: 'baseline-wander' }, // not an unusable kind
      { lead: null, start: 6000, end: 6004, kind: 'lead-off' }, // short, but no gap: a record's last partial window
    ];
    expect(beatHidingStretches(quality, 500)).toEqual([
      { start: 500, end: 700 },
      { start: 1000, end: 1500 },
      { start: 6000, end: 6004 },
    ]);
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
