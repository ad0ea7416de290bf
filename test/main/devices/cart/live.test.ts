// The live path (display filters, R peaks, heart rate) when the link loses frames: the frames stay
// missing on screen, and the trace and the heart rate go on as if they had come.
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecord } from '../../../../main/io/wfdb.ts';
import { LivePipeline } from '../../../../main/devices/cart/live.ts';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB, type CartSignal } from '../../../../drivers/simulators/cart/signal.ts';
import { CART_CHANNEL_COUNT } from '../../../../drivers/protocols/cart/types.ts';

const FILTER = { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 } as const;
let signal: CartSignal;

beforeAll(async () => {
  signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
});

/** Streams the signal in 20-sample blocks, skipping the lost samples (as the driver does); the blocks and the last heart rate. */
function stream(lost: ReadonlySet<number>): { ii: Float32Array; heartRateBpm: number | null; live: LivePipeline } {
  const live = new LivePipeline(signal.fsHz, SIM_RESOLUTION_NV_PER_LSB, FILTER);
  const ii = new Float32Array(signal.samples).fill(Number.NaN);
  let heartRateBpm: number | null = null;
  for (let k = 0; k < signal.samples; k++) {
    if (!lost.has(k)) live.pushSample(k, signal.counts.subarray(k * CART_CHANNEL_COUNT, (k + 1) * CART_CHANNEL_COUNT), 0);
    if (k % 20 === 19) {
      const out = live.flush();
      for (const b of out.blocks) ii.set(b.leads[1]!, b.startSample);
      heartRateBpm = out.heartRateBpm;
    }
  }
  return { ii, heartRateBpm, live };
}

describe('LivePipeline with frames lost on the link', () => {
  it('shows the lost samples as missing, the rest as without the loss, and keeps the heart rate', () => {
    // About one frame in a hundred lost, never the first or last: single samples, at times two in a row.
    const lost = new Set<number>();
    let seed = 7;
    for (let k = 1; k < signal.samples - 40; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      if (seed / 2 ** 31 < 0.01) lost.add(k);
    }
    expect(lost.size).toBeGreaterThan(30);
    const whole = stream(new Set());
    const gappy = stream(lost);
    // LUDB record 1: sinus bradycardia about 45/min.
    expect(whole.heartRateBpm).toBeGreaterThan(40);
    expect(gappy.heartRateBpm).toBe(whole.heartRateBpm);
    let worstMv = 0;
    for (let k = 0; k < signal.samples - 20; k++) {
      if (lost.has(k)) {
        expect(gappy.ii[k], `sample ${k}`).toBeNaN();
      } else {
        worstMv = Math.max(worstMv, Math.abs(gappy.ii[k]! - whole.ii[k]!));
      }
    }
    // A restart at every gap took the sample after it for the baseline: the trace jumped by up to
    // the height of the wave it fell on. Bridged, only the few samples the low-pass smooths over
    // the gap differ, by a fraction of the QRS.
    expect(worstMv).toBeLessThan(0.1);
    // No lead is called unusable for it (the frame counter reports the link): every lead was greyed
    // out as having a gap in every 2 s.
    expect(gappy.live.quality(60)).toEqual(['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'aVR', 'aVL', 'aVF'].map((lead) => ({ lead, kinds: [] })));
  });

  it('calls a faulty lead unusable, and the limb leads computed from it too', () => {
    // Lead II's channel at its rail for 100 ms near the end (a channel fault, not a lost frame).
    const live = new LivePipeline(signal.fsHz, SIM_RESOLUTION_NV_PER_LSB, FILTER);
    const end = signal.samples - 200;
    for (let k = 0; k < signal.samples; k++) {
      const counts = signal.counts.slice(k * CART_CHANNEL_COUNT, (k + 1) * CART_CHANNEL_COUNT);
      if (k >= end - 50 && k < end) counts[1] = 0x7fffff;
      live.pushSample(k, counts, 0);
    }
    void live.flush();
    const q = new Map(live.quality(60).map((l) => [l.lead, l.kinds]));
    expect(q.get('V1')).toEqual([]);
    expect(q.get('I')).toEqual([]);
    for (const lead of ['II', 'III', 'aVR', 'aVL', 'aVF']) expect(q.get(lead), lead).toEqual(expect.arrayContaining(['saturation']));
  });
});
