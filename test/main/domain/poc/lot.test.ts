import { describe, expect, it } from 'vitest';
import { assertLotUsable, lotExpiredOn, lotLastDay } from '../../../../main/domain/poc/lot.ts';
import { FormatError } from '../../../../common/errors.ts';

describe('lot expiry', () => {
  it('a lot is usable through its printed expiry day and refused the day after', () => {
    expect(() => assertLotUsable({ number: 'L1', expires: '2026-11-22' }, '2026-11-22')).not.toThrow();
    expect(() => assertLotUsable({ number: 'L1', expires: '2026-11-22' }, '2026-11-23')).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
  });
  it('YYYY-MM means the last day of that month (leap years included)', () => {
    expect(lotLastDay('2028-02')).toBe('2028-02-29');
    expect(lotLastDay('2027-02')).toBe('2027-02-28');
    expect(() => assertLotUsable({ number: 'L2', expires: '2026-11' }, '2026-11-30')).not.toThrow();
    expect(() => assertLotUsable({ number: 'L2', expires: '2026-11' }, '2026-12-01')).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
  });
  it('one rule says whether a lot is expired on a day: the EXPIRED mark and the refusal in use agree', () => {
    for (const [expires, day, expired] of [['2026-11-22', '2026-11-22', false], ['2026-11-22', '2026-11-23', true], ['2026-11', '2026-11-30', false], ['2026-11', '2026-12-01', true], ['2028-02', '2028-02-29', false]] as const) {
      expect(lotExpiredOn(expires, day), `${expires} on ${day}`).toBe(expired);
      const use = () => assertLotUsable({ number: 'L3', expires }, day);
      if (expired) expect(use).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
      else expect(use).not.toThrow();
    }
    expect(() => assertLotUsable({ number: 'L3', expires: '2026-11' }, '2026-12-01')).toThrow('Lot L3 expired on 2026-11-30; this test was run after that day. Use an unexpired lot.');
    expect(() => lotExpiredOn('2026-11', '2026-12-32')).toThrow(FormatError);
  });
  it('malformed dates are format errors', () => {
    expect(() => lotLastDay('2026-13-01')).toThrow(FormatError);
    expect(() => lotLastDay('2026-02-30')).toThrow(FormatError);
    expect(() => assertLotUsable({ number: '', expires: '2030-01' }, '2026-01-01')).toThrow(FormatError);
  });
});
