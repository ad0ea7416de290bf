import { describe, expect, it } from 'vitest';
import { nameMatchKey, POSSIBLE_DUPLICATE_MESSAGE, PossibleDuplicatePatientError } from '../../../common/patients/duplicates.ts';

describe('nameMatchKey (the possible-duplicate check)', () => {
  it('ignores letter case, surrounding and repeated spaces, accents and invisible characters', () => {
    for (const same of ['Trialman', ' TRIALMAN ', 'trialman', 'Triälman', 'Tri\u200Balman', 'Tria\u0308lman'])
      expect(nameMatchKey(same)).toBe('trialman');
    expect(nameMatchKey('Nguyễn')).toBe(nameMatchKey('NGUYEN'));
    expect(nameMatchKey('Mary   Ann')).toBe(nameMatchKey('mary ann'));
  });

  it('keeps names that differ in letters apart', () => {
    expect(nameMatchKey('Taylor')).not.toBe(nameMatchKey('Tyler'));
    expect(nameMatchKey('MaryAnn')).not.toBe(nameMatchKey('Mary Ann'));
  });
});

describe('PossibleDuplicatePatientError', () => {
  it('names no patient in its message (the form looks the matches up); the ids stay in main', () => {
    const e = new PossibleDuplicatePatientError([6, 102]);
    expect(e.message).toBe(POSSIBLE_DUPLICATE_MESSAGE);
    expect(e.message).not.toMatch(/MRN [A-Z0-9]|\d/);
    expect(e.patientIds).toEqual([6, 102]);
  });
});
