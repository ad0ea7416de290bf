import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stationCartV1 } from '../../../../drivers/protocols/cart/stationCartV1.ts';
import { encodeAckFrame, encodeDataFrame, encodeIdentityFrame } from '../../../../drivers/protocols/cart/stationCartV1Device.ts';
import { bytesToHex, ReplayTransport, type TranscriptLine } from '../../../../drivers/transports/recording.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../../../../main/devices/cart/acquisition.ts';

const out = (cmd: Parameters<typeof stationCartV1.encodeCommand>[0]): TranscriptLine => ({ dir: 'out', tMs: 0, hex: bytesToHex(stationCartV1.encodeCommand(cmd)) });
const inn = (bytes: Uint8Array): TranscriptLine => ({ dir: 'in', tMs: 0, hex: bytesToHex(bytes) });
const frame = (seq: number): TranscriptLine => inn(encodeDataFrame(seq, 0, [seq, 0, 0, 0, 0, 0, 0, 0]));
const identity = { model: 'SIMULATED 12-LEAD CART', serial: 'S', firmware: 'f', supportedRatesHz: [500], resolutionNvPerLsb: 1000 };

describe('AcquisitionSession over a replayed transcript (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a cart that restarts its sequence on its own continues the timeline; a capture spans it', async () => {
    const t = new ReplayTransport([
      out({ type: 'stop' }),
      inn(encodeAckFrame('stop', 'ok')),
      out({ type: 'identify' }),
      inn(encodeIdentityFrame(identity)),
      out({ type: 'setRate', rateHz: 500 }),
      inn(encodeAckFrame('setRate', 'ok')),
      out({ type: 'start' }),
      inn(encodeAckFrame('start', 'ok')),
      ...[0, 1, 2, 3, 4, 0, 1, 3].map(frame),
      out({ type: 'stop' }),
      inn(encodeAckFrame('stop', 'ok')),
    ]);
    const events: AcquisitionEvent[] = [];
    const session = new AcquisitionSession({ transport: t, filter: { highPassHz: 0.5, mainsHz: null, lowPassHz: 40 }, onEvent: (e) => events.push(e), stallTimeoutMs: 10_000 });
    const capture = session.capture(9 / 500);
    session.start();
    await vi.advanceTimersByTimeAsync(100);
    const c = await capture;
    expect(c.complete).toBe(true);
    expect([...c.counts[0]!]).toEqual([0, 1, 2, 3, 4, 0, 1, 0, 3]);
    expect([...c.valid]).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 1]);
    const blocks = events.flatMap((e) => (e.type === 'block' ? [e.block] : []));
    expect(blocks.reduce((n, b) => n + b.leads[0]!.length, 0)).toBe(9);
    expect(blocks[0]!.startSample).toBe(0);
    await session.stop();
    expect(t.finished).toBe(true);
  });
});
