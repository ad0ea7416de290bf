// An electrode off for part of a capture: its leads' samples are the cart's rail, not signal.
import { describe, expect, it } from 'vitest';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB } from '../../../../drivers/simulators/cart/signal.ts';
import { CaptureBuilder } from '../../../../main/devices/cart/capture.ts';
import { captureToWfdb } from '../../../../main/devices/cart/wfdbExport.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';
import { interpretForReview } from '../../../../main/services/ekgAnalysis.ts';

const INT24_MAX = 0x7fffff;
/** ElectrodeMask bits: RA = 0, LA = 1, LL = 2, RL = 3, V1..V6 = 4..9 (drivers/protocols/cart/leadOff.ts). */
const RA = 1 << 0;
const V2 = 1 << 5;

async function captureWithElectrodeOff(mask: number, fromS: number, toS: number) {
  const signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
  const device = { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, address: 'serial:/dev/x' };
  const b = new CaptureBuilder(0, signal.samples, { trigger: 'manual', startedAtUtc: '2026-11-22T09:15:00.000Z', simulated: true, fsHz: 500, resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, filterSettings: { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 }, device });
  // What the cart sends while the electrode is off (drivers/simulators/cart/engine.ts): its channels at the rail.
  const ruined = mask === RA ? 0xff : 0x08;
  for (let i = 0; i < signal.samples; i++) {
    const counts = signal.counts.slice(i * 8, i * 8 + 8);
    const off = i >= fromS * 500 && i < toS * 500;
    if (off) for (let ch = 0; ch < 8; ch++) if (ruined & (1 << ch)) counts[ch] = INT24_MAX;
    b.put(i, counts, off ? mask : 0);
  }
  return b.seal(true);
}

describe('an electrode off during a capture', () => {
  it('is not read as signal: RA off for 3 s leaves 7 s to analyse, not a "too noisy" tracing', async () => {
    const capture = await captureWithElectrodeOff(RA, 4, 7);
    const rec = captureToWfdb(capture, 'x');
    // Every channel RA ruins (I, II and the V leads through Wilson's terminal) is missing there, never the rail.
    for (const s of rec.signals) expect(s.digital.slice(2000, 3500).every((v) => v === -2147483648)).toBe(true);
    expect(rec.signals[0]!.digital[1999]).not.toBe(-2147483648);
    const { interpretation } = interpretForReview(rec, 60, null, Date.parse('2026-11-22T09:15:00Z'));
    expect(interpretation.flags.map((f) => f.code)).not.toContain('POOR_SIGNAL');
    expect(interpretation.measurements.heartRateBpm).not.toBeNull();
  });

  it('an off chest electrode takes out its own lead only', async () => {
    const rec = captureToWfdb(await captureWithElectrodeOff(V2, 4, 7), 'x');
    const missing = rec.signals.map((s) => s.digital.slice(2000, 3500).every((v) => v === -2147483648));
    expect(missing).toEqual([false, false, false, true, false, false, false, false]);
  });
});
