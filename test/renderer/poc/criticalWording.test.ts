import { describe, expect, it } from 'vitest';
import { criticalHeadline, criticalWords } from '../../../renderer/poc/criticalWording.ts';
import { flagText } from '../../../renderer/poc/usePoc.ts';

describe('critical alert words for who reads them', () => {
  it('an assistant is told to tell a provider and records who was notified', () => {
    const w = criticalWords({ role: 'ma', displayName: 'Mary Assistant' });
    expect(w.action).toBe('Tell a provider now.');
    expect(w.whoLabel).toBe('Provider notified');
    expect(w.submitLabel).toBe('Record notification');
    expect(w.prefillWho).toBe('');
    // Not known who reads it: the assistant's words (the safe default: someone is told).
    expect(criticalWords(null)).toEqual(w);
  });

  it('a provider is asked to review it and is filled in as the one informed', () => {
    const w = criticalWords({ role: 'provider', displayName: 'Dr Paula Provider' });
    expect(w.action).toBe('Review this critical result now.');
    expect(`${w.action} ${w.whoLabel} ${w.readBackLabel} ${w.submitLabel} ${w.readBackMissing}`).not.toMatch(/tell a provider/i);
    expect(w.whoLabel).toBe('Provider informed');
    expect(w.prefillWho).toBe('Dr Paula Provider');
    expect(w.submitLabel).toBe('Record review');
  });

  it('a corrected critical says what the value was and what it is now, and asks for the corrected value to be told', () => {
    const ma = criticalWords({ role: 'ma', displayName: 'Mary Assistant' });
    const base = { testName: 'Glucose, capillary (meter)', unit: 'mg/dL', simulated: true };
    const was41 = { value: '41', unit: 'mg/dL', flag: 'LL', acknowledged: false };
    expect(criticalHeadline({ ...base, value: '41', flag: 'LL', critical: true, correctedFrom: null }, ma, flagText)).toBe(
      'CRITICAL (SIMULATED) — Glucose, capillary (meter) 41 mg/dL (CRITICAL LOW). Tell a provider now.',
    );
    expect(criticalHeadline({ ...base, value: '85', flag: null, critical: false, correctedFrom: was41 }, ma, flagText)).toBe(
      'CORRECTED CRITICAL (SIMULATED) — Glucose, capillary (meter) corrected from 41 mg/dL (CRITICAL LOW) to 85 mg/dL. Tell a provider the corrected value now.',
    );
    expect(criticalHeadline({ ...base, value: '85', flag: null, critical: false, correctedFrom: { ...was41, acknowledged: true } }, ma, flagText)).toBe(
      'CORRECTED CRITICAL (SIMULATED) — Glucose, capillary (meter) corrected from 41 mg/dL (CRITICAL LOW), which a provider was told, to 85 mg/dL. Tell a provider the corrected value now.',
    );
    expect(criticalHeadline({ ...base, value: '38', flag: 'LL', critical: true, correctedFrom: was41 }, ma, flagText)).toBe(
      'CRITICAL (SIMULATED) — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW), corrected from 41 mg/dL (CRITICAL LOW). Tell a provider the corrected value now.',
    );
    // The line of another patient's alert: the value, no action sentence (it opens to the form).
    expect(criticalHeadline({ ...base, value: '38', flag: 'LL', critical: true, correctedFrom: null }, ma, flagText, true)).toBe('CRITICAL (SIMULATED) — Glucose, capillary (meter) 38 mg/dL (CRITICAL LOW)');
    const provider = criticalWords({ role: 'provider', displayName: 'Dr P' });
    expect(criticalHeadline({ ...base, value: '85', flag: null, critical: false, correctedFrom: was41 }, provider, flagText)).toMatch(/ to 85 mg\/dL\. Review the corrected value now\.$/);
  });

  it('a missing name is asked for first, in the reader\'s words', () => {
    expect(criticalWords(null).whoMissing).toBe('Enter the name of the provider you told.');
    expect(criticalWords({ role: 'provider', displayName: 'Dr P' }).whoMissing).toBe('Enter your name in "Provider informed".');
  });
});
