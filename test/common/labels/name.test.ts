import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelError } from '../../../common/labels/errors.ts';
import { textWidthDots } from '../../../common/labels/fontMetrics.ts';
import { cutToFit, fitPatientName, NAME_CUT_MARKER } from '../../../common/labels/name.ts';

// The name fonts and text width of a 2 x 1 in label at 203 dpi (layout.ts).
const regular = { heightDots: 29, charWidthDots: 25 };
const reduced = { heightDots: 24, charWidthDots: 17 };
const WIDTH = 382;
/** 59 letters: the family name a UI tester could not get a label for. */
const FAMILY_59 = 'Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Smyth';

describe('patient name truncation rule', () => {
  it('keeps a short name whole at the regular size', () => {
    expect(fitPatientName('Doe', 'Jane', WIDTH, regular, reduced)).toMatchObject({ text: 'DOE, Jane', step: 1, truncated: false });
  });

  it('drops middle names before shrinking, then shrinks, then cuts the given name with the marker', () => {
    expect(fitPatientName('Abercrombie', 'Maximiliane Charlotte', WIDTH, regular, reduced)).toMatchObject({ text: 'ABERCROMBIE, Maximiliane', step: 2 });
    expect(fitPatientName('Abercrombie-Fitzgerald', 'Maximiliane Charlotte Louise', WIDTH, regular, reduced)).toMatchObject({
      text: 'ABERCROMBIE-FITZGERALD, Maximiliane',
      step: 3,
      truncated: true,
    });
    const cut = fitPatientName('Abercrombie-Fitzgerald-Mont', 'Maximiliane', WIDTH, regular, reduced);
    expect(cut).toMatchObject({ step: 4, truncated: true, font: reduced });
    expect(cut.text).toMatch(/^ABERCROMBIE-FITZGERALD-MONT, Maxim[a-z]*\.\.\.$/);
  });

  it('cuts the given name down to its initial, written the usual way', () => {
    // Room for the family name and two or three more letters only.
    const width = textWidthDots('ABERCROMBIE-FITZGERALD-MONT, Mx.', reduced.charWidthDots);
    expect(fitPatientName('Abercrombie-Fitzgerald-Mont', 'Maximiliane', width, regular, reduced)).toMatchObject({ text: 'ABERCROMBIE-FITZGERALD-MONT, M.', step: 4 });
  });

  it('a 59-letter family name is cut, visibly, keeping the given initial; it is not refused', () => {
    const r = fitPatientName(FAMILY_59, 'Maximilian', WIDTH, regular, reduced);
    expect(r).toMatchObject({ step: 5, truncated: true, font: reduced });
    expect(r.text.endsWith(`${NAME_CUT_MARKER}, M.`)).toBe(true);
    const kept = r.text.slice(0, -`${NAME_CUT_MARKER}, M.`.length);
    expect(FAMILY_59.toUpperCase().startsWith(kept)).toBe(true);
    // Most of it still there: the reduced size holds about 30 capitals on this label.
    expect(kept.length).toBeGreaterThanOrEqual(28);
    expect(textWidthDots(r.text, reduced.charWidthDots)).toBeLessThanOrEqual(WIDTH);
  });

  it('a cut never ends in a hyphen or a space before the marker, and a family name alone is cut too', () => {
    const width = textWidthDots('WOLFESCHLEGELSTEINHAUSENBERGERDORFF-...', reduced.charWidthDots);
    expect(fitPatientName(FAMILY_59, '', width, regular, reduced).text).toBe('WOLFESCHLEGELSTEINHAUSENBERGERDORFF...');
  });

  it('a cut (of a name or a login) never ends in a full stop or an underscore either: it would read as part of the marker', () => {
    // Just room for `kept` (with `before` and the marker), at 12-dot characters: each part rounded up, as cutToFit counts.
    const room = (before: string, kept: string) => [before, kept, NAME_CUT_MARKER].reduce((sum, part) => sum + textWidthDots(part, 12), 0);
    expect(cutToFit('By ', 'maria.delacruz', NAME_CUT_MARKER, 12, room('By ', 'maria.'))).toBe('maria');
    expect(cutToFit('By ', 'j_smith_ward', NAME_CUT_MARKER, 12, room('By ', 'j_smith_'))).toBe('j_smith');
    expect(cutToFit('', 'ST. JOHN-SMYTHE', NAME_CUT_MARKER, 12, room('', 'ST. '))).toBe('ST');
  });

  it('refuses only when not even one letter of the family name fits (a far narrower label than ours)', () => {
    expect(() => fitPatientName(FAMILY_59, 'Hubert', 40, regular, reduced)).toThrow(LabelError);
  });

  it('property: the result fits; the family name is whole or a marked cut; a cut is always marked', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzMW-\''), minLength: 1, maxLength: 70, size: 'max' });
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 0, maxLength: 3 }), (family, given) => {
        const upper = family.trim().replace(/\s+/g, ' ').toUpperCase();
        const r = fitPatientName(family, given.join(' '), WIDTH, regular, reduced);
        expect(textWidthDots(r.text, r.font.charWidthDots)).toBeLessThanOrEqual(WIDTH);
        if (r.step === 4) expect(r.text).toMatch(/(\.\.\.|, .\.)$/);
        if (r.text.startsWith(upper)) return;
        // The family name was cut: a start of it, then the marker.
        expect(r.step).toBe(5);
        const cutAt = r.text.indexOf(NAME_CUT_MARKER);
        expect(cutAt).toBeGreaterThan(0);
        expect(upper.startsWith(r.text.slice(0, cutAt))).toBe(true);
      }),
    );
  });
});
