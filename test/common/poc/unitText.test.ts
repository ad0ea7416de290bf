import { describe, expect, it } from 'vitest';
import { quantityText, unitChoiceText, unitLabelText, unitListText } from '../../../common/poc/unitText.ts';
import { defaultCatalogue } from '../../../main/domain/poc/catalogue.ts';

describe('units in words (one function for every screen and message; records and HL7 keep UCUM)', () => {
  it('says a value as people read it: INR and pH before the number, no unit for specific gravity', () => {
    expect(quantityText('5.1', '{INR}')).toBe('INR 5.1');
    expect(quantityText('6.5', '[pH]')).toBe('pH 6.5');
    expect(quantityText('1.020', '1')).toBe('1.020');
    expect(quantityText('88', 'mg/dL')).toBe('88 mg/dL');
    expect(quantityText('5.5', 'mmol/L')).toBe('5.5 mmol/L');
    expect(quantityText('6.1', '%')).toBe('6.1 %');
    expect(quantityText('Positive', '')).toBe('Positive');
    expect(quantityText('0.8 to 8', '{INR}')).toBe('INR 0.8 to 8');
  });

  it('names units in a unit choice and a field label without UCUM brackets', () => {
    expect(['mg/dL', 'mmol/L', '{INR}', '[pH]', '1'].map(unitChoiceText)).toEqual(['mg/dL', 'mmol/L', 'INR', 'pH', 'no unit']);
    expect(['mg/dL', '{INR}', '1', ''].map(unitLabelText)).toEqual(['mg/dL', 'INR', '', '']);
    expect(unitListText(['mg/dL', 'mmol/L'])).toBe('mg/dL or mmol/L');
  });

  it('no catalogue unit is ever said with UCUM braces or brackets', () => {
    const units = defaultCatalogue.flatMap((t) => (t.kind === 'quantitative' ? t.units : t.kind === 'panel' ? t.members.flatMap((m) => (m.kind === 'quantitative' ? m.units : [])) : []));
    expect(units.length).toBeGreaterThan(4);
    for (const u of units) {
      for (const text of [quantityText('1', u.ucum), unitChoiceText(u.ucum), unitLabelText(u.ucum)]) expect(text).not.toMatch(/[{}[\]]/);
    }
  });
});
