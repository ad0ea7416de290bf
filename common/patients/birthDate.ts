import { daysInMonth, isIsoDate } from '../calendar.ts';

/**
 * Oldest age taken as a person's: an older date of birth is a typo (1890 for 1990) or a
 * placeholder, not a patient. The EKG analysis reads ages in file headers with the same limit
 * (main/domain/ekg-flags/patient.ts).
 */
export const MAX_PATIENT_AGE_YEARS = 130;

/** The station's local calendar day of a moment, `YYYY-MM-DD`: a date of birth is a local date, not a UTC one. */
export function localIsoDate(atMs: number): string {
  const d = new Date(atMs);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The earliest date of birth accepted on `todayIso` (`YYYY-MM-DD`): someone exactly MAX_PATIENT_AGE_YEARS old. */
export function earliestBirthDate(todayIso: string): string {
  return `${String(Number(todayIso.slice(0, 4)) - MAX_PATIENT_AGE_YEARS).padStart(4, '0')}${todayIso.slice(4)}`;
}

/**
 * Why a new patient's date of birth is refused, in words for the person typing it, or null when it
 * is accepted: a real `YYYY-MM-DD` date, not after today, and not more than MAX_PATIENT_AGE_YEARS
 * before it. The one rule for main (which enforces it) and the new-patient form (which says it
 * before saving). ISO dates compare as text, so no time zone arithmetic is involved.
 */
export function birthDateProblem(birthDate: string, todayIso: string): string | null {
  if (!isIsoDate(birthDate)) return 'Date of birth must be a real date (YYYY-MM-DD).';
  if (birthDate > todayIso) return 'Date of birth cannot be in the future.';
  if (birthDate < earliestBirthDate(todayIso)) return `Date of birth cannot be more than ${MAX_PATIENT_AGE_YEARS} years ago: check the year.`;
  return null;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * Why the text typed in a date-of-birth field is not an accepted date of birth, naming what was
 * typed, or null when it is empty (the form says "Enter the date of birth.") or accepted. For the
 * form's own words on Save and under the field, where the operator sees that text anyway: main's
 * errors use birthDateProblem, which names no date (messages carry no patient data). A real date
 * is judged by birthDateProblem; otherwise: "1957-02-29 is not a real date (1957 is not a leap
 * year).", a date begun but not finished ("1956-03-4"), or another order ("03/04/1956": 3 April
 * or March 4, never guessed).
 */
export function typedBirthDateProblem(text: string, todayIso: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (parts === null) {
    if (/^\d{1,4}(-\d{0,2}(-\d{0,2})?)?$/.test(t)) return 'Type the whole date of birth, with two digits for the month and the day: YYYY-MM-DD.';
    return 'Type the date of birth as year-month-day: YYYY-MM-DD.';
  }
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (month < 1 || month > 12) return `${t} is not a real date (there is no month ${parts[2]}: the month comes after the year).`;
  const days = daysInMonth(year, month);
  if (day < 1) return `${t} is not a real date (there is no day 00).`;
  if (day > days) {
    if (month === 2 && day === 29) return `${t} is not a real date (${parts[1]} is not a leap year).`;
    return `${t} is not a real date (${MONTH_NAMES[month - 1]} has ${days} days).`;
  }
  return birthDateProblem(t, todayIso);
}
