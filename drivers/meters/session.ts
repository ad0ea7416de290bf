import { TransportError, type Transport } from '../transports/transport.ts';
import { MeterError } from './errors.ts';

/**
 * Runs one exchange over an open transport: feeds every received chunk to `onBytes`, calls
 * `onTick` every `tickMs` (protocol timers are polled, never owned by the protocol), and settles
 * when `finish`/`fail` is called, or with `disconnected` when the transport goes away.
 * A finished exchange resolves only once its own writes have settled: a fast device can answer
 * before the OS reports our command sent, and the next exchange's first write must not find
 * this one's still in flight (the Transport allows one at a time).
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
      fail: (e) => done(() => reject(e)),
      write: (bytes) => {
        // The Transport allows one write in flight: chain them in order.
        writes = writes.then(() => (settled ? undefined : transport.write(bytes))).catch((e: unknown) => ctl.fail(e instanceof TransportError ? new MeterError('disconnected', step(), e.message) : (e as Error)));
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
