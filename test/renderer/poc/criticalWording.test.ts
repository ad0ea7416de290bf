import { describe, expect, it } from 'vitest';
import { criticalWords } from '../../../renderer/poc/criticalWording.ts';

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
});
