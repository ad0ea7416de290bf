import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StationError } from '../../../../common/errors.ts';
import { annotationSymbol, decodeAnnotations, encodeAnnotations, WfdbFormatError, type Annotation } from '../../../../main/ekg/wfdb/index.ts';

const annotationsArb: fc.Arbitrary<Annotation[]> = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 0, max: 5_000_000 })),
      code: fc.integer({ min: 1, max: 49 }),
      subtype: fc.integer({ min: -128, max: 127 }),
      chan: fc.integer({ min: 0, max: 255 }),
      num: fc.integer({ min: -128, max: 127 }),
      aux: fc.oneof(fc.constant(''), fc.constantFrom('(AFIB', '(N', 'x'), fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 255 })),
    }),
    { maxLength: 30 },
  )
  .map((items) => {
    let sample = 0;
    return items.map(({ gap, code, ...rest }) => {
      sample += gap;
      return { sample, code, symbol: annotationSymbol(code), ...rest };
    });
  });

describe('MIT annotation codec', () => {
  it('decode(encode(x)) == x, including SKIP, SUB, CHN, NUM and AUX words', () => {
    fc.assert(
      fc.property(annotationsArb, (anns) => {
        expect(decodeAnnotations(encodeAnnotations(anns))).toEqual(anns);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes the annot(5) word layout', () => {
    // N at 5, AUX "(N" (2 bytes), SKIP 70000, V, end.
    const bytes = Uint8Array.of(5, 1 << 2, 2, 63 << 2, 0x28, 0x4e, 0, 59 << 2, 1, 0, 0x70, 0x11, 0, 5 << 2, 0, 0);
    expect(decodeAnnotations(bytes)).toEqual([
      { sample: 5, code: 1, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: '(N' },
      { sample: 70005, code: 5, symbol: 'V', subtype: 0, chan: 0, num: 0, aux: '' },
    ]);
  });

  it('refuses unsorted input, bad codes and mismatched symbols', () => {
    const a: Annotation = { sample: 10, code: 1, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: '' };
    expect(() => encodeAnnotations([a, { ...a, sample: 5 }])).toThrow(WfdbFormatError);
    expect(() => encodeAnnotations([{ ...a, code: 0 }])).toThrow(WfdbFormatError);
    expect(() => encodeAnnotations([{ ...a, symbol: 'V' }])).toThrow(WfdbFormatError);
    expect(() => decodeAnnotations(Uint8Array.of(2, 63 << 2))).toThrow(WfdbFormatError);
  });

  it('random bytes give annotations or the typed error, never another throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          const anns = decodeAnnotations(bytes);
          expect(anns.every((x) => Number.isSafeInteger(x.sample) && x.sample >= 0)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(StationError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
