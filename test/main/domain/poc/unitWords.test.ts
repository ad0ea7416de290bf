import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../../main/domain/poc/catalogue.ts';
import { evaluateResult } from '../../../../main/domain/poc/evaluate.ts';

const cat = buildCatalogue();
const refusal = (testId: string, value: string, unit: string): string => {
  try {
    evaluateResult(cat, testId, value, unit);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe("main's refusals say units in words, never as UCUM codes", () => {
  it('INR, pH and specific gravity ranges', () => {
    const inr = refusal('inr', '9', '{INR}');
    expect(inr).toContain('(INR 0.8 to 8)');
    expect(inr).not.toContain('{INR}');
    expect(refusal('urine-ph', '9', '[pH]')).toContain('(pH 5 to 8.5)');
    const sg = refusal('urine-sg', '1.1', '1');
    expect(sg).toContain('(1 to 1.03)');
    expect(sg).not.toMatch(/1\.03 1\b/);
  });

  it('a bound inside the normal range and a unit the test does not report', () => {
    expect(refusal('inr', '>1.0', '{INR}')).toContain('(INR 0.8 to 1.2)');
    expect(refusal('glucose-capillary', '80', '%')).toContain('(mg/dL or mmol/L)');
    expect(refusal('inr', '2', 'mg/dL')).toContain('(INR)');
  });

  it('the stored unit stays UCUM', () => {
    expect(evaluateResult(cat, 'inr', '5.1', 'INR').ucum).toBe('{INR}');
    expect(evaluateResult(cat, 'urine-ph', '6.5', 'pH').ucum).toBe('[pH]');
  });
});
