import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../drivers/transports/serial.ts';
import type { Transport } from '../../../drivers/transports/transport.ts';
import { decodeFloat32Base64 } from '../../../common/ipc/float32Base64.ts';
import { EventBus } from '../../../main/ipc/dispatch.ts';
import type { CartCapture } from '../../../main/devices/cart/capture.ts';
import { createCartService } from '../../../main/services/cartHandlers.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { startCartSim, type CartSimProcess } from '../../helpers/cartSim.ts';
import { tempStore } from '../../helpers/tempStore.ts';

const ctx = { sessionId: 's1', host: 'browser' as const };

describe('cart.* handlers and events (SIMULATED cart over a real pty)', () => {
  let pair: PtyPair | undefined;
  let sim: CartSimProcess | undefined;
  let dispose: (() => Promise<void>) | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await dispose?.();
    cleanup?.();
    dispose = cleanup = undefined;
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
    const t = tempStore();
    cleanup = t.cleanup;
    const svc = createCartService({
      events: bus,
      transport: async () => new SerialTransport({ path, baudRate: 921600 }),
      filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 },
      onCapture: (c) => (captures.push(c), captures.length),
      audit: t.store.audit,
    });
    dispose = svc.dispose;
    expect(await svc.handlers['cart.start']({}, ctx)).toMatchObject({ status: { state: 'connecting' }, identity: null });
    const summary = await svc.handlers['cart.capture']({ seconds: 2 }, ctx);
    // A second window opening the live view on the streaming cart gets the identity (and its
    // SIMULATED mark) with cart.start: the cart.identity event went out once, before it opened.
    const identity = seen.find((s) => s.name === 'cart.identity')!.payload;
    expect(await svc.handlers['cart.start']({}, { sessionId: 's2', host: 'browser' })).toEqual({ status: { state: 'connected', message: expect.any(String) }, identity });
    expect(identity).toMatchObject({ simulated: true });
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

  it('audits the cart connecting, being unplugged, coming back and being stopped: one entry each, none per retry', async () => {
    pair = await createPtyPair();
    sim = startCartSim({ record: '../shared/ecg/ludb-dev/1.hea', port: pair.a, faults: 'unplug@2+2' });
    await sim.address;
    const t = tempStore();
    cleanup = t.cleanup;
    const path = pair.b;
    const states: string[] = [];
    const bus = new EventBus();
    bus.subscribe((name, payload) => {
      if (name === 'cart.status') states.push((payload as { status: { state: string } }).status.state);
    });
    const svc = createCartService({ events: bus, transport: async () => new SerialTransport({ path, baudRate: 921600 }), filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, onCapture: () => null, audit: t.store.audit });
    dispose = svc.dispose;
    await svc.handlers['cart.start']({}, ctx);
    const deadline = Date.now() + 20_000;
    while (states.filter((s) => s === 'connected').length < 2) {
      if (Date.now() > deadline) throw new Error(`cart did not come back: ${states.join(' ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await svc.handlers['cart.stop']({}, ctx);
    const rows = t.store.db.prepare('SELECT verb, object_type AS objectType, object_id AS objectId, patient_id AS patientId, details FROM audit_log ORDER BY seq').all() as { verb: string; details: string }[];
    expect(rows.map((r) => r.verb)).toEqual(['device-connect', 'device-disconnect', 'device-connect', 'device-disconnect']);
    expect(rows[0]).toEqual({ verb: 'device-connect', objectType: 'ekg-cart', objectId: `serial:${path}@921600`, patientId: null, details: '{"addressKind":"serial"}' });
    expect(JSON.parse(rows[1]!.details)).toMatchObject({ addressKind: 'serial', cause: expect.any(String) });
    expect(JSON.parse(rows[3]!.details)).toEqual({ addressKind: 'serial', cause: 'stopped' });
    // The unplugged cart was retried at least once without an entry for the retry.
    expect(states.filter((s) => s === 'connecting').length).toBeGreaterThan(2);
  });
});

/** A cart link that never answers (open() stays pending): enough to see what the service opens and closes. */
function silentTransports() {
  const made: Array<{ opened: boolean; closed: boolean }> = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const factory = async (): Promise<Transport> => {
    // Opening is slow, as the SIMULATED cart's process starting is: callers overlap here.
    await gate;
    const state = { opened: false, closed: false };
    made.push(state);
    return {
      address: `tcp:127.0.0.1:${made.length}`,
      open: () => ((state.opened = true), new Promise<void>(() => undefined)),
      close: async () => void (state.closed = true),
      write: async () => undefined,
      onData: () => () => undefined,
      onError: () => () => undefined,
      onClose: () => () => undefined,
    };
  };
  /** Connections opened and not closed. */
  const live = () => made.filter((m) => m.opened && !m.closed).length;
  return { factory, release, made, live };
}
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('one connection to the cart, however cart.start and cart.stop overlap', () => {
  it('the live view mounted, left and mounted again while the cart is still starting: one connection, none left after dispose', async () => {
    // The EKG screen's Change patient unmounts and remounts it before the SIMULATED cart is up. Two
    // sessions used to result: the cart takes one host, so each one's reconnect dropped the other's
    // stream mid-capture ("peer closed the connection"), and the orphan was never stopped.
    const t = tempStore();
    try {
      const link = silentTransports();
      const svc = createCartService({ events: new EventBus(), transport: link.factory, filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, onCapture: () => null, audit: t.store.audit });
      const first = svc.handlers['cart.start']({}, ctx);
      const left = svc.handlers['cart.stop']({}, ctx);
      const second = svc.handlers['cart.start']({}, ctx);
      link.release();
      const [firstAnswer, , secondAnswer] = await Promise.all([first, left, second]);
      await settle();
      expect(link.live()).toBe(1);
      // The first start was left before the cart was up: it says so (no error for a screen already gone).
      expect(firstAnswer.status).toEqual({ state: 'disconnected', message: 'stopped' });
      expect(secondAnswer.status.state).toBe('connecting');
      // A third start while it runs joins the same session.
      await svc.handlers['cart.start']({}, ctx);
      await settle();
      expect(link.live()).toBe(1);
      await svc.dispose();
      expect(link.live()).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('a second stop with nothing to stop does not let a new session connect while the first is still closing', async () => {
    // Sign-in, sign-out and session end all stop the unwatched cart: a stop while the previous
    // one waits for its port to close used to end the wait, and the next start opened a second link.
    const t = tempStore();
    try {
      const made: Array<{ opened: boolean; closed: boolean; finishClose?: () => void }> = [];
      const factory = async (): Promise<Transport> => {
        const state: { opened: boolean; closed: boolean; finishClose?: () => void } = { opened: false, closed: false };
        made.push(state);
        return {
          address: `tcp:127.0.0.1:${made.length}`,
          open: () => ((state.opened = true), new Promise<void>(() => undefined)),
          // Closing takes a while (a STOP awaiting its ack, a serial port being released).
          close: () => new Promise<void>((r) => (state.finishClose = () => ((state.closed = true), r()))),
          write: async () => undefined,
          onData: () => () => undefined,
          onError: () => () => undefined,
          onClose: () => () => undefined,
        };
      };
      const live = () => made.filter((m) => m.opened && !m.closed).length;
      const svc = createCartService({ events: new EventBus(), transport: factory, filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, onCapture: () => null, audit: t.store.audit });
      await svc.handlers['cart.start']({}, ctx);
      await settle();
      const stopA = svc.handlers['cart.stop']({}, ctx); // still closing
      await settle();
      await svc.handlers['cart.stop']({}, ctx); // nothing to stop
      const restarted = svc.handlers['cart.start']({}, ctx);
      await settle();
      expect(made).toHaveLength(1); // the new session waits for the first to close
      made[0]!.finishClose!();
      await stopA;
      await restarted;
      await settle();
      expect(made).toHaveLength(2);
      expect(live()).toBe(1);
      const disposed = svc.dispose();
      await settle();
      made[1]!.finishClose?.();
      await disposed;
      expect(live()).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('two windows starting at once share one connection; leaving before the cart is up leaves nothing connected', async () => {
    const t = tempStore();
    try {
      const link = silentTransports();
      const svc = createCartService({ events: new EventBus(), transport: link.factory, filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, onCapture: () => null, audit: t.store.audit });
      const a = svc.handlers['cart.start']({}, ctx);
      const b = svc.handlers['cart.start']({}, { sessionId: 's2', host: 'browser' });
      link.release();
      await Promise.all([a, b]);
      await settle();
      expect(link.made).toHaveLength(1);
      expect(link.live()).toBe(1);
      await svc.handlers['cart.stop']({}, ctx);
      expect(link.live()).toBe(0);
      // Started and left again before the cart was up: the cart is not left streaming to nobody.
      const link2 = silentTransports();
      const svc2 = createCartService({ events: new EventBus(), transport: link2.factory, filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, onCapture: () => null, audit: t.store.audit });
      const started = svc2.handlers['cart.start']({}, ctx);
      const stopped = svc2.handlers['cart.stop']({}, ctx);
      link2.release();
      await Promise.all([started, stopped]);
      await settle();
      expect(link2.live()).toBe(0);
      expect((await svc2.handlers['cart.status']({}, ctx)).status.state).toBe('disconnected');
      await svc2.dispose();
    } finally {
      t.cleanup();
    }
  });
});
