import { FormatError } from '../../../common/errors.ts';
import { PocRuleError } from './errors.ts';

/** Clock skew allowed between a device or the assistant and the station. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** ISO date-time to epoch ms; a local time without offset is read in the station's zone (devices send none). */
export function observedAtMs(observedAt: string): number {
  const ms = Date.parse(observedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(observedAt) || !Number.isFinite(ms)) throw new FormatError('observation time is not an ISO 8601 date and time');
  return ms;
}

/**
 * Refuses an observation time no real result can have: later than now (beyond clock skew), or
 * before the patient was born. The calendar day is compared as written (the device's local day),
 * like the date of birth. A date of birth in the future is refused through the same rule, since
 * any observation up to now lies before it.
 */
export function assertObservationTime(observedAt: string, birthDate: string, nowMs: number): void {
  if (observedAtMs(observedAt) > nowMs + FUTURE_TOLERANCE_MS) throw new PocRuleError('poc-future-time', 'the observation time is in the future');
  if (observedAt.slice(0, 10) < birthDate) throw new PocRuleError('poc-before-birth', "the observation time is before the patient's date of birth");
}
