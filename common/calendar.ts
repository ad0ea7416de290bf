/**
 * The one strict reader of ISO 8601 calendar dates and date-times taken from users, files, IPC
 * payloads and devices. `Date.parse` and `Date.UTC` repair what cannot exist (2026-02-30 becomes
 * 2 March, 24:00 the next day, month 13 next year), so a typo would be stored, checked against
 * lots and QC, and exported as another day. Here every component must name a real calendar date
 * and clock time, or the text is refused (undefined / false): callers throw their own typed error.
 * Pure: no clock, no zone but the runtime's for a time written without offset.
 */

export interface IsoCalendar {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  /** undefined for a date alone (`YYYY-MM-DD`). */
  readonly time:
    | {
        readonly hour: number;
        readonly minute: number;
        /** undefined when the text gave no seconds (the precision is kept, e.g. for HL7 DTM). */
        readonly second: number | undefined;
        /** Milliseconds of the fraction given (digits beyond the third are below the station's resolution). */
        readonly millisecond: number;
        /** Minutes east of UTC; undefined when no offset was written (a device's or the station's local time). */
        readonly offsetMinutes: number | undefined;
      }
    | undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and `Z` or `±HH[:]MM`, with
 * every component real: month 1-12, the day within its month (leap years counted), hour 0-23,
 * minute and second 0-59 (no leap second: epoch time has none), offset -12:00 to +14:00.
 */
export function parseIsoCalendar(text: string): IsoCalendar | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (m[4] === undefined) return { year, month, day, time: undefined };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? undefined : Number(m[6]);
  if (hour > 23 || minute > 59 || (second ?? 0) > 59) return undefined;
  let offsetMinutes: number | undefined;
  if (m[8] === 'Z') offsetMinutes = 0;
  else if (m[8] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
    if (offsetMinutes < -12 * 60 || offsetMinutes > 14 * 60) return undefined;
  }
  const millisecond = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  return { year, month, day, time: { hour, minute, second, millisecond, offsetMinutes } };
}

/** A real calendar date written `YYYY-MM-DD` (a date of birth, a test day, an expiry day). */
export function isIsoDate(text: string): boolean {
  const c = parseIsoCalendar(text);
  return c !== undefined && c.time === undefined;
}

/** A real date and time (`YYYY-MM-DDTHH:MM...`), offset optional. */
export function isIsoDateTime(text: string): boolean {
  return parseIsoCalendar(text)?.time !== undefined;
}

/** A real month written `YYYY-MM` (kit labels print lot expiry so). */
export function isIsoMonth(text: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * Epoch ms of a parsed date or date-time. Without an offset the components are read in `zone`:
 * `utc`, or `local` (the runtime's zone: devices send local time without one). A local time that
 * a daylight-saving change skips is moved forward by the runtime, as every clock reading it would be.
 */
export function isoCalendarMs(c: IsoCalendar, zone: 'utc' | 'local'): number {
  const t = c.time;
  const d = new Date(0);
  if (t?.offsetMinutes === undefined && zone === 'local') {
    // setFullYear, not the Date constructor: that one maps years 0-99 to 1900-1999.
    d.setFullYear(c.year, c.month - 1, c.day);
    d.setHours(t?.hour ?? 0, t?.minute ?? 0, t?.second ?? 0, t?.millisecond ?? 0);
    return d.getTime();
  }
  d.setUTCFullYear(c.year, c.month - 1, c.day);
  d.setUTCHours(t?.hour ?? 0, t?.minute ?? 0, t?.second ?? 0, t?.millisecond ?? 0);
  return d.getTime() - (t?.offsetMinutes ?? 0) * 60_000;
}

/**
 * Whether something that happened at `dateTime` (a result observed, a specimen collected) lies
 * before the person's date of birth: wrong patient or wrong date. The calendar day is compared as
 * written (the clock's local day, like the date of birth), never moved to another zone, so a birth
 * day itself is never refused. Both must already be read strictly (isIsoDateTime, isIsoDate).
 */
export function isBeforeBirth(dateTime: string, birthDate: string): boolean {
  return dateTime.slice(0, 10) < birthDate;
}
