import fc from 'fast-check';
import { expect, it } from 'vitest';
import { STOPPED_BY_OPERATOR } from '../../../../common/ekg/captureCompleteness.ts';
import { captureToNewCapture } from '../../../../main/devices/cart/storeCapture.ts';
import { parseStoredSettings } from '../../../../main/devices/cart/storedSettings.ts';
import type { FilterSettings } from '../../../../main/ekg/filters/index.ts';
import { cartCapture, PLAIN_INTERPRETATION } from '../../../helpers/cartCapture.ts';

const interpretation = PLAIN_INTERPRETATION;

/** A capture of `expected` samples of which 1..received-1 arrived (sample 0 is a gap), the RA electrode off for the last 10. */
const builder = (expected: number, received: number, filterSettings: FilterSettings = { highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }) =>
  cartCapture({ expected, received, filterSettings, trigger: 'auto', leadOffLast: 10 });

it('reads back what a stored cart capture says of itself: display filter, completeness and why, gaps, lead-off', () => {
  const cut = captureToNewCapture(builder(5000, 3100).seal(false, STOPPED_BY_OPERATOR), { patientId: null, interpretation });
  expect(parseStoredSettings(cut.filterSettings)).toEqual({
    display: { highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 },
    // Stored without the analysis's filters (as every capture before session 14): not recorded.
    analysis: null,
    capture: {
      trigger: 'auto',
      startedAtUtc: '2026-01-01T00:00:00.000Z',
      complete: false,
      incompleteReason: STOPPED_BY_OPERATOR,
      gaps: [{ start: 0, end: 1 }],
      leadOff: [{ electrode: 'RA', start: 3090, end: 3100 }],
    },
  });
  const full = parseStoredSettings(captureToNewCapture(builder(200, 200).seal(true), { patientId: null, interpretation }).filterSettings);
  expect(full?.capture).toMatchObject({ complete: true, gaps: [{ start: 0, end: 1 }] });
  expect(full?.capture).not.toHaveProperty('incompleteReason');
  // No notch configured: stored as null, read as null.
  const noNotch = parseStoredSettings(captureToNewCapture(builder(10, 10, { highPassHz: 0.5, mainsHz: null, lowPassHz: null }).seal(true), { patientId: null, interpretation }).filterSettings);
  expect(noNotch?.display).toEqual({ highPassHz: 0.5, mainsHz: null, lowPassHz: null });
});

it('settings of EKGs from files and the demo (a line of text) and anything not a cart capture\'s are not read as one', () => {
  for (const text of ['0.05-150 Hz (demo)', '0.05-150 Hz, 60 Hz notch', '', 'null', '42', '"0.05-150 Hz"', '{}', '{"display":{}}', '{"capture":{"complete":"no"}}']) {
    expect(parseStoredSettings(text), text).toBeNull();
  }
});

it('reads a capture that says it is incomplete as incomplete, whatever else of it does not read (fails closed)', () => {
  // A display filter of another shape hid "complete: false" with the whole row: no mark on the
  // worklist, no capture note, the report's filter line in raw JSON.
  for (const text of ['{"capture":{"complete":false}}', '{"display":{"highPassHz":"0.05"},"capture":{"complete":false,"incompleteReason":"cart lost","gaps":"?"}}']) {
    const s = parseStoredSettings(text);
    expect(s?.capture.complete, text).toBe(false);
    expect(s?.display, text).toBeNull();
    expect(s?.capture.gaps, text).toBeNull();
  }
  expect(parseStoredSettings('{"capture":{"complete":false,"incompleteReason":"cart lost"}}')?.capture.incompleteReason).toBe('cart lost');
});

it('never throws, whatever the text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
      const s = parseStoredSettings(text);
      expect(s === null || typeof s.capture.complete === 'boolean').toBe(true);
    }),
    { numRuns: 500 },
  );
});
