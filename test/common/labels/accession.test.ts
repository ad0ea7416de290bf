import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESSION_ALPHABET, formatAccession, isValidAccession, mod37_2CheckChar, parseAccession, parsePrintableAccession, previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';

const prefixArb = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 3 });
const seqArb = fc.integer({ min: 1, max: 99_999_999 });

describe('accession numbers (ISO 7064 MOD 37-2)', () => {
  it('computes the check character by the pure-system recursion, worked by hand', () => {
    // "AB": p=((0+10)*2)%37=20; p=((20+11)*2)%37=62%37=25; check=(38-25)%37=13 -> 'D'.
    expect(mod37_2CheckChar('AB')).toBe('D');
    expect(formatAccession('ST', 1234)).toMatch(/^ST00001234[0-9A-Z*]$/);
  });

  it('property: parse(format(prefix, n)) gives back prefix and n', () => {
    fc.assert(
      fc.property(prefixArb, seqArb, (prefix, n) => {
        const p = parseAccession(formatAccession(prefix, n));
        expect([p.prefix, p.sequence]).toEqual([prefix, n]);
      }),
    );
  });

  it('property: any single-character substitution is detected', () => {
    fc.assert(
      fc.property(prefixArb, seqArb, fc.nat(), fc.constantFrom(...ACCESSION_ALPHABET), (prefix, n, pos, c) => {
        const a = formatAccession(prefix, n);
        const i = pos % a.length;
        fc.pre(a[i] !== c);
        expect(isValidAccession(a.slice(0, i) + c + a.slice(i + 1))).toBe(false);
      }),
    );
  });

  it('property: any swap of two different adjacent characters is detected', () => {
    fc.assert(
      fc.property(prefixArb, seqArb, fc.nat(), (prefix, n, pos) => {
        const a = formatAccession(prefix, n);
        const i = pos % (a.length - 1);
        fc.pre(a[i] !== a[i + 1]);
        expect(isValidAccession(a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2))).toBe(false);
      }),
    );
  });

  it('property: arbitrary strings parse or throw LabelError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        try {
          parseAccession(s);
        } catch (e) {
          expect(e).toBeInstanceOf(LabelError);
        }
      }),
    );
  });

  it('the preview number uses sequence 0, which is never issued', () => {
    expect(parseAccession(previewAccession('ST')).sequence).toBe(0);
    expect(() => formatAccession('ST', 0)).toThrow(LabelError);
    expect(() => formatAccession('S1', 5)).toThrow(LabelError);
  });

  it('a printable accession is any valid one except the preview number', () => {
    for (const prefix of ['ST', 'TST']) {
      expect(() => parsePrintableAccession(previewAccession(prefix))).toThrow(/preview number/);
      expect(parsePrintableAccession(formatAccession(prefix, 1)).sequence).toBe(1);
    }
    expect(() => parsePrintableAccession('ST00000000A')).toThrow(LabelError);
  });
});
