import { describe, expect, it } from 'vitest';
import { typedBirthDateProblem } from '../../../common/patients/birthDate.ts';
import { asciiDigits, formatDateEntryTyping } from '../../../renderer/format/dateEntry.ts';

/** The date-of-birth field's typing rule: the station's date entry (BirthDateInput), the field's text before the change given. */
const formatBirthDateTyping = (typed: string, previous = '') => formatDateEntryTyping(typed, 'date', previous);

describe('the date of birth as typed (YYYY-MM-DD)', () => {
  it('puts the dashes in as the month and the day begin, and keeps a whole date as it is', () => {
    expect(['1', '1990', '19900', '199002', '1990020', '19900203'].map((t) => formatBirthDateTyping(t))).toEqual(['1', '1990', '1990-0', '1990-02', '1990-02-0', '1990-02-03']);
    expect(formatBirthDateTyping('1990-02-03')).toBe('1990-02-03');
  });

  it('never puts back a dash just erased, and takes no more than a date', () => {
    expect(formatBirthDateTyping('1990-')).toBe('1990');
    expect(formatBirthDateTyping('1990-02-')).toBe('1990-02');
    expect(formatBirthDateTyping('1990-02-031', '1990-02-03')).toBe('1990-02-03');
    // Pasted, or a letter: kept as it is and said, never cut or emptied into another date.
    expect(formatBirthDateTyping('1990-02-031')).toBe('1990-02-031');
    expect(formatBirthDateTyping('ab/c')).toBe('ab/c');
  });

  it('a dash (or / or .) typed after a one-digit month or day gives it its 0, instead of dropping the dash and shifting the digits (1956-3-4 became 1956-34)', () => {
    // As typed, one key at a time, the field's text fed back each time.
    const typeKeys = (keys: string) => [...keys].reduce((text, key) => formatBirthDateTyping(text + key, text), '');
    expect(typeKeys('1956-3-4')).toBe('1956-03-4');
    expect(typeKeys('1956-3-04')).toBe('1956-03-04');
    expect(typeKeys('1956-1-12')).toBe('1956-01-12');
    expect(typeKeys('1956-11-2')).toBe('1956-11-2');
    expect(typeKeys('1956-03-4-')).toBe('1956-03-04');
    expect(typeKeys('1956/3/4/')).toBe('1956-03-04');
    expect(typeKeys('19560304')).toBe('1956-03-04');
    // Pasted whole.
    expect(formatBirthDateTyping('1956-3-4')).toBe('1956-03-4');
    expect(formatBirthDateTyping('1956/03/04')).toBe('1956-03-04');
    expect(formatBirthDateTyping('1956\u201303\u201304')).toBe('1956-03-04');
  });

  it('digits of other scripts are digits (Arabic-Indic and full-width ones were dropped without a word)', () => {
    expect(asciiDigits('\u0661\u0669\u0669\u0660')).toBe('1990');
    expect(formatBirthDateTyping('\u0661\u0669\u0669\u0660\u0660\u0662\u0660\u0663')).toBe('1990-02-03');
    expect(formatBirthDateTyping('\u06F1\u06F9\u06F9\u06F0-\u06F0\u06F2-\u06F0\u06F3')).toBe('1990-02-03');
    expect(formatBirthDateTyping('\uFF11\uFF19\uFF19\uFF10\uFF0D\uFF10\uFF12\uFF0D\uFF10\uFF13')).toBe('1990-02-03');
    expect(formatBirthDateTyping('\u0967\u096F\u096F\u0966\u0966\u0968\u0966\u0969')).toBe('1990-02-03');
    expect(asciiDigits('\u{1D7CE}\u{1D7D7}\u{1D7D8}')).toBe('090');
  });

  it('a date written day or month first is kept as typed, never turned into another date (03/04/1956 became 0304-19-56)', () => {
    for (const otherOrder of ['03/04/1956', '04.03.1956', '3/4/1956', '03-04-1956']) {
      expect(formatBirthDateTyping(otherOrder)).toBe(otherOrder);
      expect(typedBirthDateProblem(formatBirthDateTyping(otherOrder), '2026-11-24')).toBe('Type the date of birth as year-month-day: YYYY-MM-DD.');
    }
  });
});
