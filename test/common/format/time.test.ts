import { afterEach, describe, expect, it } from 'vitest';
import { clockTime, localTime } from '../../../common/format/time.ts';

const savedTz = process.env['TZ'];
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

describe('localTime', () => {
  it('shows the local wall-clock time with its zone, so a time on screen is never ambiguous', () => {
    process.env['TZ'] = 'America/New_York';
    expect(localTime('2026-01-05T14:00:00.000Z')).toBe('2026-01-05 09:00:00 EST');
    expect(localTime(Date.UTC(2026, 6, 5, 14, 0, 0))).toBe('2026-07-05 10:00:00 EDT');
    process.env['TZ'] = 'UTC';
    expect(localTime('2026-01-05T14:00:00.000Z')).toBe('2026-01-05 14:00:00 UTC');
  });

  it('writes the date as the station writes every date (YYYY-MM-DD) and the time on a 24-hour clock', () => {
    process.env['TZ'] = 'UTC';
    expect(localTime('2026-11-24T00:05:09.000Z')).toBe('2026-11-24 00:05:09 UTC');
    expect(localTime('2026-11-24T23:59:59.000Z')).toBe('2026-11-24 23:59:59 UTC');
    expect(clockTime('2026-11-24T00:05:09.000Z')).toBe('00:05:09');
    expect(clockTime('2026-11-24T13:05:09.000Z')).toBe('13:05:09');
  });
});
