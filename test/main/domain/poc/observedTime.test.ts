import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../../common/errors.ts';
import { assertObservationTime, observedAtMs } from '../../../../main/domain/poc/observedTime.ts';

describe('observation time', () => {
  it('reads a local time in the station zone and an offset as given', () => {
    expect(observedAtMs('2026-11-22T08:30')).toBe(new Date(2026, 10, 22, 8, 30).getTime());
    expect(observedAtMs('2026-11-22T08:30:00-05:00')).toBe(Date.UTC(2026, 10, 22, 13, 30));
  });

  it('refuses a date or time that does not exist (Date.parse would move it to another day)', () => {
    for (const t of ['2026-11-31T07:30', '2026-02-30T24:00', '2026-11-22T24:00', '2026-11-22T07:60', '2026-02-29T08:00', '2026-11-22', 'yesterday']) {
      expect(() => observedAtMs(t), t).toThrow(FormatError);
    }
  });

  it('refuses an impossible date of birth instead of comparing it as text', () => {
    const now = new Date(2026, 10, 22, 9, 0).getTime();
    expect(() => assertObservationTime('2026-11-22T08:30', '2000-13-45', now)).toThrow(FormatError);
    expect(() => assertObservationTime('2026-11-22T08:30', '1999-02-29', now)).toThrow(FormatError);
    expect(() => assertObservationTime('2026-11-22T08:30', '1970-05-01', now)).not.toThrow();
    expect(() => assertObservationTime('2026-11-22T08:30', '2026-11-23', now)).toThrow(expect.objectContaining({ code: 'poc-before-birth' }));
  });

  it('refuses a time more than 5 min ahead of the clock, saying what to check (a wrong meter clock or a typo)', () => {
    const now = new Date(2026, 10, 22, 9, 0).getTime();
    expect(() => assertObservationTime('2026-11-22T09:05', '1970-05-01', now)).not.toThrow();
    expect(() => assertObservationTime('2026-11-22T09:06', '1970-05-01', now)).toThrow(
      expect.objectContaining({ code: 'poc-future-time', message: "The time of this test is in the future (more than 5 minutes after the station's clock): check the time typed or the meter's clock, then try again." }),
    );
  });
});
