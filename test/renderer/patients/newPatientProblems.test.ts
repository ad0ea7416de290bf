import { describe, expect, it } from 'vitest';
import { newPatientProblems } from '../../../renderer/patients/newPatientProblems.ts';

const today = '2026-11-24';
const ok = { mrn: 'MRN-001', familyName: 'Haddad', givenName: 'Leila', birthDate: '1966-04-02', sex: 'female' as const };

describe('New patient form: every problem at once', () => {
  it('an empty form names every missing field, in the order of the form', () => {
    expect(newPatientProblems({ mrn: '', familyName: '', givenName: '', birthDate: '', sex: 'unknown' }, today)).toEqual([
      'Enter the MRN (from the wristband).',
      'Enter the family name.',
      'Enter the given name.',
      'Enter the date of birth.',
    ]);
  });

  it('blank-only names are missing; malformed fields say what is accepted', () => {
    expect(newPatientProblems({ ...ok, mrn: '-12 3', familyName: '   ', givenName: 'x'.repeat(101), birthDate: '2030-01-01' }, today)).toEqual([
      'The MRN is up to 32 letters, digits or hyphens, starting with a letter or a digit.',
      'Enter the family name.',
      'The given name is up to 100 characters.',
      'Date of birth cannot be in the future.',
    ]);
  });

  it('a hidden control or text-direction character in the MRN or a name is named, as main names it (a pasted U+202E scrambled every banner)', () => {
    expect(newPatientProblems({ ...ok, mrn: 'MRN-001\u202E', familyName: 'Had\u200Bdad', givenName: '\u202ELeila' }, today)).toEqual([
      'The MRN holds a hidden control or text-direction character (often pasted along with text): type the MRN again.',
      'The family name holds a hidden control or text-direction character (often pasted along with text): type the family name again.',
      'The given name holds a hidden control or text-direction character (often pasted along with text): type the given name again.',
    ]);
  });

  it('a complete form has none (MRN and names checked as main gets them: trimmed)', () => {
    expect(newPatientProblems(ok, today)).toEqual([]);
    expect(newPatientProblems({ ...ok, mrn: '  MRN-001 ', familyName: ' Haddad ' }, today)).toEqual([]);
    expect(newPatientProblems({ ...ok, mrn: 'A'.repeat(33) }, today)).toHaveLength(1);
  });

  it('a date of birth typed but not a date says why, not "Enter the date of birth." (the form value stays empty until it is a real date)', () => {
    const noDate = { ...ok, birthDate: '' };
    expect(newPatientProblems(noDate, today, '1957-02-29')).toEqual(['1957-02-29 is not a real date (1957 is not a leap year).']);
    expect(newPatientProblems(noDate, today, '03/04/1956')).toEqual(['Type the date of birth as year-month-day: YYYY-MM-DD.']);
    expect(newPatientProblems(noDate, today, '1956-03-4')).toEqual(['Type the whole date of birth, with two digits for the month and the day: YYYY-MM-DD.']);
    expect(newPatientProblems(noDate, today, '')).toEqual(['Enter the date of birth.']);
  });
});
