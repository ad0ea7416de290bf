import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCatalogue, CatalogueError } from '../../../../main/domain/poc/catalogue.ts';
import { evaluateResult } from '../../../../main/domain/poc/evaluate.ts';
import { PocRuleError } from '../../../../main/domain/poc/errors.ts';
import { isStationError } from '../../../../common/errors.ts';

const cat = buildCatalogue();

describe('evaluateResult: capillary glucose', () => {
  it('flags by reference and critical limits in mg/dL (critical strictly below 50 / above 400)', () => {
    const flag = (v: string) => {
      const e = evaluateResult(cat, 'glucose-capillary', v, 'mg/dL');
      return [e.flag, e.critical];
    };
    expect(flag('49')).toEqual(['LL', true]);
    expect(flag('50')).toEqual(['L', false]);
    expect(flag('69')).toEqual(['L', false]);
    expect(flag('70')).toEqual([null, false]);
    expect(flag('99')).toEqual([null, false]);
    expect(flag('100')).toEqual(['H', false]);
    expect(flag('400')).toEqual(['H', false]);
    expect(flag('401')).toEqual(['HH', true]);
  });

  it('keeps HI/LO exactly as sent and treats them as critical beyond the reportable range', () => {
    const hi = evaluateResult(cat, 'glucose-capillary', 'HI', 'MG/DL');
    expect(hi).toMatchObject({ value: 'HI', valueKind: 'above-range', flag: 'HH', critical: true, ucum: 'mg/dL', loinc: '41653-7' });
    const lo = evaluateResult(cat, 'glucose-capillary', 'LO', 'mg/dL');
    expect(lo).toMatchObject({ value: 'LO', valueKind: 'below-range', flag: 'LL', critical: true });
  });

  it('judges mmol/L with its own LOINC and limits, never converting', () => {
    const e = evaluateResult(cat, 'glucose-capillary', '2.7', 'mmol/L');
    expect(e).toMatchObject({ loinc: '14743-9', ucum: 'mmol/L', value: '2.7', flag: 'LL', critical: true });
    expect(evaluateResult(cat, 'glucose-capillary', '5.0', 'mmol/L').flag).toBeNull();
  });

  it('refuses a wrong unit, a malformed number, too many decimals and a number outside the reportable range', () => {
    const code = (v: string, u: string) => {
      try {
        evaluateResult(cat, 'glucose-capillary', v, u);
        return 'accepted';
      } catch (e) {
        return e instanceof PocRuleError ? e.code : 'other';
      }
    };
    expect(code('93', 'g/L')).toBe('poc-unit');
    expect(code('9x3', 'mg/dL')).toBe('poc-value');
    expect(code('93.5', 'mg/dL')).toBe('poc-value');
    expect(code('601', 'mg/dL')).toBe('poc-range');
    expect(code('19', 'mg/dL')).toBe('poc-range');
  });

  it('never lets a value message carry the value itself', () => {
    try {
      evaluateResult(cat, 'glucose-capillary', '777', 'mg/dL');
    } catch (e) {
      expect((e as Error).message).not.toContain('777');
    }
  });

  it('applies configured critical limits', () => {
    const local = buildCatalogue({ 'glucose-capillary': { units: { 'mg/dL': { critical: { low: 60, high: 350 } } } } });
    expect(evaluateResult(local, 'glucose-capillary', '55', 'mg/dL')).toMatchObject({ flag: 'LL', critical: true });
    expect(evaluateResult(local, 'glucose-capillary', '351', 'mg/dL')).toMatchObject({ flag: 'HH', critical: true });
  });

  it('refuses overrides that name unknown tests or units', () => {
    expect(() => buildCatalogue({ 'no-such-test': {} })).toThrow(CatalogueError);
    expect(() => buildCatalogue({ 'glucose-capillary': { units: { 'g/L': { critical: {} } } } })).toThrow(CatalogueError);
  });

  it('>N / <N (Contour-style) are read as beyond the reportable range like HI/LO, never as the number N', () => {
    expect(evaluateResult(cat, 'glucose-capillary', '>600', 'mg/dL')).toMatchObject({ value: '>600', valueKind: 'above-range', flag: 'HH', critical: true });
    expect(evaluateResult(cat, 'glucose-capillary', '<20', 'mg/dL')).toMatchObject({ value: '<20', valueKind: 'below-range', flag: 'LL', critical: true });
    expect(evaluateResult(cat, 'glucose-capillary', '< 20', 'mg/dL')).toMatchObject({ valueKind: 'below-range', flag: 'LL', critical: true });
    // Beyond the reference range but not wholly past the critical limit: flagged, not critical.
    expect(evaluateResult(cat, 'glucose-capillary', '>300', 'mg/dL')).toMatchObject({ valueKind: 'above-range', flag: 'H', critical: false });
    expect(evaluateResult(cat, 'glucose-capillary', '<60', 'mg/dL')).toMatchObject({ valueKind: 'below-range', flag: 'L', critical: false });
    expect(evaluateResult(cat, 'glucose-capillary', '>33.3', 'mmol/L')).toMatchObject({ flag: 'HH', critical: true });
    // A bound that could still be a normal value leaves the flag open: refused, never guessed.
    expect(() => evaluateResult(cat, 'glucose-capillary', '>80', 'mg/dL')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => evaluateResult(cat, 'glucose-capillary', '<90', 'mg/dL')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => evaluateResult(cat, 'glucose-capillary', '>=600', 'mg/dL')).toThrow(expect.objectContaining({ code: 'poc-value' }));
  });

  it('a bound follows the rules of a number: within the reportable range, no more decimals than the unit shows', () => {
    // The meter's own limits are the bounds it reports: >600 and <20 mg/dL, >14 % (>14.0 has the one decimal HbA1c shows).
    expect(evaluateResult(cat, 'glucose-capillary', '>600', 'mg/dL')).toMatchObject({ flag: 'HH', critical: true });
    expect(evaluateResult(cat, 'glucose-capillary', '> 600', 'mg/dL')).toMatchObject({ flag: 'HH', critical: true });
    expect(evaluateResult(cat, 'glucose-capillary', '<20', 'mg/dL')).toMatchObject({ flag: 'LL', critical: true });
    expect(evaluateResult(cat, 'hba1c', '>14.0', '%')).toMatchObject({ valueKind: 'above-range', flag: 'H' });
    expect(evaluateResult(cat, 'inr', '>8.0', '{INR}')).toMatchObject({ valueKind: 'above-range', flag: 'HH', critical: true });
    // A bound no device in that unit reports: refused with the errors the number itself gets.
    for (const v of ['>10000', '>601', '<1', '<19', '>0']) {
      expect(() => evaluateResult(cat, 'glucose-capillary', v, 'mg/dL'), v).toThrow(expect.objectContaining({ code: 'poc-range' }));
      expect(() => evaluateResult(cat, 'glucose-capillary', v.slice(1), 'mg/dL'), v.slice(1)).toThrow(expect.objectContaining({ code: 'poc-range' }));
    }
    for (const v of ['>600.5', '<49.99', '>600.0']) expect(() => evaluateResult(cat, 'glucose-capillary', v, 'mg/dL'), v).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => evaluateResult(cat, 'hba1c', '>14.00', '%')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => evaluateResult(cat, 'hba1c', '>15', '%')).toThrow(expect.objectContaining({ code: 'poc-range' }));
    expect(() => evaluateResult(cat, 'inr', '>8.1', '{INR}')).toThrow(expect.objectContaining({ code: 'poc-range' }));
  });

  it('property: a bound is accepted only where the number itself is (decimals, reportable range)', () => {
    fc.assert(
      fc.property(fc.constantFrom('>', '<'), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3 }), (sign, n, decimals) => {
        const number = (n / 10 ** decimals).toFixed(decimals);
        let numberOk = true;
        try {
          evaluateResult(cat, 'glucose-capillary', number, 'mg/dL');
        } catch {
          numberOk = false;
        }
        try {
          evaluateResult(cat, 'glucose-capillary', `${sign}${number}`, 'mg/dL');
        } catch (e) {
          // Refused for its own number, or (numberOk) because the bound leaves the flag open.
          expect(isStationError(e)).toBe(true);
          if (numberOk) expect((e as PocRuleError).code).toBe('poc-value');
          return;
        }
        expect(numberOk).toBe(true);
      }),
    );
  });

  it('property: any string either evaluates to a consistent result or throws a StationError', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('mg/dL', 'mmol/L', 'MG/DL', '%', ''), (v, u) => {
        try {
          const e = evaluateResult(cat, 'glucose-capillary', v, u);
          expect(e.value).toBe(v);
          if (e.critical) expect(['LL', 'HH']).toContain(e.flag);
        } catch (err) {
          expect(isStationError(err)).toBe(true);
        }
      }),
    );
  });
});

describe('evaluateResult: other tests', () => {
  it('qualitative: Negative is normal, Positive flagged A, Invalid refused, others refused', () => {
    expect(evaluateResult(cat, 'strep-a-rapid', 'Negative', '')).toMatchObject({ flag: null, loinc: '78012-2', valueKind: 'coded', referenceRange: 'Negative' });
    expect(evaluateResult(cat, 'strep-a-rapid', 'Positive', '')).toMatchObject({ flag: 'A', critical: false });
    expect(() => evaluateResult(cat, 'hcg-urine', 'Invalid', '')).toThrow(expect.objectContaining({ code: 'poc-invalid-run' }));
    expect(() => evaluateResult(cat, 'hcg-urine', 'Maybe', '')).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(() => evaluateResult(cat, 'hcg-urine', 'Positive', 'mg/dL')).toThrow(expect.objectContaining({ code: 'poc-unit' }));
  });

  it('urine dipstick panel is entered member by member', () => {
    expect(() => evaluateResult(cat, 'urine-dipstick', 'Negative', '')).toThrow(expect.objectContaining({ code: 'poc-panel' }));
    expect(evaluateResult(cat, 'urine-protein', '2+', '')).toMatchObject({ flag: 'A', loinc: '5804-0' });
    expect(evaluateResult(cat, 'urine-ph', '6.5', '[pH]')).toMatchObject({ flag: null, loinc: '5803-2' });
  });

  it('HbA1c and INR', () => {
    expect(evaluateResult(cat, 'hba1c', '7.2', '%')).toMatchObject({ flag: 'H', loinc: '4548-4', critical: false });
    expect(evaluateResult(cat, 'inr', '5.1', '{INR}')).toMatchObject({ flag: 'HH', critical: true, loinc: '6301-6' });
    expect(evaluateResult(cat, 'inr', '2.5', 'INR')).toMatchObject({ flag: 'H', ucum: '{INR}' });
  });

  it('every catalogue entry has a LOINC code and, when quantitative, sane ranges', () => {
    for (const t of cat.values()) {
      if (t.kind === 'quantitative') {
        for (const u of t.units) {
          expect(u.loinc).toMatch(/^\d{1,5}-\d$/);
          if (u.reportable.low !== undefined && u.reportable.high !== undefined) expect(u.reportable.low).toBeLessThan(u.reportable.high);
        }
      } else expect(t.loinc).toMatch(/^\d{1,5}-\d$/);
    }
  });
});

describe('refusals in the assistant\'s words', () => {
  const message = (testId: string, value: string, unit: string): string => {
    try {
      evaluateResult(cat, testId, value, unit);
    } catch (e) {
      if (e instanceof PocRuleError) return e.message;
      throw e;
    }
    throw new Error(`${value} was accepted`);
  };

  it('a value that is no reading names the test and says what to type (range, HI/LO, >N)', () => {
    expect(message('glucose-capillary', 'abc', 'mg/dL')).toBe(
      'The value typed for Glucose, capillary (meter) is not a reading. Type the number the meter shows (20 to 600 mg/dL), HI or LO if the meter shows that, or >N or <N if it shows a value beyond its range (such as >600).',
    );
  });

  it('no refusal shows a test id, an HL7 code or rule shorthand', () => {
    const refusals = [
      message('glucose-capillary', 'abc', 'mg/dL'),
      message('glucose-capillary', '93.5', 'mg/dL'),
      message('glucose-capillary', '601', 'mg/dL'),
      message('glucose-capillary', '>80', 'mg/dL'),
      message('glucose-capillary', '93', 'g/L'),
      message('hba1c', '>15', '%'),
      message('strep-a-rapid', 'Maybe', ''),
      message('strep-a-rapid', 'Invalid', ''),
      message('strep-a-rapid', 'Positive', 'mg/dL'),
      message('urine-dipstick', 'Negative', ''),
    ];
    for (const m of refusals) {
      expect(m).not.toMatch(/glucose-capillary|hba1c|strep-a-rapid|urine-dipstick|\btest \w+-\w+|HI\/LO|nor >N/);
      expect(m).toMatch(/^[A-Z]/);
    }
    expect(message('glucose-capillary', '93.5', 'mg/dL')).toBe('The value for Glucose, capillary (meter) has more decimals than the meter shows: type it with no decimals, as the meter shows it.');
    expect(message('strep-a-rapid', 'Maybe', '')).toBe('This is not an answer Rapid strep A gives: choose one of Positive, Negative, Invalid.');
  });
});
