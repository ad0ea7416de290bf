import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isBeforeBirth, isIsoDate, isIsoDateTime, isIsoMonth, isoCalendarMs, parseIsoCalendar } from '../../common/calendar.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('common/calendar: strict ISO 8601 dates and date-times', () => {
  it('accepts real dates and times, with or without seconds, fraction and offset', () => {
    for (const t of ['2024-02-29', '2000-02-29', '1955-12-31', '2026-11-30']) expect(isIsoDate(t), t).toBe(true);
    for (const t of ['2026-11-22T08:30', '2026-11-22T23:59:59', '2026-11-22T00:00:00.5Z', '2026-11-22T08:30:00.999999999', '2026-11-22T08:30+14:00', '2026-11-22T08:30-1200', '2026-11-22T08:30:00+05:30']) {
      expect(isIsoDateTime(t), t).toBe(true);
    }
    expect(isIsoMonth('2027-01')).toBe(true);
  });

  it('refuses what does not exist instead of rolling it over as Date.parse does', () => {
    expect(Date.parse('2026-02-30T08:30')).not.toBeNaN(); // the repair this module exists to refuse
    for (const t of ['2026-02-30', '2023-02-29', '1900-02-29', '2026-11-31', '2000-13-45', '2026-00-10', '2026-01-00', '2026-1-01', '26-01-01', '2026-01-01T08:30', ' 2026-01-01']) {
      expect(isIsoDate(t), t).toBe(false);
    }
    for (const t of ['2026-02-30T08:30', '2026-11-22T24:00', '2026-11-22T23:60', '2026-12-31T23:59:60Z', '2026-11-22T08:30+15:00', '2026-11-22T08:30-12:30', '2026-11-22T08:30+05:60', '2026-11-22', '2026-11-22T8:30', '2026-11-22T08:30:00.', '2026-11-22 08:30', '2026-11-22T08:30z']) {
      expect(isIsoDateTime(t), t).toBe(false);
    }
    for (const t of ['2027-13', '2027-00', '2027-1', '2027-01-01']) expect(isIsoMonth(t), t).toBe(false);
  });

  it('epoch ms: the offset given, else UTC or the runtime zone as asked; years below 100 are not moved to the 1900s', () => {
    expect(isoCalendarMs(parseIsoCalendar('2026-11-22T08:30:15.25-05:00')!, 'local')).toBe(Date.UTC(2026, 10, 22, 13, 30, 15, 250));
    expect(isoCalendarMs(parseIsoCalendar('2026-11-22T08:30')!, 'local')).toBe(new Date(2026, 10, 22, 8, 30).getTime());
    expect(isoCalendarMs(parseIsoCalendar('2026-11-22T08:30')!, 'utc')).toBe(Date.UTC(2026, 10, 22, 8, 30));
    expect(isoCalendarMs(parseIsoCalendar('1970-05-01')!, 'utc')).toBe(Date.UTC(1970, 4, 1));
    expect(new Date(isoCalendarMs(parseIsoCalendar('0050-03-01')!, 'utc')).toISOString()).toBe('0050-03-01T00:00:00.000Z');
  });

  it('property: a date is accepted exactly when Date.UTC gives the same components back (the round-trip rule)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const t = new Date(Date.UTC(y, m - 1, d));
        const roundTrips = t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
        expect(isIsoDate(`${y}-${pad(m)}-${pad(d)}`)).toBe(roundTrips);
        if (m >= 1 && m <= 12) expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }),
    );
  });

  it('property: every instant written as ISO 8601 by toISOString reads back to itself', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (d) => {
        const c = parseIsoCalendar(d.toISOString());
        expect(c).toBeDefined();
        expect(isoCalendarMs(c!, 'local')).toBe(d.getTime());
      }),
    );
  });

  it('property: any string is either read or refused, never thrown on', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$/)), (t) => {
        const c = parseIsoCalendar(t);
        if (c !== undefined) expect(Number.isFinite(isoCalendarMs(c, 'utc'))).toBe(true);
      }),
    );
  });

  it('isBeforeBirth compares the calendar day as written: the birth day itself is not before it', () => {
    expect(isBeforeBirth('1940-05-01T09:30:00-05:00', '1948-03-09')).toBe(true);
    expect(isBeforeBirth('1948-03-08T23:59', '1948-03-09')).toBe(true);
    expect(isBeforeBirth('1948-03-09T00:00+14:00', '1948-03-09')).toBe(false);
    expect(isBeforeBirth('2026-11-22T08:14:00', '1948-03-09')).toBe(false);
  });
});
