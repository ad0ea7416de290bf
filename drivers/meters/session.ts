import { TransportError, type Transport } from '../transports/transport.ts';
import { MeterError } from './errors.ts';

/** How long a failing exchange waits for the replies it already owed the device before it rejects. */
const FLUSH_ON_FAIL_MS = 1000;

/**
 * Runs one exchange over an open transport: feeds every received chunk to `onBytes`, calls
 * `onTick` every `tickMs` (protocol timers are polled, never owned by the protocol), and settles
 * when `finish`/`fail` is called, or with `disconnected` when the transport goes away.
 * A finished exchange resolves only once its own writes have settled: a fast device can answer
 * before the OS reports our command sent, and the next exchange's first write must not find
 * this one's still in flight (the Transport allows one at a time). A failed one rejects once the
 * writes it asked for before failing have settled (at most FLUSH_ON_FAIL_MS): the NAK that ends a
 * transfer still reaches the device.
 */
export function runSession<T>(
  transport: Transport,
  step: () => string,
  handlers: {
    onBytes: (bytes: Uint8Array, nowMs: number, ctl: SessionControl<T>) => void;
    onTick: (nowMs: number, ctl: SessionControl<T>) => void;
    onStart?: (ctl: SessionControl<T>) => void;
  },
  tickMs = 50,
  nowMs: () => number = () => Date.now(),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let writes: Promise<void> = Promise.resolve();
    const cleanups: (() => void)[] = [];
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      for (const c of cleanups) c();
      f();
    };
    const ctl: SessionControl<T> = {
      finish: (v) => done(() => void writes.then(() => resolve(v))),
      // The replies already asked for go out first (bounded: a write that never drains must not
      // turn a failure into a hang).
      fail: (e) =>
        done(() => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const bound = new Promise<void>((r) => (timer = setTimeout(r, FLUSH_ON_FAIL_MS)));
          void Promise.race([writes, bound]).then(() => {
            clearTimeout(timer);
            reject(e);
          });
        }),
      write: (bytes) => {
        // Asked for before the exchange settled: a reply the protocol owes (the NAK that ends a
        // transfer is still sent). Nothing is written once it has settled.
        if (settled) return;
        // The Transport allows one write in flight: chain them in order.
        writes = writes.then(() => transport.write(bytes)).catch((e: unknown) => ctl.fail(e instanceof TransportError ? new MeterError('disconnected', step(), e.message) : (e as Error)));
      },
    };
    cleanups.push(transport.onData((b) => !settled && handlers.onBytes(b, nowMs(), ctl)));
    cleanups.push(transport.onError((e) => ctl.fail(new MeterError(e.kind === 'timeout' ? 'timeout' : 'disconnected', step(), e.message))));
    cleanups.push(transport.onClose(() => ctl.fail(new MeterError('disconnected', step(), 'the device went away'))));
    const timer = setInterval(() => !settled && handlers.onTick(nowMs(), ctl), tickMs);
    cleanups.push(() => clearInterval(timer));
    handlers.onStart?.(ctl);
  });
}

export interface SessionControl<T> {
  finish(value: T): void;
  fail(error: Error): void;
  /** Writes are serialised by the caller's protocol (one reply per received unit). */
  write(bytes: Uint8Array): void;
}
