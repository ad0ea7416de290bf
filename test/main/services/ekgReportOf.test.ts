import { expect, it } from 'vitest';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { CaptureBuilder } from '../../../main/devices/cart/capture.ts';
import { captureToNewCapture } from '../../../main/devices/cart/storeCapture.ts';
import { filterText } from '../../../main/services/ekgReportOf.ts';
import type { FilterSettings } from '../../../main/ekg/filters/index.ts';

const interpretation: EkgInterpretation = {
  measurements: { heartRateBpm: 60, prMs: 150, qrsMs: 90, qtMs: 400, qtcMs: 400, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 400, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 990, maxRrMs: 1010 },
  flags: [],
};

/** The settings a cart capture is stored with: 100 samples expected, `received` of them from sample 1 on (sample 0 a gap). */
function storedSettings(received: number, filterSettings: FilterSettings, seal: (b: CaptureBuilder) => ReturnType<CaptureBuilder['seal']>): string {
  const b = new CaptureBuilder(0, 100, {
    trigger: 'manual',
    startedAtUtc: '2026-01-01T00:00:00.000Z',
    device: { model: 'CART', serial: 'C-1', firmware: '1', supportedRatesHz: [500], resolutionNvPerLsb: 1000, address: 'serial:/dev/x' },
    simulated: false,
    fsHz: 500,
    resolutionNvPerLsb: 1000,
    filterSettings,
  });
  for (let i = 1; i < received; i++) b.put(i, new Int32Array(8), 0);
  return captureToNewCapture(seal(b), { patientId: null, interpretation }).filterSettings;
}

it('prints a cart capture\'s filter, gaps and a capture cut short for people; a line of text as it is', () => {
  expect(filterText(storedSettings(100, { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 }, (b) => b.seal(true)))).toBe('0.05-150 Hz, 60 Hz notch, 1 gap(s) not filled');
  expect(filterText(storedSettings(40, { highPassHz: 0.5, mainsHz: null, lowPassHz: 40 }, (b) => b.seal(false, 'cart lost')))).toBe('0.5-40 Hz, no mains notch, 1 gap(s) not filled, INCOMPLETE capture');
  // Parts that do not read are said so; a capture cut short is never printed as complete.
  expect(filterText('{"display":"0.05-150","capture":{"complete":false,"gaps":7}}')).toBe('filter not recorded, gaps not recorded, INCOMPLETE capture');
  expect(filterText('0.05-150 Hz (demo)')).toBe('0.05-150 Hz (demo)');
});
