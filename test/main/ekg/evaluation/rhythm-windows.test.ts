import { describe, expect, it } from 'vitest';
import { rhythmWindows } from '../../../../main/ekg/evaluation/rhythm-windows.ts';
import type { Annotation } from '../../../../main/ekg/wfdb/types.ts';

const rhythm = (sample: number, aux: string): Annotation => ({ sample, code: 28, symbol: '+', subtype: 0, chan: 0, num: 0, aux });
const beat = (sample: number): Annotation => ({ sample, code: 1, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: '' });

describe('rhythmWindows', () => {
  it('cuts windows that hold one rhythm, marks AF/flutter, and skips windows with a change or paced rhythm', () => {
    const fs = 100;
    const anns = [rhythm(0, '(N'), beat(50), rhythm(2500, '(AFIB\0'), beat(2600), rhythm(4200, '(AFL'), rhythm(6000, '(P'), rhythm(8000, '(N')];
    const w = rhythmWindows(anns, 10_000, fs, 10, 10);
    expect(w.map((x) => [x.start, x.rhythm, x.af])).toEqual([
      [0, '(N', false],
      // 1000-2000 holds (N too; 2000-3000 has the change to AFIB.
      [1000, '(N', false],
      [3000, '(AFIB', true],
      [5000, '(AFL', true],
      [8000, '(N', false],
      [9000, '(N', false],
    ]);
  });

  it('steps by stepS and returns nothing for a record shorter than one window', () => {
    expect(rhythmWindows([rhythm(0, '(N')], 5000, 100, 10, 20).map((x) => x.start)).toEqual([0, 2000, 4000]);
    expect(rhythmWindows([], 500, 100, 10, 10)).toEqual([]);
  });
});
