import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelError } from '../../../common/labels/errors.ts';
import { textWidthDots } from '../../../common/labels/fontMetrics.ts';
import { fitPatientName } from '../../../common/labels/name.ts';

const regular = { heightDots: 29, charWidthDots: 25 };
const reduced = { heightDots: 24, charWidthDots: 17 };
const WIDTH = 382;

describe('patient name truncation rule', () => {
  it('keeps a short name whole at the regular size', () => {
    expect(fitPatientName('Doe', 'Jane', WIDTH, regular, reduced)).toMatchObject({ text: 'DOE, Jane', step: 1, truncated: false });
  });

  it('drops middle names before shrinking, then shrinks, then cuts the given name with a dot', () => {
    expect(fitPatientName('Abercrombie', 'Maximiliane Charlotte', WIDTH, regular, reduced)).toMatchObject({ text: 'ABERCROMBIE, Maximiliane', step: 2 });
    expect(fitPatientName('Abercrombie-Fitzgerald', 'Maximiliane Charlotte Louise', WIDTH, regular, reduced)).toMatchObject({
      text: 'ABERCROMBIE-FITZGERALD, Maximiliane',
      step: 3,
      truncated: true,
    });
    const cut = fitPatientName('Abercrombie-Fitzgerald-Mont', 'Maximiliane', WIDTH, regular, reduced);
    expect(cut.step).toBe(4);
    expect(cut.text).toMatch(/^ABERCROMBIE-FITZGERALD-MONT, Maxim[a-z]*\.$/);
  });

  it('refuses a family name that does not fit even with an initial', () => {
    expect(() => fitPatientName('Wolfeschlegelsteinhausenbergerdorff', 'Hubert', WIDTH, regular, reduced)).toThrow(LabelError);
  });

  it('property: the family name is never shortened and the result always fits', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzMW-\''), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 0, maxLength: 3 }), (family, given) => {
        try {
          const r = fitPatientName(family, given.join(' '), WIDTH, regular, reduced);
          expect(r.text.startsWith(family.toUpperCase())).toBe(true);
          expect(textWidthDots(r.text, r.font.charWidthDots)).toBeLessThanOrEqual(WIDTH);
        } catch (e) {
          expect(e).toBeInstanceOf(LabelError);
          expect((e as LabelError).reason).toBe('name-too-long');
        }
      }),
    );
  });
});
