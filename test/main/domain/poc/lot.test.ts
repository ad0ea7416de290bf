import { describe, expect, it } from 'vitest';
import { assertLotUsable, lotLastDay } from '../../../../main/domain/poc/lot.ts';
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
  it('malformed dates are format errors', () => {
    expect(() => lotLastDay('2026-13-01')).toThrow(FormatError);
    expect(() => lotLastDay('2026-02-30')).toThrow(FormatError);
    expect(() => assertLotUsable({ number: '', expires: '2030-01' }, '2026-01-01')).toThrow(FormatError);
  });
});
