import { afterEach, describe, expect, it } from 'vitest';
import { localTime } from '../../../renderer/format/time.ts';

const savedTz = process.env['TZ'];
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

describe('localTime', () => {
  it('shows the local wall-clock time with its zone, so a time on screen is never ambiguous', () => {
    process.env['TZ'] = 'America/New_York';
    expect(localTime('2026-01-05T14:00:00.000Z')).toMatch(/01\/05\/2026.*09:00:00.*EST/);
    expect(localTime(Date.UTC(2026, 6, 5, 14, 0, 0))).toMatch(/07\/05\/2026.*10:00:00.*EDT/);
    process.env['TZ'] = 'UTC';
    expect(localTime('2026-01-05T14:00:00.000Z')).toMatch(/02:00:00 PM UTC/);
  });
});
