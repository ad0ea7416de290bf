import { describe, expect, it } from 'vitest';
import { valueText } from '../../../renderer/poc/valueText.ts';
import { controlOutcomeText } from '../../../renderer/poc/qcWording.ts';
import type { PocTest } from '../../../renderer/poc/usePoc.ts';

const quantitative = (id: string, name: string, units: PocTest['units']): PocTest => ({ id, name, kind: 'quantitative', loinc: '', units, allowedValues: [], members: [], qcLevels: [] });
const tests: PocTest[] = [
  quantitative('inr', 'INR (prothrombin time)', [{ ucum: '{INR}', loinc: '6301-6', reportable: { low: 0.8, high: 8 }, reference: { low: 0.8, high: 1.2 }, critical: { high: 5 } }]),
  quantitative('urine-ph', 'pH of Urine', [{ ucum: '[pH]', loinc: '5803-2', reportable: { low: 5, high: 8.5 }, reference: { low: 5, high: 8 }, critical: {} }]),
  quantitative('urine-sg', 'Specific gravity of Urine', [{ ucum: '1', loinc: '5811-5', reportable: { low: 1, high: 1.03 }, reference: { low: 1.005, high: 1.03 }, critical: {} }]),
  quantitative('glucose-capillary', 'Glucose, capillary (meter)', [{ ucum: 'mg/dL', loinc: '41653-7', reportable: { low: 20, high: 600 }, reference: { low: 70, high: 99 }, critical: { low: 50, high: 400 } }]),
];

describe('values on the POC screens say their unit in words (valueText, through common/poc/unitText)', () => {
  it('INR, pH and specific gravity without UCUM codes', () => {
    expect(valueText(tests, 'inr', '5.1', '{INR}')).toBe('INR 5.1');
    expect(valueText(tests, 'urine-ph', '6.5', '[pH]')).toBe('pH 6.5');
    expect(valueText(tests, 'urine-sg', '1.020', '1')).toBe('1.020');
    expect(valueText(tests, 'glucose-capillary', '88', 'mg/dL')).toBe('88 mg/dL');
    expect(valueText(tests, 'glucose-capillary', 'HI', 'mg/dL')).toBe("HI (above the meter's range, over 600 mg/dL)");
  });

  it('a control logged from the meter says its unit the same way', () => {
    const text = controlOutcomeText({ testName: 'INR (prothrombin time)', level: 'level1', value: '1.1', unit: '{INR}', measured: '08:00', lotNumber: 'L1', passed: true }, { state: 'ok', validUntilMs: 0 });
    expect(text).toContain('level1 control INR 1.1,');
    expect(text).not.toContain('{INR}');
  });
});
