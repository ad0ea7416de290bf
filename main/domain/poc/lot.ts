import { FormatError } from '../../../common/errors.ts';
import { PocRuleError } from './errors.ts';

export interface Lot {
  readonly number: string;
  /** Printed expiry: `YYYY-MM-DD`, or `YYYY-MM` meaning the last day of that month (kit labels use both). */
  readonly expires: string;
}

const DATE_RE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** Last usable day of the lot as `YYYY-MM-DD`. */
export function lotLastDay(expires: string): string {
  const m = DATE_RE.exec(expires);
  if (!m) throw new FormatError('lot expiry must be YYYY-MM-DD or YYYY-MM');
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new FormatError('lot expiry month out of range');
  // Day 0 of the next month is the last day of this one (UTC arithmetic: dates only, no zone).
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] === undefined ? daysInMonth : Number(m[3]);
  if (day < 1 || day > daysInMonth) throw new FormatError('lot expiry day out of range');
  return `${m[1]}-${m[2]}-${String(day).padStart(2, '0')}`;
}

/**
 * Refuses a lot used after its expiry date. `testDay` is the local calendar day of the test
 * (`YYYY-MM-DD`): a lot is usable through the whole of its printed expiry day.
 */
export function assertLotUsable(lot: Lot, testDay: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(testDay)) throw new FormatError('test day must be YYYY-MM-DD');
  if (lot.number.trim() === '') throw new FormatError('lot number is empty');
  if (testDay > lotLastDay(lot.expires)) throw new PocRuleError('poc-lot-expired', `lot ${lot.number} expired on ${lotLastDay(lot.expires)}`);
}
