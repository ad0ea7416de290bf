import { isBeforeBirth, isIsoDate, isoCalendarMs, parseIsoCalendar } from '../../../common/calendar.ts';
import { FormatError } from '../../../common/errors.ts';
import { PocRuleError } from './errors.ts';

/** Clock skew allowed between a device or the assistant and the station. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * ISO date-time to epoch ms; a local time without offset is read in the station's zone (devices
 * send none). A date or time that does not exist (2026-11-31, 24:00) is refused, never rolled over
 * into the next day or month.
 */
export function observedAtMs(observedAt: string): number {
  const c = parseIsoCalendar(observedAt);
  if (c?.time === undefined) throw new FormatError('observation time is not a real ISO 8601 date and time');
  return isoCalendarMs(c, 'local');
}

/**
 * Refuses an observation time no real result can have: later than now (beyond clock skew), or
 * before the patient was born (isBeforeBirth, the rule labels use too). A date of birth in the
 * future is refused through the same rule, since any observation up to now lies before it.
 */
export function assertObservationTime(observedAt: string, birthDate: string, nowMs: number): void {
  if (!isIsoDate(birthDate)) throw new FormatError('date of birth is not a real YYYY-MM-DD date');
  if (observedAtMs(observedAt) > nowMs + FUTURE_TOLERANCE_MS) throw new PocRuleError('poc-future-time', "The time of this test is in the future (more than 5 minutes after the station's clock): check the time typed or the meter's clock, then try again.");
  if (isBeforeBirth(observedAt, birthDate)) throw new PocRuleError('poc-before-birth', "the observation time is before the patient's date of birth");
}
