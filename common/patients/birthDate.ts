import { isIsoDate } from '../calendar.ts';

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
