import type { z } from 'zod';
import type { cartChannels } from '../../common/ipc/channels/cart.ts';
import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import { faultName, StationError } from '../../common/errors.ts';
import { encodeFloat32Base64 } from '../../common/ipc/float32Base64.ts';
import type { Transport } from '../../drivers/transports/transport.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../devices/cart/acquisition.ts';
import { ConnectionAudit } from '../devices/connectionAudit.ts';
import type { CartCapture } from '../devices/cart/capture.ts';
import type { FilterSettings } from '../ekg/filters/index.ts';
import type { CallContext, EventBus } from '../ipc/dispatch.ts';
import type { AuditAppender } from '../storage/auditLog.ts';

export interface CartServiceDeps {
  readonly events: EventBus;
  /** Builds the configured cart's transport (e.g. createTransport('serial:/dev/ttyUSB0')). */
  readonly transport: () => Promise<Transport>;
  readonly filter: FilterSettings;
  /**
   * Every capture (manual or auto), with its raw counts: analyse and store it; returns the stored
   * EKG id. May throw: a manual capture's caller gets the error, an auto-capture's is reported
   * through onFault; it never reaches the cart's data callback.
   */
  readonly onCapture: (capture: CartCapture) => number | null;
  /** One line about a failure nobody is waiting for (error code only, never a message). Default: stderr. */
  readonly onFault?: (line: string) => void;
  /** The station's audit log: the cart's connects and disconnects are recorded there. */
  readonly audit: AuditAppender;
}

type CartChannels = typeof cartChannels;
/**
 * Typed from cartChannels directly so this compiles before the channels join the contract; once
 * `...cartChannels` is spread into common/ipc/contract.ts these are exactly Handler<'cart.*'>.
 */
export type CartHandlers = {
  readonly [C in keyof CartChannels]: (request: z.output<CartChannels[C]['request']>, ctx: CallContext) => Promise<z.output<CartChannels[C]['response']>> | z.output<CartChannels[C]['response']>;
};

export function captureSummary(c: CartCapture, ekgId: number | null): EventPayloadOf<'cart.captured'> {
  return {
    trigger: c.trigger,
    startedAtUtc: c.startedAtUtc,
    simulated: c.simulated,
    device: { model: c.device.model, serial: c.device.serial, firmware: c.device.firmware, address: c.device.address },
    fsHz: c.fsHz,
    samples: c.samples,
    complete: c.complete,
    ...(c.incompleteReason !== undefined ? { incompleteReason: c.incompleteReason } : {}),
    gaps: [...c.gaps],
    leadOff: [...c.leadOffIntervals],
    ekgId,
  };
}

type CartIdentity = EventPayloadOf<'cart.identity'>;

/** The cart's identity as windows get it: once as `cart.identity` when it connects, and with `cart.start`. */
function identityPayload(e: Extract<AcquisitionEvent, { type: 'identity' }>): CartIdentity {
  return {
    model: e.identity.model,
    serial: e.identity.serial,
    firmware: e.identity.firmware,
    address: e.address,
    simulated: e.simulated,
    rateHz: e.rateHz,
    resolutionNvPerLsb: e.identity.resolutionNvPerLsb,
  };
}

/** Maps one acquisition event onto the `cart.*` IPC events (common/ipc/channels/cart.ts). */
export function forwardCartEvent(bus: EventBus, e: AcquisitionEvent, lastHeartRate: { bpm: number | null }, ekgIdOf: (c: CartCapture) => number | null): void {
  switch (e.type) {
    case 'status':
      return bus.emit('cart.status', { status: e.status });
    case 'identity':
      return bus.emit('cart.identity', identityPayload(e));
    case 'block':
      return bus.emit('cart.block', {
        startSample: e.block.startSample,
        fsHz: e.block.fsHz,
        samples: e.block.leads[0]?.length ?? 0,
        leadNames: [...e.block.leadNames],
        leads: e.block.leads.map(encodeFloat32Base64),
      });
    case 'leadOff':
      return bus.emit('cart.leadOff', { electrodesOff: [...e.electrodesOff] });
    case 'heartRate':
      lastHeartRate.bpm = e.bpm;
      return;
    case 'counters':
      return bus.emit('cart.vitals', { heartRateBpm: lastHeartRate.bpm, framesOk: e.framesOk, framesMissing: e.framesMissing, crcErrors: e.crcErrors, bytesDiscarded: e.bytesDiscarded });
    case 'quality':
      return bus.emit('cart.quality', { leads: e.leads.map((l) => ({ lead: l.lead, kinds: [...l.kinds] })) });
    case 'gap':
      return bus.emit('cart.gap', { start: e.startSample, end: e.endSample });
    case 'captureProgress':
      return bus.emit('cart.captureProgress', { received: e.received, samples: e.samples });
    case 'capture':
      return bus.emit('cart.captured', captureSummary(e.capture, ekgIdOf(e.capture)));
  }
}

/**
 * The `cart.*` handlers: one acquisition session at a time, its events forwarded to every
 * window, captures handed to onCapture. `dispose()` on shutdown.
 */
export function createCartService(deps: CartServiceDeps): {
  handlers: CartHandlers;
  /** Auto-capture on or off, at once for the running live view too (only samples from then on count), and for the next one. */
  setAutoCapture: (enabled: boolean) => void;
  dispose: () => Promise<void>;
} {
  // One session at a time, and at most one connection to the cart. Opening one is asynchronous
  // (the transport, the SIMULATED cart's process), so `opening` is shared by every caller until it
  // is there: two cart.start calls close together (the EKG screen unmounted and mounted again while
  // the cart was still starting) used to open two sessions; the cart takes one host, so each
  // reconnect of one dropped the other's stream mid-capture, and the orphan reconnected forever.
  let session: AcquisitionSession | undefined;
  let opening: Promise<AcquisitionSession> | undefined;
  /** The last session's stop: the next session connects only after it, never beside it. */
  let stopping: Promise<void> = Promise.resolve();
  let autoCapture = false;
  const hr = { bpm: null as number | null };
  const disconnected = { state: 'disconnected' as const, message: 'not started' };
  const onFault = deps.onFault ?? ((line: string) => void process.stderr.write(`${line}\n`));
  // Each capture is analysed and stored once, whether it arrives as an event (auto-capture) or as
  // the answer to cart.capture, and both report the same stored EKG id (or the same error).
  const stored = new WeakMap<CartCapture, { readonly ekgId: number | null } | { readonly error: unknown }>();
  const store = (c: CartCapture): number | null => {
    let outcome = stored.get(c);
    if (outcome === undefined) {
      try {
        outcome = { ekgId: deps.onCapture(c) };
      } catch (error) {
        outcome = { error };
      }
      stored.set(c, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.ekgId;
  };

  const setAutoCapture = (enabled: boolean) => {
    autoCapture = enabled;
    session?.setAutoCapture(enabled);
  };

  /**
   * Each session's cart identity once it has connected. The event goes out once, at the connect: a
   * window that opens the live view on a cart already streaming (a second window) never had it, and
   * showed no device line and no SIMULATED tag on the live caption (a UI tester). cart.start answers it.
   */
  const identityOf = new WeakMap<AcquisitionSession, { identity: CartIdentity | null }>();

  const open = async (): Promise<AcquisitionSession> => {
    await stopping;
    const transport = await deps.transport();
    const connection = new ConnectionAudit(deps.audit, { objectType: 'ekg-cart', address: transport.address });
    const known: { identity: CartIdentity | null } = { identity: null };
    const s = new AcquisitionSession({
      transport,
      filter: deps.filter,
      autoCapture,
      // Runs inside the cart's data callback: nothing may escape from here (it would end the
      // process). A capture that could not be stored is answered to cart.capture's caller with
      // its error; here it is reported, and no cart.captured event goes out.
      onEvent: (e) => {
        try {
          if (e.type === 'status') connection.onStatus(e.status);
          if (e.type === 'identity') known.identity = identityPayload(e);
          // Lost or reconnecting: the cart that answers next may be another (its identity follows the connect).
          if (e.type === 'status' && e.status.state !== 'connected') known.identity = null;
          forwardCartEvent(deps.events, e, hr, store);
        } catch (err) {
          onFault(`cart: ${e.type} event failed (${faultName(err)})`);
        }
      },
    });
    identityOf.set(s, known);
    return s;
  };

  const ensure = (): Promise<AcquisitionSession> => {
    if (session) return Promise.resolve(session);
    if (opening) return opening;
    const p: Promise<AcquisitionSession> = open().then(
      (s) => {
        // Stopped (cart.stop, dispose) while it was opening: it never starts; the stop answers its callers.
        if (opening !== p) throw new StationError('cart-stopped', 'the cart was stopped while it was connecting');
        opening = undefined;
        session = s;
        s.setAutoCapture(autoCapture);
        s.start();
        return s;
      },
      (e: unknown) => {
        if (opening === p) opening = undefined;
        throw e;
      },
    );
    opening = p;
    return p;
  };

  /** Leaves nothing connected: the running session, or the one still opening, is stopped. */
  const stopAll = async (): Promise<void> => {
    const s = session;
    const pending = opening;
    session = undefined;
    opening = undefined;
    const done = (async () => {
      await s?.stop();
      // One still opening was never started: nothing to stop (ensure refuses it); wait for it to settle.
      await pending?.catch(() => undefined);
    })();
    // Chained, not replaced: a second stop with nothing to stop (sign-in, sign-out and session end
    // all call this) must not let the next session connect while the first is still closing.
    const previous = stopping;
    stopping = Promise.all([previous, done]).then(
      () => undefined,
      () => undefined,
    );
    await done;
  };

  return {
    handlers: {
      'cart.start': async () => {
        try {
          const s = await ensure();
          return { status: s.status, identity: identityOf.get(s)?.identity ?? null };
        } catch (e) {
          // Left again (cart.stop) before the cart was up: not a fault, the live view just ended.
          if (e instanceof StationError && e.code === 'cart-stopped') return { status: { state: 'disconnected' as const, message: 'stopped' }, identity: null };
          throw e;
        }
      },
      'cart.stop': async () => {
        await stopAll();
        return { status: disconnected };
      },
      'cart.status': () => ({ status: session?.status ?? disconnected }),
      'cart.capture': async (req) => {
        const c = await (await ensure()).capture(req.seconds ?? 10);
        return captureSummary(c, store(c));
      },
      'cart.autoCapture': async (req) => {
        setAutoCapture(req.enabled);
        return { enabled: autoCapture };
      },
    },
    setAutoCapture,
    dispose: stopAll,
  };
}
