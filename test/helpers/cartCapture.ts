// A cart capture built in memory (no port), for tests of what is stored of one.
import type { EkgInterpretation } from '../../main/domain/ekg-flags/summary.ts';
import { CaptureBuilder } from '../../main/devices/cart/capture.ts';
import type { FilterSettings } from '../../main/ekg/filters/index.ts';

/** An interpretation with no flag, for captures whose analysis is not under test. */
export const PLAIN_INTERPRETATION: EkgInterpretation = {
  measurements: { heartRateBpm: 60, prMs: 150, qrsMs: 90, qtMs: 400, qtcMs: 400, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 400, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 990, maxRrMs: 1010 },
  flags: [],
};

/**
 * A 500 Hz capture of `expected` samples of which 1..received-1 arrive (sample 0 is a gap), zero
 * counts; `leadOffLast` samples before the last with the RA electrode off.
 */
export function cartCapture(o: { expected: number; received: number; filterSettings: FilterSettings; trigger?: 'manual' | 'auto'; leadOffLast?: number }): CaptureBuilder {
  const b = new CaptureBuilder(0, o.expected, {
    trigger: o.trigger ?? 'manual',
    startedAtUtc: '2026-01-01T00:00:00.000Z',
    device: { model: 'CART', serial: 'C-1', firmware: '1', supportedRatesHz: [500], resolutionNvPerLsb: 1000, address: 'serial:/dev/x' },
    simulated: false,
    fsHz: 500,
    resolutionNvPerLsb: 1000,
    filterSettings: o.filterSettings,
  });
  const leadOffFrom = o.received - (o.leadOffLast ?? 0);
  for (let i = 1; i < o.received; i++) b.put(i, new Int32Array(8), i >= leadOffFrom ? 1 : 0);
  return b;
}
