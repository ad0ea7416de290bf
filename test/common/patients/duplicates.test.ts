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
    expect(nameMatchKey('Strauss')).not.toBe(nameMatchKey('Straus'));
    expect(nameMatchKey('Ivanov')).not.toBe(nameMatchKey('Иванов'));
  });

  it('one person spelled the ways a clerk types it: apostrophes, hyphens and dashes, spaces, letters NFKD keeps (a review found none of these matched)', () => {
    const sameNames = [
      ["O'Brien", 'O\u2019Brien', 'OBrien', 'O Brien', 'O\u02BCBrien', 'O`Brien', 'o\u00A0brien'],
      ['Smith-Jones', 'Smith Jones', 'SmithJones', 'Smith\u2013Jones', 'Smith \u2014 Jones', 'SMITH\u2010JONES'],
      ['Strauß', 'Strauss', 'STRAUSS', 'Strau\u1E9E'],
      ['Ørsted', 'Orsted', 'ØRSTED'],
      ['Łukasz', 'Lukasz'],
      ['Đorđević', 'Dordevic', 'DORĐEVIĆ'],
      ['Ægir', 'Aegir'],
      ['Œuvray', 'Oeuvray'],
      ['Þórður', 'Thordur'],
      ['Yıldız', 'Yildiz', 'YILDIZ'],
      ['ΟΔΥΣΣΕΥΣ', 'Οδυσσευς', 'οδυσσευσ'],
      ['Mary Ann', 'Maryann', 'Mary-Ann', 'MaryAnn'],
      ['St. John', 'St John', 'StJohn'],
      ['Tay\u00ADlor', 'Taylor'],
    ];
    for (const names of sameNames) expect(new Set(names.map(nameMatchKey)), names.join(' / ')).toHaveProperty('size', 1);
    expect(nameMatchKey("O'Brien")).toBe('obrien');
    expect(nameMatchKey('Strauß')).toBe('strauss');
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
