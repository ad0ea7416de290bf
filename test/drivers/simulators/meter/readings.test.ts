// The simulated meters' readings are never stamped later than the clock the station reads them by.
import { describe, expect, it } from 'vitest';
import { readingDay, simReadings } from '../../../../drivers/simulators/meter/readings.ts';

const stampMs = (r: ReturnType<typeof simReadings>[number]) => new Date(r.at.y, r.at.mo - 1, r.at.d, r.at.h, r.at.mi).getTime();

describe('simulated meter readings', () => {
  it('are all in the past whatever the time of day the simulator starts (yesterday before 08:30)', () => {
    for (const [h, mi] of [[0, 9], [7, 59], [8, 29], [8, 30], [12, 0], [23, 59]] as const) {
      const now = new Date(2026, 10, 23, h, mi);
      for (const protocol of ['astm', 'onetouch'] as const) {
        const readings = simReadings(readingDay(now), protocol);
        for (const r of readings) expect(stampMs(r)).toBeLessThanOrEqual(now.getTime());
        // Within the last day and a half: "this morning" or "yesterday morning".
        expect(now.getTime() - Math.min(...readings.map(stampMs))).toBeLessThan(36 * 3600_000);
      }
    }
    expect(readingDay(new Date(2026, 10, 23, 0, 9)).getDate()).toBe(22);
    expect(readingDay(new Date(2026, 10, 23, 8, 30)).getDate()).toBe(23);
    // Across a month boundary.
    expect(readingDay(new Date(2026, 11, 1, 6, 0)).getMonth()).toBe(10);
  });
});
