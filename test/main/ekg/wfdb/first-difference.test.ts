import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WfdbFormatError } from '../../../../main/ekg/wfdb/index.ts';
import { firstDifferences, integrateFirstDifferences } from '../../../../main/ekg/wfdb/first-difference.ts';

describe('format 8 first differences', () => {
  it('integrates from the initial value: sample k = initial + d0 + ... + dk', () => {
    const d = Int32Array.of(0, 5, -5, -128, 127);
    integrateFirstDifferences(d, 100);
    expect(Array.from(d)).toEqual([100, 105, 100, -28, 99]);
  });

  it('integrate(firstDifferences(x, x0), x0) == x for walks whose steps fit in a signed byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), fc.array(fc.integer({ min: -128, max: 127 }), { maxLength: 60 }), (start, steps) => {
        let v = start;
        const samples = Int32Array.from(steps, (s) => (v += s));
        const d = firstDifferences(samples, start, 'signal 1');
        expect(d.every((x) => x >= -128 && x <= 127)).toBe(true);
        integrateFirstDifferences(d, start);
        expect(d).toEqual(samples);
      }),
    );
  });

  it('refuses a step outside -128..127 and sums outside 32 bits with the typed error', () => {
    expect(() => firstDifferences(Int32Array.of(0, 128), 0, 'signal 1')).toThrow(WfdbFormatError);
    expect(() => firstDifferences(Int32Array.of(-129), 0, 'signal 1')).toThrow(WfdbFormatError);
    expect(() => integrateFirstDifferences(Int32Array.of(127), 2147483647)).toThrow(WfdbFormatError);
    expect(() => integrateFirstDifferences(Int32Array.of(0), 2 ** 40)).toThrow(WfdbFormatError);
  });
});
