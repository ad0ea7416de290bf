import { daysInMonth, isIsoDate, isIsoDateTime } from '../../common/calendar.ts';

/**
 * Dates and date-times typed by the operator, in the one way the station writes them: `YYYY-MM-DD`
 * and `YYYY-MM-DD HH:MM` on the 24-hour clock (as `localTime` shows every time, and the label
 * prints "Coll 2026-11-24 00:15"). The browser's date and datetime-local inputs showed the PC's US
 * format (11/24/2026, 12:18 AM) beside labels and lists saying 00:15: near midnight, an easy
 * misreading. Pure: what DateEntryInput (renderer/components) does with the text as it is typed,
 * the value the forms keep, and the words for a text that is no date.
 *
 * The value a form keeps is the one the browser's inputs gave, so what is sent to main is unchanged:
 * `YYYY-MM-DD` (a date input) or `YYYY-MM-DDTHH:MM` (a datetime-local input: the PC's local wall
 * clock, no offset), or '' while the text is empty or no real date.
 */

export type DateEntryKind = 'date' | 'date-time';

/** What the field shows as its placeholder and under it. */
export const DATE_ENTRY_FORMAT: Readonly<Record<DateEntryKind, string>> = { date: 'YYYY-MM-DD', 'date-time': 'YYYY-MM-DD HH:MM' };

/** The words under the field naming the format (each ends with the format). */
export const DATE_ENTRY_HINT: Readonly<Record<DateEntryKind, string>> = {
  date: 'Year-month-day: YYYY-MM-DD',
  'date-time': 'Year-month-day and 24-hour time: YYYY-MM-DD HH:MM',
};

/** Digits of a whole entry: 8 for a date, 12 for a date and a time of day. */
const DIGITS: Readonly<Record<DateEntryKind, number>> = { date: 8, 'date-time': 12 };

/** Longest text kept as typed when it is not written year first (so its problem can be said with it in view). */
const KEPT_AS_TYPED_MAX = 32;

/**
 * Decimal digits of any script as 0-9 (Arabic-Indic ١٩٥٦, full-width １９５６ from an input method...):
 * a digit's value is its place in its run of ten (Unicode puts each script's 0-9 in a row).
 */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (c) => {
    const cp = c.codePointAt(0) ?? 0;
    let runStart = cp;
    while (/\p{Nd}/u.test(String.fromCodePoint(runStart - 1))) runStart--;
    return String((cp - runStart) % 10);
  });
}

/** A separator between the parts as typed: any dash, slash, dot, space; for a date-time also a colon and the ISO `T`. */
const DATE_SEPARATOR = /^[\p{Pd}\u2212/.\s]$/u;
const DATE_TIME_SEPARATOR = /^[\p{Pd}\u2212/.\s:Tt]$/u;

const isSeparator = (c: string, kind: DateEntryKind) => (kind === 'date' ? DATE_SEPARATOR : DATE_TIME_SEPARATOR).test(c);

/**
 * What was typed, as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`: digits of any script as 0-9, the dashes, the
 * space and the colon put in as each part begins. `previous` is the field's text before this change:
 * the text is only rearranged where it was added at the end.
 *
 * - A separator typed after a one-digit month, day, hour or minute gives it its 0 (2026-3-4 is
 *   2026-03-4; 2026-03-04 9:05 is 2026-03-04 09:05), when that separator was added at the end (typed
 *   or pasted into an empty field). An edit inside the text is kept as typed: deleting the "4" of
 *   14:15 left "1:15", which was padded to a valid 01:15 without a word (a review); now it stays
 *   "1:15" and the field says the time is not whole.
 * - A key typed at the end of a whole entry is dropped; more digits than a whole entry otherwise (a
 *   pasted "2026-11-24T00:15:00-05:00", whose offset would have been dropped) are kept as typed and
 *   said.
 * - A separator is only added before a digit that follows it, so backspace over one is never undone.
 *   `T` between the date and the time (an ISO date-time pasted) is taken as the space.
 * - Text that starts with a day or month (11/24/2026, 24.11.2026), or holds anything else but digits
 *   and separators (12:18 AM, a letter), is kept as typed, never rearranged or trimmed into another
 *   date or time: dateEntryProblem asks for the station's way of writing it. Dropping the "AM" of
 *   "12:18 AM" would have made it 12:18 instead of 00:18.
 */
export function formatDateEntryTyping(typed: string, kind: DateEntryKind, previous = ''): string {
  // Not trimmed at the end: a space typed after a one-digit day is a separator (2026-03-4 9...).
  const t = asciiDigits(typed).trimStart();
  const asTyped = t.slice(0, KEPT_AS_TYPED_MAX);
  const firstNumber = /^\d*/.exec(t)?.[0] ?? '';
  const after = t.charAt(firstNumber.length);
  const otherOrder = firstNumber.length > 0 && firstNumber.length < 4 && after !== '' && isSeparator(after, kind);
  const otherCharacter = [...t].some((c) => !/\d/.test(c) && !isSeparator(c, kind));
  if (otherOrder || otherCharacter) return asTyped;
  const before = asciiDigits(previous).trimStart();
  // Where this change added text at the end (-1: an edit inside the text).
  const addedFrom = t.startsWith(before) ? before.length : -1;
  const oneKeyAtEnd = addedFrom >= 0 && t.length === before.length + 1;
  let d = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (/\d/.test(c)) {
      if (d.length < DIGITS[kind]) d += c;
      else if (!oneKeyAtEnd) return asTyped;
      continue;
    }
    // A one-digit month or day (a 0 alone is no month or day: left to be said as not whole), hour or minute (0 is 00).
    const oneDigitPart = ((d.length === 5 || d.length === 7) && !d.endsWith('0')) || (kind === 'date-time' && (d.length === 9 || d.length === 11));
    if (!oneDigitPart) continue;
    if (addedFrom < 0 || i < addedFrom) return asTyped;
    d = `${d.slice(0, -1)}0${d.slice(-1)}`;
  }
  const part = (from: number, to: number, sep: string) => (d.length > from ? sep + d.slice(from, to) : '');
  return d.slice(0, 4) + part(4, 6, '-') + part(6, 8, '-') + part(8, 10, ' ') + part(10, 12, ':');
}

/** The form's value of a text: `YYYY-MM-DD` / `YYYY-MM-DDTHH:MM` when it names a real date (and time of day), else ''. */
export function dateEntryValue(text: string, kind: DateEntryKind): string {
  const t = text.trim();
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(t) && isIsoDate(t) ? t : '';
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(t);
  if (m === null) return '';
  const value = `${m[1]}T${m[2]}`;
  return isIsoDateTime(value) && onLocalClock(value) ? value : '';
}

/**
 * Whether a local wall-clock minute happens on this PC's clock: not in the hour skipped when the
 * clocks go forward (2026-03-08 02:30 in New York), which Date moves to 03:30 (a review: the field
 * said 02:30, the label printed 03:30). A minute that happens twice (clocks back) is the first.
 */
function onLocalClock(value: string): boolean {
  const [y, mo, d, h, mi] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10), value.slice(11, 13), value.slice(14, 16)].map(Number) as [number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  return at.getFullYear() === y && at.getMonth() === mo - 1 && at.getDate() === d && at.getHours() === h && at.getMinutes() === mi;
}

/** The text the field shows for a form's value (a date-time's `T` as the space the station writes). */
export function dateEntryText(value: string, kind: DateEntryKind): string {
  return kind === 'date-time' ? value.slice(0, 16).replace('T', ' ') : value;
}

/**
 * Whether the text is still being typed the station's way (a beginning of `YYYY-MM-DD HH:MM`): its
 * problem is said once it is whole or the field is left.
 */
export function isDateEntrySoFar(text: string, kind: DateEntryKind): boolean {
  const date = /^(\d{0,4}|\d{4}-\d{1,2}|\d{4}-\d{2}-\d{1,2})$/;
  if (kind === 'date') return date.test(text);
  return date.test(text) || /^\d{4}-\d{2}-\d{2} (\d{1,2}|\d{2}:\d{1,2})$/.test(text);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Why a whole `YYYY-MM-DD` names no day, naming it: "2026-02-30 is not a real date (February has 28 days).". */
function calendarDateProblem(date: string): string | null {
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  if (month < 1 || month > 12) return `${date} is not a real date (there is no month ${date.slice(5, 7)}: the month comes after the year).`;
  if (day < 1) return `${date} is not a real date (there is no day 00).`;
  const days = daysInMonth(year, month);
  if (day > days) {
    if (month === 2 && day === 29) return `${date} is not a real date (${date.slice(0, 4)} is not a leap year).`;
    return `${date} is not a real date (${MONTH_NAMES[month - 1]} has ${days} days).`;
  }
  return null;
}

/** Why a whole `HH:MM` is no time of day on the 24-hour clock, naming it. */
function clockTimeProblem(time: string): string | null {
  const [hour, minute] = [Number(time.slice(0, 2)), Number(time.slice(3, 5))];
  if (hour > 23) return `${time} is not a time of day (the hours go from 00 to 23: midnight is 00:00 of the next day).`;
  if (minute > 59) return `${time} is not a time of day (the minutes go from 00 to 59).`;
  return null;
}

/**
 * Why the text in a date or date-time field is not one, in words for the person typing it, naming
 * what was typed; null when it is empty (the form decides whether one is needed) or a real date
 * (and time of day). Said: a date or time that does not exist ("2026-02-30 is not a real date
 * (February has 28 days).", "24:00 is not a time of day ..."), an entry begun but not finished,
 * another order (11/24/2026: never guessed) and a 12-hour time (12:18 AM).
 */
export function dateEntryProblem(text: string, kind: DateEntryKind): string | null {
  const t = text.trim();
  if (t === '' || dateEntryValue(t, kind) !== '') return null;
  const format = DATE_ENTRY_FORMAT[kind];
  if (kind === 'date-time' && /[ap]\.?\s*m\b|[ap]\.?m\.?$/iu.test(t)) return `Type the time on the 24-hour clock (00:00 to 23:59), without AM or PM: ${format}.`;
  // A whole date that does not exist is said as soon as it is typed, also before the time.
  const date = /^(\d{4}-\d{2}-\d{2})(?: |$)/.exec(t);
  const dateProblem = date === null ? null : calendarDateProblem(date[1]!);
  if (dateProblem !== null) return dateProblem;
  const time = kind === 'date-time' ? /^\d{4}-\d{2}-\d{2} (\d{2}:\d{2})$/.exec(t) : null;
  const timeProblem = time === null ? null : clockTimeProblem(time[1]!);
  if (timeProblem !== null) return timeProblem;
  if (time !== null && isIsoDateTime(t.replace(' ', 'T'))) return `${t} does not happen on this computer's clock (the clocks went forward an hour then): type the time as the clock showed it.`;
  if (isDateEntrySoFar(t, kind)) {
    return kind === 'date'
      ? `Type the whole date, with two digits for the month and the day: ${format}.`
      : `Type the whole date and time, with two digits for the month, the day, the hour and the minute: ${format}.`;
  }
  return kind === 'date' ? `Type the date as year-month-day: ${format}.` : `Type the date and time as year-month-day and a 24-hour time: ${format}.`;
}
