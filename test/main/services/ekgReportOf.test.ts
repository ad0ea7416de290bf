import { expect, it } from 'vitest';
import type { CaptureBuilder } from '../../../main/devices/cart/capture.ts';
import { captureToNewCapture } from '../../../main/devices/cart/storeCapture.ts';
import { filterText } from '../../../main/services/ekgReportOf.ts';
import type { FilterSettings } from '../../../main/ekg/filters/index.ts';
import { cartCapture, PLAIN_INTERPRETATION } from '../../helpers/cartCapture.ts';

/** The settings a cart capture is stored with: 100 samples expected, `received` of them from sample 1 on (sample 0 a gap). */
function storedSettings(received: number, filterSettings: FilterSettings, seal: (b: CaptureBuilder) => ReturnType<CaptureBuilder['seal']>): string {
  return captureToNewCapture(seal(cartCapture({ expected: 100, received, filterSettings })), { patientId: null, interpretation: PLAIN_INTERPRETATION }).filterSettings;
}

it('prints a cart capture\'s filter, gaps and a capture cut short for people; a line of text as it is', () => {
  expect(filterText(storedSettings(100, { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 }, (b) => b.seal(true)))).toBe('0.05-150 Hz, 60 Hz notch, 1 gap(s) not filled');
  expect(filterText(storedSettings(40, { highPassHz: 0.5, mainsHz: null, lowPassHz: 40 }, (b) => b.seal(false, 'cart lost')))).toBe('0.5-40 Hz, no mains notch, 1 gap(s) not filled, INCOMPLETE capture');
  // Parts that do not read are said so; a capture cut short is never printed as complete.
  expect(filterText('{"display":"0.05-150","capture":{"complete":false,"gaps":7}}')).toBe('filter not recorded, gaps not recorded, INCOMPLETE capture');
  expect(filterText('0.05-150 Hz (demo)')).toBe('0.05-150 Hz (demo)');
});

it('says when the measurements went through a notch the station was not set to: mains hum heard in the recording', () => {
  const capture = (analysisFilters?: Parameters<typeof captureToNewCapture>[1]['analysisFilters']) =>
    captureToNewCapture(cartCapture({ expected: 100, received: 100, filterSettings: { highPassHz: 0.05, mainsHz: null, lowPassHz: 150 } }).seal(true), { patientId: null, interpretation: PLAIN_INTERPRETATION, analysisFilters }).filterSettings;
  const heard = capture({ highPassHz: 0.05, lowPassHz: 150, mainsNotchHz: 60, mainsNotchHeard: true });
  expect(filterText(heard)).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled; measured through a 60 Hz notch (mains hum in the recording)');
  // None heard, and captures stored before the analysis filters were kept: the line as before.
  expect(filterText(capture({ highPassHz: 0.05, lowPassHz: 150, mainsNotchHz: null, mainsNotchHeard: false }))).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled');
  expect(filterText(capture())).toBe('0.05-150 Hz, no mains notch, 1 gap(s) not filled');
});
