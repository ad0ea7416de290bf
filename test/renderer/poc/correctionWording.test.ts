import { describe, expect, it } from 'vitest';
import { CORRECTION_REASONS, correctionReasonText } from '../../../renderer/poc/correctionWording.ts';

describe('correction reasons in words', () => {
  it('every reason the form offers is a code main accepts and reads as words, never as the code', () => {
    for (const r of CORRECTION_REASONS) {
      // The poc.result.correct contract's pattern for a reason.
      expect(r.code).toMatch(/^[a-z][a-z0-9-]{0,47}$/);
      expect(correctionReasonText(r.code)).toBe(r.text);
      expect(r.text).not.toMatch(/\w[-_]\w/);
    }
    expect(correctionReasonText('transcription-error')).toBe('Transcription error (typed or copied wrong)');
  });

  it('a code this version does not list is still shown as words', () => {
    expect(correctionReasonText('wrong-patient-id')).toBe('Wrong patient id');
    expect(correctionReasonText('transcription_error')).toBe('Transcription error');
    expect(correctionReasonText(null)).toBe('no reason recorded');
  });
});
