import { daysInMonth, isIsoDate, isIsoMonth } from '../../../common/calendar.ts';
import { FormatError } from '../../../common/errors.ts';
import { PocRuleError } from './errors.ts';

export interface Lot {
  readonly number: string;
  /** Printed expiry: `YYYY-MM-DD`, or `YYYY-MM` meaning the last day of that month (kit labels use both). */
  readonly expires: string;
}

/** Last usable day of the lot as `YYYY-MM-DD`. A day or month that does not exist is refused. */
export function lotLastDay(expires: string): string {
  if (isIsoDate(expires)) return expires;
  if (!isIsoMonth(expires)) throw new FormatError('lot expiry must be a real date, YYYY-MM-DD or YYYY-MM');
  const year = Number(expires.slice(0, 4));
  const month = Number(expires.slice(5, 7));
  return `${expires}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/**
 * Whether a lot is past its expiry on `day` (the local calendar day, `YYYY-MM-DD`): a lot is
 * usable through the whole of its printed expiry day. The one expiry rule: the use of a lot
 * (assertLotUsable) and the lot lists' EXPIRED mark both read it.
 */
export function lotExpiredOn(expires: string, day: string): boolean {
  if (!isIsoDate(day)) throw new FormatError('day must be a real YYYY-MM-DD date');
  return day > lotLastDay(expires);
}

/**
 * Refuses a lot used after its expiry date. `testDay` is the local calendar day of the test
 * (`YYYY-MM-DD`), not the day it is entered: a meter reading taken before the lot expired stays
 * valid when it is downloaded later.
 */
export function assertLotUsable(lot: Lot, testDay: string): void {
  if (!isIsoDate(testDay)) throw new FormatError('test day must be a real YYYY-MM-DD date');
  if (lot.number.trim() === '') throw new FormatError('lot number is empty');
  if (lotExpiredOn(lot.expires, testDay)) throw new PocRuleError('poc-lot-expired', `Lot ${lot.number} expired on ${lotLastDay(lot.expires)}; this test was run after that day. Use an unexpired lot.`);
}
