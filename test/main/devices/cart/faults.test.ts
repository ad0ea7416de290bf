import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../../drivers/transports/serial.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../../../../main/devices/cart/acquisition.ts';
import { recordToCartSignal } from '../../../../drivers/simulators/cart/signal.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';
import { startCartSim, type CartSimProcess } from '../../../helpers/cartSim.ts';

const SOURCE = '../shared/ecg/ludb-dev/1.hea';

/** Fault tests: SIMULATED cart process -> real socat pty pair -> AcquisitionSession in this process. */
describe('cart faults over real ptys', () => {
  let pair: PtyPair | undefined;
  let sim: CartSimProcess | undefined;
  let session: AcquisitionSession | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await session?.stop();
    await sim?.kill();
    await pair?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
    session = sim = pair = dir = undefined;
  });

  async function setUp(faults: string, extra: { stallTimeoutMs?: number } = {}): Promise<AcquisitionEvent[]> {
    pair = await createPtyPair();
    dir = mkdtempSync(join(tmpdir(), 'cartfault-'));
    sim = startCartSim({ record: SOURCE, port: pair.a, faults, seed: 7, faultLog: join(dir, 'faults.jsonl') });
    await sim.address;
    const events: AcquisitionEvent[] = [];
    session = new AcquisitionSession({
      transport: new SerialTransport({ path: pair.b, baudRate: 921600 }),
      filter: { highPassHz: 0.5, mainsHz: 50, lowPassHz: 40 },
      onEvent: (e) => events.push(e),
      stallTimeoutMs: extra.stallTimeoutMs ?? 500,
      reconnectInitialDelayMs: 200,
    });
    return events;
  }

  const until = async (what: () => boolean, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!what()) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('unplug mid-capture: the capture is kept, marked incomplete; the session reconnects and streams again', async () => {
    const events = await setUp('unplug@2+1');
    const capture = session!.capture(10);
    session!.start();
    const c = await capture;
    expect(c.complete).toBe(false);
    expect(c.incompleteReason).toMatch(/no data for 500 ms/);
    // About 2 s of data arrived before the cart vanished; all of it kept and exact.
    expect(c.samples).toBeGreaterThan(800);
    expect(c.samples).toBeLessThan(1500);
    expect(c.gaps).toEqual([]);
    const source = recordToCartSignal(await readRecord(SOURCE));
    for (let k = 0; k < c.samples; k += 7) expect(c.counts[0]![k]).toBe(source.counts[k * 8]);
    await until(() => events.filter((e) => e.type === 'status' && e.status.state === 'connected').length >= 2);
    const states = events.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
    expect(states.slice(0, 2)).toEqual(['connecting', 'connected']);
    expect(states).toContain('error');
    const blocksBefore = events.filter((e) => e.type === 'block').length;
    await until(() => events.filter((e) => e.type === 'block').length > blocksBefore + 5);
    // The time the cart was away is a gap on the session timeline (the sweep shows the hole).
    const away = events.flatMap((e) => (e.type === 'gap' ? [e.endSample - e.startSample] : []));
    expect(Math.max(...away)).toBeGreaterThan(400);
  });

  it('real hang-up (socat killed) mid-capture: capture kept incomplete, error state reported, no crash', async () => {
    const events = await setUp('');
    const capture = session!.capture(10);
    session!.start();
    await until(() => events.some((e) => e.type === 'block'));
    await new Promise((r) => setTimeout(r, 500));
    await pair!.kill();
    const c = await capture;
    expect(c.complete).toBe(false);
    expect(c.samples).toBeGreaterThan(0);
    await until(() => events.some((e) => e.type === 'status' && e.status.state === 'error'));
  });

  it('corrupted and dropped frames: counted, reported as gaps exactly where they were lost, never interpolated', async () => {
    const events = await setUp('drop=0.02,corrupt=0.0005');
    const c = await (async () => {
      const p = session!.capture(4);
      session!.start();
      return p;
    })();
    expect(c.complete).toBe(true);
    const log = sim!.faults();
    const lost = new Set(log.filter((f) => (f.event === 'drop' || f.event === 'corrupt') && f.seq! < 2000).map((f) => f.seq!));
    expect(log.some((f) => f.event === 'corrupt')).toBe(true);
    const gapSamples = c.gaps.flatMap((g) => Array.from({ length: g.end - g.start }, (_, i) => g.start + i));
    expect(gapSamples).toEqual([...lost].sort((a, b) => a - b));
    for (const k of gapSamples) expect(c.valid[k]).toBe(0);
    const source = recordToCartSignal(await readRecord(SOURCE));
    for (let k = 0; k < c.samples; k++) if (c.valid[k]) expect(c.counts[3]![k]).toBe(source.counts[k * 8 + 3]);
    // Counters (also sent to the UI as 'counters' events) keep running with the stream.
    expect(events.some((e) => e.type === 'counters' && e.framesMissing > 0)).toBe(true);
    expect(session!.driver.stats.crcErrors).toBeGreaterThan(0);
    expect(session!.driver.stats.framesMissing).toBeGreaterThanOrEqual(gapSamples.length);
    const gapEvents = events.filter((e) => e.type === 'gap');
    expect(gapEvents.length).toBeGreaterThan(0);
    // Display blocks carry NaN where samples were lost, never a made-up value.
    const blocks = events.flatMap((e) => (e.type === 'block' ? [e.block] : []));
    const firstGap = gapSamples[0]!;
    const holder = blocks.find((b) => b.startSample <= firstGap && firstGap < b.startSample + b.leads[0]!.length)!;
    expect(Number.isNaN(holder.leads[6]![firstGap - holder.startSample]!)).toBe(true);
  });

  it('lead-off: reported per electrode when it happens and when it clears; the capture flags it', async () => {
    const events = await setUp('leadoff=V3@1+1,leadoff=LA@1.5+0.5');
    const p = session!.capture(3);
    session!.start();
    const c = await p;
    const offs = events.flatMap((e) => (e.type === 'leadOff' ? [e.electrodesOff.join('+')] : []));
    expect(offs).toEqual(['', 'V3', 'LA+V3', '']);
    const v3 = c.leadOffIntervals.find((l) => l.electrode === 'V3')!;
    expect(v3.start).toBeGreaterThanOrEqual(495);
    expect(v3.start).toBeLessThanOrEqual(505);
    expect(v3.end - v3.start).toBeGreaterThanOrEqual(495);
    expect(v3.end - v3.start).toBeLessThanOrEqual(505);
    expect(c.leadOffIntervals.map((l) => l.electrode).sort()).toEqual(['LA', 'V3']);
  });

  it('stall: the driver times out, reports it, and reconnects once the cart talks again (no hang)', async () => {
    const events = await setUp('stall@1+2', { stallTimeoutMs: 400 });
    session!.start();
    await until(() => events.some((e) => e.type === 'status' && e.status.state === 'error'));
    const err = events.find((e) => e.type === 'status' && e.status.state === 'error');
    expect(err).toMatchObject({ status: { code: 'cart-timeout', message: expect.stringMatching(/stream: no data for 400 ms/) } });
    await until(() => events.filter((e) => e.type === 'status' && e.status.state === 'connected').length >= 2);
  });
});
