import { describe, expect, it } from 'vitest';
import { birthDateProblem, earliestBirthDate, localIsoDate, MAX_PATIENT_AGE_YEARS, typedBirthDateProblem } from '../../../common/patients/birthDate.ts';

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

  it('what is typed in the field gets the real reason, naming it (Save said "Enter the date of birth." under a field holding 1957-02-29)', () => {
    expect(typedBirthDateProblem('', TODAY)).toBeNull();
    expect(typedBirthDateProblem('1961-02-03', TODAY)).toBeNull();
    expect(typedBirthDateProblem('1957-02-29', TODAY)).toBe('1957-02-29 is not a real date (1957 is not a leap year).');
    expect(typedBirthDateProblem('1956-04-31', TODAY)).toBe('1956-04-31 is not a real date (April has 30 days).');
    expect(typedBirthDateProblem('1956-13-04', TODAY)).toBe('1956-13-04 is not a real date (there is no month 13: the month comes after the year).');
    expect(typedBirthDateProblem('1956-03-00', TODAY)).toBe('1956-03-00 is not a real date (there is no day 00).');
    expect(typedBirthDateProblem('1956-03-4', TODAY)).toBe('Type the whole date of birth, with two digits for the month and the day: YYYY-MM-DD.');
    for (const otherOrder of ['03/04/1956', '04.03.1956', '3-4-1956']) expect(typedBirthDateProblem(otherOrder, TODAY)).toBe('Type the date of birth as year-month-day: YYYY-MM-DD.');
    // A real date: the rule main applies, in its words.
    expect(typedBirthDateProblem('2999-01-01', TODAY)).toBe(birthDateProblem('2999-01-01', TODAY));
    // Main's own rule still names no date (its words go into errors: no patient data).
    expect(birthDateProblem('1957-02-29', TODAY)).not.toMatch(/1957/);
  });
});
