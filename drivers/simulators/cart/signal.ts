import { FormatError } from '../../../common/errors.ts';
import { invalidSampleValue, type WfdbRecord } from '../../../main/ekg/wfdb/types.ts';
import { INT24_MAX } from '../../protocols/cart/messages.ts';
import { CART_CHANNELS } from '../../protocols/cart/types.ts';

/** ADS1298 at PGA gain 6 with a 2.4 V reference: 2.4 V / 6 / 2^23 = 47.6837158203125 nV per count. */
export const SIM_RESOLUTION_NV_PER_LSB = (2.4e9 / 6) / 2 ** 23;

/** The 8 acquired channels of a record, as the cart's counts, sample-major (8 per instant). */
export interface CartSignal {
  readonly fsHz: number;
  readonly samples: number;
  readonly counts: Int32Array;
}

/**
 * The record as a cart acquires it: its I, II, V1..V6 in that order (III, aVR, aVL, aVF are derived
 * from I and II downstream). Refuses a record without them.
 */
export function cartChannelsOf(record: WfdbRecord): WfdbRecord {
  const signals = CART_CHANNELS.map((name) => {
    const s = record.signals.find((sig) => sig.name.toUpperCase() === name);
    if (!s) throw new FormatError(`record has no lead ${name} (needs I, II, V1..V6)`);
    if ((s.samplesPerFrame ?? 1) !== 1) throw new FormatError(`lead ${name} has several samples per frame`);
    if (!/^mV$/i.test(s.units) && s.units !== '') throw new FormatError(`lead ${name} is in ${s.units}, not mV`);
    return s;
  });
  // Read notices number the source's signals, not these: they stay with the source record.
  return { name: record.name, fsHz: record.fsHz, samples: record.samples, signals, comments: record.comments };
}

/**
 * Converts a record's I, II, V1..V6 to cart counts: physical mV = (digital - baseline) / gain,
 * counts = round(mV * 1e6 / resolutionNv). Rounding error <= resolution/2 (24 nV), far below
 * any ECG record's own resolution (e.g. LUDB 1/1716 mV = 583 nV), so the source's digital
 * values are recoverable exactly. Missing source samples are refused, not invented.
 */
export function recordToCartSignal(record: WfdbRecord, resolutionNvPerLsb = SIM_RESOLUTION_NV_PER_LSB): CartSignal {
  const sources = cartChannelsOf(record).signals;
  const n = record.samples;
  const counts = new Int32Array(n * CART_CHANNELS.length);
  sources.forEach((s, ch) => {
    const invalid = invalidSampleValue(s.format);
    const perCount = 1e6 / resolutionNvPerLsb / s.adcGain;
    for (let i = 0; i < n; i++) {
      const d = s.digital[i]!;
      if (d === invalid) throw new FormatError(`lead ${CART_CHANNELS[ch]} has missing samples`);
      const c = Math.round((d - s.baseline) * perCount);
      // A real front end saturates at its rails.
      counts[i * CART_CHANNELS.length + ch] = Math.max(-INT24_MAX, Math.min(INT24_MAX, c));
    }
  });
  return { fsHz: record.fsHz, samples: n, counts };
}
