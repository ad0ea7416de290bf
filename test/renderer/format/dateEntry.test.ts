import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateEntryProblem, dateEntryText, dateEntryValue, formatDateEntryTyping, type DateEntryKind } from '../../../renderer/format/dateEntry.ts';

/** As typed, one key at a time, the field's text fed back each time. */
const typeKeys = (keys: string, kind: DateEntryKind) => [...keys].reduce((text, key) => formatDateEntryTyping(text + key, kind), '');

describe('a date-time typed as the station writes it (YYYY-MM-DD HH:MM, 24-hour)', () => {
  it('puts the dashes, the space and the colon in as each part begins', () => {
    expect(['2', '2026', '20261', '202611', '20261124', '202611240', '2026112400', '20261124001', '202611240015'].map((t) => formatDateEntryTyping(t, 'date-time'))).toEqual([
      '2',
      '2026',
      '2026-1',
      '2026-11',
      '2026-11-24',
      '2026-11-24 0',
      '2026-11-24 00',
      '2026-11-24 00:1',
      '2026-11-24 00:15',
    ]);
    expect(typeKeys('202611240015', 'date-time')).toBe('2026-11-24 00:15');
    expect(typeKeys('2026-11-24 00:15', 'date-time')).toBe('2026-11-24 00:15');
  });

  it('takes an ISO date-time (the T, what the browser input held); more than a whole entry pasted is kept and said, never cut', () => {
    expect(formatDateEntryTyping('2026-11-24T00:15', 'date-time')).toBe('2026-11-24 00:15');
    // An offset cut off would have read 00:15 EST as the PC's own zone (a review): kept as pasted.
    for (const pasted of ['2026-11-24T00:15:00-05:00', '2026-11-24 00:15:59']) {
      expect(formatDateEntryTyping(pasted, 'date-time')).toBe(pasted);
      expect(dateEntryValue(formatDateEntryTyping(pasted, 'date-time'), 'date-time')).toBe('');
      expect(dateEntryProblem(pasted, 'date-time')).not.toBeNull();
    }
    // A key typed at the end of a whole entry is dropped (nothing else moves).
    expect(formatDateEntryTyping('2026-11-24 00:155', 'date-time', '2026-11-24 00:15')).toBe('2026-11-24 00:15');
  });

  it('an edit inside the text is kept as typed, never padded or shifted into another valid date or time (a review)', () => {
    // Backspace over the 4 of 14:15, then over the 2 of 2026-11-24: no 01:15, no 2026-11-02.
    expect(formatDateEntryTyping('2026-11-24 1:15', 'date-time', '2026-11-24 14:15')).toBe('2026-11-24 1:15');
    expect(formatDateEntryTyping('2026-11-4 14:15', 'date-time', '2026-11-24 14:15')).toBe('2026-11-4 14:15');
    expect(formatDateEntryTyping('2027-2-28', 'date', '2027-12-28')).toBe('2027-2-28');
    for (const [typed, kind] of [['2026-11-24 1:15', 'date-time'], ['2026-11-4 14:15', 'date-time'], ['2027-2-28', 'date']] as const) {
      expect(dateEntryValue(typed, kind)).toBe('');
      expect(dateEntryProblem(typed, kind)).toMatch(/^Type the (whole date|date)/);
    }
    // A digit typed inside a whole entry (a 1 after 1957-1 of 1957-12-28) is not cut at the end.
    expect(formatDateEntryTyping('1957-112-28', 'date', '1957-12-28')).toBe('1957-112-28');
    expect(dateEntryValue('1957-112-28', 'date')).toBe('');
  });

  it('a separator typed after a one-digit month, day, hour or minute gives it its 0; an erased separator is not put back', () => {
    expect(typeKeys('2026-3-4 9:5 ', 'date-time')).toBe('2026-03-04 09:05');
    expect(typeKeys('2026-3-4 9:5', 'date-time')).toBe('2026-03-04 09:5');
    expect(typeKeys('2026-11-24 0:05', 'date-time')).toBe('2026-11-24 00:05');
    expect(typeKeys('2026/11/24 9.30', 'date-time')).toBe('2026-11-24 09:30');
    expect(formatDateEntryTyping('2026-11-24 ', 'date-time')).toBe('2026-11-24');
    expect(formatDateEntryTyping('2026-11-24 00:', 'date-time')).toBe('2026-11-24 00');
  });

  it('the browser US format and a 12-hour time are kept as typed, never turned into another time (12:18 AM is not 12:18)', () => {
    for (const typed of ['11/24/2026, 12:18 AM', '2026-11-24 12:18 AM', '2026-11-24 12:18 pm', '24.11.2026 00:15']) {
      expect(formatDateEntryTyping(typed, 'date-time')).toBe(typed);
      expect(dateEntryValue(formatDateEntryTyping(typed, 'date-time'), 'date-time')).toBe('');
    }
    expect(dateEntryProblem('2026-11-24 12:18 AM', 'date-time')).toBe('Type the time on the 24-hour clock (00:00 to 23:59), without AM or PM: YYYY-MM-DD HH:MM.');
    expect(dateEntryProblem('11/24/2026, 12:18 AM', 'date-time')).toBe('Type the time on the 24-hour clock (00:00 to 23:59), without AM or PM: YYYY-MM-DD HH:MM.');
    expect(dateEntryProblem('24.11.2026 00:15', 'date-time')).toBe('Type the date and time as year-month-day and a 24-hour time: YYYY-MM-DD HH:MM.');
  });

  it('the value is the local wall clock as the datetime-local input gave it (YYYY-MM-DDTHH:MM, no offset), only for a real date and time', () => {
    expect(dateEntryValue('2026-11-24 00:15', 'date-time')).toBe('2026-11-24T00:15');
    expect(dateEntryValue('2028-02-29 23:59', 'date-time')).toBe('2028-02-29T23:59');
    for (const no of ['', '2026-11-24', '2026-11-24 0', '2026-11-24 00:1', '2026-02-30 10:00', '2026-11-24 24:00', '2026-11-24 12:60', '2026-13-01 10:00', '2026-11-24T00:15'])
      expect(dateEntryValue(no, 'date-time')).toBe('');
    expect(dateEntryText('2026-11-24T00:15', 'date-time')).toBe('2026-11-24 00:15');
    expect(dateEntryText('', 'date-time')).toBe('');
  });

  it('says why a text is no date-time, naming it', () => {
    expect(dateEntryProblem('', 'date-time')).toBeNull();
    expect(dateEntryProblem('2026-11-24 00:15', 'date-time')).toBeNull();
    expect(dateEntryProblem('2026-11-24 24:00', 'date-time')).toBe('24:00 is not a time of day (the hours go from 00 to 23: midnight is 00:00 of the next day).');
    expect(dateEntryProblem('2026-11-24 12:60', 'date-time')).toBe('12:60 is not a time of day (the minutes go from 00 to 59).');
    expect(dateEntryProblem('2026-02-30 10:00', 'date-time')).toBe('2026-02-30 is not a real date (February has 28 days).');
    expect(dateEntryProblem('2027-02-29 10:00', 'date-time')).toBe('2027-02-29 is not a real date (2027 is not a leap year).');
    const partial = 'Type the whole date and time, with two digits for the month, the day, the hour and the minute: YYYY-MM-DD HH:MM.';
    for (const begun of ['2026', '2026-11', '2026-11-24', '2026-11-24 0', '2026-11-24 00:1']) expect(dateEntryProblem(begun, 'date-time')).toBe(partial);
  });
});

describe('a date typed as the station writes it (YYYY-MM-DD)', () => {
  it('formats as the date of birth field does, and keeps another order as typed', () => {
    expect(typeKeys('20301231', 'date')).toBe('2030-12-31');
    expect(formatDateEntryTyping('2030-12-31', 'date')).toBe('2030-12-31');
    expect(typeKeys('2030-1-2-', 'date')).toBe('2030-01-02');
    expect(formatDateEntryTyping('2030-12-311', 'date', '2030-12-31')).toBe('2030-12-31');
    expect(formatDateEntryTyping('12/31/2030', 'date')).toBe('12/31/2030');
    expect(formatDateEntryTyping('\uFF12\uFF10\uFF13\uFF10\uFF11\uFF12\uFF13\uFF11', 'date')).toBe('2030-12-31');
    // A time has no place in a date field: kept, and refused in words.
    expect(formatDateEntryTyping('2030-12-31T00:00', 'date')).toBe('2030-12-31T00:00');
  });

  it('the value is YYYY-MM-DD only for a real day', () => {
    expect(dateEntryValue('2030-12-31', 'date')).toBe('2030-12-31');
    expect(dateEntryValue('2028-02-29', 'date')).toBe('2028-02-29');
    for (const no of ['', '2030', '2030-12-3', '2026-02-30', '2026-00-10', '2026-04-31', '12/31/2030', '2030-12-31T00:00']) expect(dateEntryValue(no, 'date')).toBe('');
  });

  it('says why a text is no date, naming it', () => {
    expect(dateEntryProblem('2030-12-31', 'date')).toBeNull();
    expect(dateEntryProblem('2026-02-30', 'date')).toBe('2026-02-30 is not a real date (February has 28 days).');
    expect(dateEntryProblem('2026-04-31', 'date')).toBe('2026-04-31 is not a real date (April has 30 days).');
    expect(dateEntryProblem('2026-13-01', 'date')).toBe('2026-13-01 is not a real date (there is no month 13: the month comes after the year).');
    expect(dateEntryProblem('2026-11-00', 'date')).toBe('2026-11-00 is not a real date (there is no day 00).');
    expect(dateEntryProblem('2026-11', 'date')).toBe('Type the whole date, with two digits for the month and the day: YYYY-MM-DD.');
    expect(dateEntryProblem('12/31/2030', 'date')).toBe('Type the date as year-month-day: YYYY-MM-DD.');
  });
});

describe('properties', () => {
  const kinds = fc.constantFrom<DateEntryKind>('date', 'date-time');
  it('any text: formatting never throws, formatting again changes nothing, and a text is either a value or has a problem', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-/.: TtAPM\u0661\uFF10x'), maxLength: 30 }), kinds, (typed, kind) => {
        const text = formatDateEntryTyping(typed, kind);
        expect(formatDateEntryTyping(text, kind)).toBe(text);
        const value = dateEntryValue(text, kind);
        expect(value === '' ? text.trim() === '' || dateEntryProblem(text, kind) !== null : dateEntryProblem(text, kind) === null).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('every real local minute round-trips: shown, typed back and read, it is the same wall-clock minute', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }), (d) => {
        const p = (n: number) => String(n).padStart(2, '0');
        const value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
        const text = dateEntryText(value, 'date-time');
        expect(typeKeys(text.replace(/\D/g, ''), 'date-time')).toBe(text);
        expect(dateEntryValue(text, 'date-time')).toBe(value);
        expect(dateEntryValue(value.slice(0, 10), 'date')).toBe(value.slice(0, 10));
      }),
    );
  });

  it('a minute the clocks skip (spring forward) is no time: it would have been read an hour later', () => {
    const saved = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      expect(dateEntryValue('2026-03-08 02:30', 'date-time')).toBe('');
      expect(dateEntryProblem('2026-03-08 02:30', 'date-time')).toMatch(/does not happen on this computer's clock/);
      expect(dateEntryValue('2026-03-08 03:30', 'date-time')).toBe('2026-03-08T03:30');
      expect(dateEntryValue('2026-03-08 01:59', 'date-time')).toBe('2026-03-08T01:59');
      // Clocks back: 01:30 happens twice and is taken (the first).
      expect(dateEntryValue('2026-11-01 01:30', 'date-time')).toBe('2026-11-01T01:30');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });
});
