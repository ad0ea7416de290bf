import type { WfdbRecord } from '../../ekg/wfdb/types.ts';
import { invalidSampleValue } from '../../ekg/wfdb/types.ts';
import type { CartCapture } from './capture.ts';
import { channelsAffected } from '../../../drivers/protocols/cart/leadOff.ts';

/** The header comment that marks a record from a SIMULATED cart: `station analyze` shows it as SIMULATED. */
export const SIMULATED_RECORD_COMMENT = 'SIMULATED device: not patient data';

/** True when the record's header carries the SIMULATED mark this module writes. */
export const isSimulatedRecord = (record: Pick<WfdbRecord, 'comments'>): boolean => record.comments.includes(SIMULATED_RECORD_COMMENT);

/** WFDB format 32: the cart's 24-bit counts fit, and its invalid-sample value cannot be a count. */
const FORMAT = 32;

/**
 * A capture as a WFDB record: leads I, II, V1..V6 in the cart's own counts (gain = 1e6 /
 * resolution counts per mV, baseline 0), so every measured sample is kept exactly. Missing samples are written
 * as WFDB's invalid-sample value, never filled in; so are the samples of the leads an electrode
 * the cart reports off ruins (channelsAffected: RA, LA or LL takes every V lead with it through
 * Wilson's terminal): the cart sends its rail there, a sentinel, not a measurement, and read as
 * signal 3 s of RA off made a 10-s capture "too noisy to analyse" (a UI tester's finding). The
 * header's lead_off lines keep which electrode and when.
 */
export function captureToWfdb(capture: CartCapture, name: string): WfdbRecord {
  const invalid = invalidSampleValue(FORMAT)!;
  const adcGain = 1e6 / capture.resolutionNvPerLsb;
  const comments = [
    ...(capture.simulated ? [SIMULATED_RECORD_COMMENT] : []),
    `device: ${capture.device.model} serial ${capture.device.serial} firmware ${capture.device.firmware} at ${capture.device.address}`,
    `resolution_nV_per_LSB: ${capture.resolutionNvPerLsb}`,
    `captured_at_utc: ${capture.startedAtUtc} (${capture.trigger})`,
    `complete: ${capture.complete}${capture.incompleteReason ? ` (${capture.incompleteReason})` : ''}`,
    `gaps: ${capture.gaps.map((g) => `${g.start}-${g.end}`).join(' ') || 'none'}`,
    ...capture.leadOffIntervals.map((l) => `lead_off: ${l.electrode} ${l.start}-${l.end}`),
  ];
  return {
    name,
    fsHz: capture.fsHz,
    samples: capture.samples,
    comments,
    signals: capture.channels.map((lead, ch) => {
      const digital = capture.counts[ch]!.slice();
      const bit = 1 << ch;
      for (let i = 0; i < digital.length; i++) if (!capture.valid[i] || (channelsAffected(capture.leadOff[i]!) & bit) !== 0) digital[i] = invalid;
      return { name: lead, units: 'mV', adcGain, baseline: 0, adcResolutionBits: 24, format: FORMAT, digital };
    }),
  };
}
