// The "3x4 + rhythm strip" layout both the PDF report and the review panel draw.
import { describe, expect, it } from 'vitest';
import { GAIN_MM_PER_MV, layoutTracing, PAPER_SPEED_MM_PER_S, TRACING_COLUMNS, TRACING_WIDTH_MM, type TracingPrimitive } from '../../../common/ekg/tracingLayout.ts';

const FS_HZ = 500;
const ALL_LEADS = TRACING_COLUMNS.flat();

/** Every lead `seconds` long: a 1 mV square wave (0 for 0.5 s, 1 mV for 0.5 s). */
function leadsOf(seconds: number): Map<string, Float32Array> {
  const n = Math.round(seconds * FS_HZ);
  return new Map(ALL_LEADS.map((name) => [name, Float32Array.from({ length: n }, (_, i) => (Math.floor(i / (FS_HZ / 2)) % 2 === 1 ? 1 : 0))]));
}
const labels = (p: TracingPrimitive[]) => p.flatMap((x) => (x.kind === 'label' ? [x.text] : []));
const traces = (p: TracingPrimitive[]) => p.flatMap((x) => (x.kind === 'trace' ? [x] : []));

describe('layoutTracing', () => {
  it('draws 12 leads of 2.5 s each and a 10-s lead II strip at 25 mm/s and 10 mm/mV', () => {
    const p = layoutTracing(leadsOf(10), FS_HZ, 0, 0);
    expect(labels(p)).toEqual([...['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6'], 'II (rhythm, 10 s)']);
    const t = traces(p);
    expect(t).toHaveLength(13);
    expect(t.slice(0, 12).every((x) => x.yMm.length === 2.5 * FS_HZ)).toBe(true);
    expect(t[12]!.yMm.length).toBe(10 * FS_HZ);
    expect(t[12]!.stepMm * FS_HZ).toBeCloseTo(PAPER_SPEED_MM_PER_S);
    expect(t[12]!.stepMm * t[12]!.yMm.length).toBeLessThanOrEqual(TRACING_WIDTH_MM);
    // 1 mV is 10 mm up.
    const y = t[12]!.yMm;
    expect(y[0]! - y[FS_HZ / 2 + 1]!).toBeCloseTo(GAIN_MM_PER_MV, 4);
  });

  it('names the rhythm strip by the length it holds: a capture cut short is not called 10 s', () => {
    expect(labels(layoutTracing(leadsOf(3.1), FS_HZ, 0, 0)).at(-1)).toBe('II (rhythm, 3.1 s)');
    expect(labels(layoutTracing(leadsOf(12), FS_HZ, 0, 0)).at(-1)).toBe('II (rhythm, 10 s)');
    // Rounded down, as the incomplete-capture note and the too-short flag state it: 6.96 s is not "7 s".
    expect(labels(layoutTracing(leadsOf(6.96), FS_HZ, 0, 0)).at(-1)).toBe('II (rhythm, 6.9 s)');
    const noII = leadsOf(4);
    noII.delete('II');
    expect(labels(layoutTracing(noII, FS_HZ, 0, 0)).at(-1)).toBe('II (rhythm, 10 s)');
  });

  it('shows the last 2.5 s recorded, with their times, in the boxes of columns a capture cut short never reached, and nowhere else', () => {
    const spans = (p: TracingPrimitive[]) => labels(p).filter((t) => t.endsWith('shown (capture stopped)'));
    // 7.3 s: the fourth column (7.5-10 s: V4, V5, V6) has no sample; it shows 4.8-7.3 s. The third (5-7.5 s) has some and stays.
    const cut = layoutTracing(leadsOf(7.3), FS_HZ, 0, 0);
    expect(spans(cut)).toEqual(Array(3).fill('4.8-7.3 s shown (capture stopped)'));
    const t = traces(cut);
    // Row order: I, aVR, V1, V4 (the fourth trace is V4): all 2.5 s of it drawn, ending on the last sample recorded.
    const v4 = t[3]!;
    expect(v4.yMm.length).toBe(2.5 * FS_HZ);
    expect(v4.yMm.every((y) => y === y)).toBe(true);
    // The square wave is 1 mV at 4.8 s (its first sample) and 0 at 7.298 s (its last): drawn from 4.8 s, not from 7.5 s.
    expect(v4.yMm[0]! - v4.yMm.at(-1)!).toBeCloseTo(-GAIN_MM_PER_MV, 4);
    // Shorter than a column: all of it, from 0.
    expect(spans(layoutTracing(leadsOf(2.4), FS_HZ, 0, 0))).toEqual(Array(9).fill('0-2.4 s shown (capture stopped)'));
    expect(spans(layoutTracing(leadsOf(10), FS_HZ, 0, 0))).toEqual([]);
    // A column holding under half its 2.5 s shows the last 2.5 s too (a reviewer's 5.1-s capture drew 0.1 s of V1-V3).
    expect(spans(layoutTracing(leadsOf(5.1), FS_HZ, 0, 0))).toEqual([...Array(3).fill('2.6-5.1 s shown (capture stopped)'), ...Array(3).fill('2.6-5.1 s shown (capture stopped)')]);
    expect(labels(cut).some((x) => x.startsWith('not recorded'))).toBe(false);
  });
});
