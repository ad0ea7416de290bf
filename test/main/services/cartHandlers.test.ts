import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../drivers/transports/serial.ts';
import { decodeFloat32Base64 } from '../../../common/ipc/float32Base64.ts';
import { EventBus } from '../../../main/ipc/dispatch.ts';
import type { CartCapture } from '../../../main/devices/cart/capture.ts';
import { createCartService } from '../../../main/services/cartHandlers.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { startCartSim, type CartSimProcess } from '../../helpers/cartSim.ts';

const ctx = { sessionId: 's1', host: 'browser' as const };

describe('cart.* handlers and events (SIMULATED cart over a real pty)', () => {
  let pair: PtyPair | undefined;
  let sim: CartSimProcess | undefined;
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    await sim?.kill();
    await pair?.kill();
  });

  it('starts, forwards contract-valid events, captures, stops', async () => {
    pair = await createPtyPair();
    sim = startCartSim({ record: '../shared/ecg/ludb-dev/1.hea', port: pair.a, faults: 'leadoff=LL@0+1' });
    await sim.address;
    const bus = new EventBus();
    const seen: Array<{ name: string; payload: unknown }> = [];
    // The bus validates every payload against the contract's schema before listeners see it.
    bus.subscribe((name, payload) => seen.push({ name, payload }));
    const captures: CartCapture[] = [];
    const path = pair.b;
    const svc = createCartService({
      events: bus,
      transport: async () => new SerialTransport({ path, baudRate: 921600 }),
      filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 },
      onCapture: (c) => (captures.push(c), captures.length),
    });
    dispose = svc.dispose;
    expect((await svc.handlers['cart.start']({}, ctx)).status.state).toBe('connecting');
    const summary = await svc.handlers['cart.capture']({ seconds: 2 }, ctx);
    expect(summary).toMatchObject({ complete: true, samples: 1000, simulated: true, trigger: 'manual' });
    expect(summary.leadOff.map((l) => l.electrode)).toEqual(['LL']);
    expect(captures).toHaveLength(1);
    const names = new Set(seen.map((s) => s.name));
    for (const n of ['cart.status', 'cart.identity', 'cart.block', 'cart.leadOff', 'cart.vitals', 'cart.captureProgress', 'cart.captured']) expect(names, n).toContain(n);
    const block = seen.find((s) => s.name === 'cart.block')!.payload as { samples: number; leads: string[] };
    const leads = block.leads.map(decodeFloat32Base64);
    expect(block.samples).toBeGreaterThan(0);
    for (const lead of leads) expect(lead).toHaveLength(block.samples);
    // LL off at the start: II (index 1) is NaN (no sample), I (index 0) carries values.
    expect(leads[1]![0]).toBeNaN();
    expect(Number.isFinite(leads[0]![0])).toBe(true);
    expect((await svc.handlers['cart.stop']({}, ctx)).status.state).toBe('disconnected');
    expect(svc.handlers['cart.status']({}, ctx)).toEqual({ status: { state: 'disconnected', message: 'not started' } });
  });
});
