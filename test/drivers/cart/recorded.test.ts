import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CartDriver } from '../../../drivers/cart/driver.ts';
import { stationCartV1 } from '../../../drivers/protocols/cart/stationCartV1.ts';
import type { CartEvent } from '../../../drivers/protocols/cart/types.ts';
import { ReplayTransport, transcriptFromJsonl } from '../../../drivers/transports/recording.ts';

/**
 * A session recorded with RecordingTransport from the SIMULATED cart over a pty (faults
 * leadoff=V4@0+1, drop=0.05, seed 11): connect, start at 500 Hz, ~200 ms of data, stop,
 * impedance check. Replaying it checks the driver and decoder against bytes as they came off a
 * real tty (arbitrary chunking, frames in flight around the stop ack).
 */
const transcript = transcriptFromJsonl(readFileSync(new URL('../../fixtures/cart/sim-session.jsonl', import.meta.url), 'utf8'));

describe('CartDriver against a recorded session', () => {
  it('replays the whole lifecycle; lead-off, gaps and impedance come out as recorded', async () => {
    const t = new ReplayTransport(transcript);
    const d = new CartDriver({ transport: t, protocol: stationCartV1 });
    const events: CartEvent[] = [];
    d.onEvent((e) => events.push(e));
    const id = await d.connect();
    expect(id).toMatchObject({ model: 'SIMULATED 12-LEAD CART', supportedRatesHz: [500] });
    await d.start(500);
    await d.stop();
    const ohms = await d.impedanceCheck();
    await d.disconnect();
    expect(t.finished).toBe(true);
    const samples = events.flatMap((e) => (e.type === 'samples' ? [e] : []));
    const gaps = events.flatMap((e) => (e.type === 'gap' ? [e] : []));
    expect(samples.length).toBe(92);
    expect(gaps.reduce((n, g) => n + g.frames, 0)).toBe(4);
    // Every frame accounted for exactly once: received or inside a gap.
    const seqs = new Set([...samples.map((s) => s.seq), ...gaps.flatMap((g) => Array.from({ length: g.frames }, (_, i) => g.fromSeq + i))]);
    expect(seqs.size).toBe(96);
    expect(Math.max(...seqs)).toBe(95);
    expect(samples.every((s) => s.leadOff === 1 << 7)).toBe(true); // V4 off during the first second
    // Impedance is measured after the stream stopped, when V4 was still off: not measurable.
    expect(Number.isNaN(ohms[7]!)).toBe(true);
    expect(ohms[0]).toBe(4700);
  });
});
