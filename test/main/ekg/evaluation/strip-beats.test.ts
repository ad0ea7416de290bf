// The strip scorer on hand-made cases.
import { describe, expect, it } from 'vitest';
import { addStripBeats, emptyStripBeatCounts } from '../../../../main/ekg/evaluation/strip-beats.ts';

describe('addStripBeats', () => {
  it('counts hits, misses and false beats within the counted span, nearest detection first', () => {
    const c = emptyStripBeatCounts();
    // Reference 1.0 (hit by 1.05), 3.0 (missed: 3.2 is 200 ms away), 5.0 (two detections: the nearer wins, the other is false).
    addStripBeats(c, [1.0, 3.0, 5.0], [1.05, 3.2, 4.9, 5.01], 10);
    expect(c).toEqual({ tp: 2, fn: 1, fp: 2, earlyTp: 1, earlyFn: 0 });
  });

  it('leaves the edges out: beats before 0.2 s or in the last 0.2 s count neither way', () => {
    const c = emptyStripBeatCounts();
    addStripBeats(c, [0.15, 9.9], [0.16, 9.85, 0.1], 10);
    expect(c).toEqual({ tp: 0, fn: 0, fp: 0, earlyTp: 0, earlyFn: 0 });
    // A detection at 0.3 s matching a reference beat at 0.18 s (outside the span) is not a false beat.
    addStripBeats(c, [0.18], [0.3], 10);
    expect(c.fp).toBe(0);
    // The span's start is a setting: from 0.5 s, a beat at 0.3 s is not counted.
    addStripBeats(c, [0.3], [], 10, { fromS: 0.5 });
    expect(c.fn).toBe(0);
    addStripBeats(c, [0.3], [], 10);
    expect(c).toEqual({ tp: 0, fn: 1, fp: 0, earlyTp: 0, earlyFn: 1 });
  });

  it('splits the early span (first 2 s) and adds up over strips', () => {
    const c = emptyStripBeatCounts();
    addStripBeats(c, [0.8, 1.9, 2.5], [2.5], 10);
    addStripBeats(c, [0.8], [0.8], 10);
    expect(c).toEqual({ tp: 2, fn: 2, fp: 0, earlyTp: 1, earlyFn: 2 });
  });
});
