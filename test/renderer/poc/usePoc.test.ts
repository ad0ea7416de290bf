import { describe, expect, it } from 'vitest';
import { testNameOf, type PocTest } from '../../../renderer/poc/usePoc.ts';

const glucose: PocTest = { id: 'glucose-capillary', name: 'Glucose, capillary (meter)', kind: 'quantitative', loinc: '41653-7', units: [], allowedValues: [], members: [], qcLevels: ['low', 'high'] };

describe('a test as the screen names it', () => {
  it('is its catalogue name, never its internal id', () => {
    expect(testNameOf([glucose], 'glucose-capillary')).toBe('Glucose, capillary (meter)');
  });

  it('falls back to the id only while the catalogue is not loaded', () => {
    expect(testNameOf([], 'glucose-capillary')).toBe('glucose-capillary');
  });
});
