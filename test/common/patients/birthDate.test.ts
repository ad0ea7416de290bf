import { describe, expect, it } from 'vitest';
import { birthDateProblem, earliestBirthDate, localIsoDate, MAX_PATIENT_AGE_YEARS } from '../../../common/patients/birthDate.ts';

const TODAY = '2026-11-23';

describe('birthDateProblem (one rule for main and the new-patient form)', () => {
  it('accepts a real date from today back to exactly the oldest age', () => {
    for (const ok of [TODAY, '1961-02-03', '2026-11-22', earliestBirthDate(TODAY), '1896-11-23']) expect(birthDateProblem(ok, TODAY)).toBeNull();
    expect(earliestBirthDate(TODAY)).toBe(`${2026 - MAX_PATIENT_AGE_YEARS}-11-23`);
  });

  it('refuses 1890 (a typo for 1990, found by a UI tester), the day before the oldest age, and the future, in words', () => {
    expect(birthDateProblem('1890-01-01', TODAY)).toMatch(/more than 130 years ago/);
    expect(birthDateProblem('1896-11-22', TODAY)).toMatch(/more than 130 years ago/);
    expect(birthDateProblem('2026-11-24', TODAY)).toMatch(/future/);
  });

  it('refuses what is not a real calendar date', () => {
    for (const bad of ['', '1980-02-30', '1980-2-3', '03/02/1980', '1980-02-03T10:00']) expect(birthDateProblem(bad, TODAY)).toMatch(/real date/);
  });

  it('today is the local calendar day', () => {
    const atMs = new Date(2026, 0, 5, 23, 30).getTime(); // local 23:30: never the next UTC day
    expect(localIsoDate(atMs)).toBe('2026-01-05');
  });
});
