import type { CartCommand, CartDecoder, CartEvent, CartIdentity, CartProtocol } from '../protocols/cart/types.ts';
import type { Transport, TransportError } from '../transports/transport.ts';
import { CartError, type CartStep } from './errors.ts';

export interface CartTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CartDriverOptions {
  readonly transport: Transport;
  readonly protocol: CartProtocol;
  /** How long a command may wait for its answer. */
  readonly replyTimeoutMs?: number;
  /**
   * Streaming with no valid data frame for this long is a stall: the driver gives up the
   * connection (lost, `timeout` in step `stream`). Bytes that form no frame (noise, a wrong baud
   * rate, a UART stuck low) do not keep the stream alive.
   */
  readonly stallTimeoutMs?: number;
  readonly nowMs?: () => number;
  readonly timers?: CartTimers;
}

type Phase = 'closed' | 'open' | 'streaming';

interface Pending {
  readonly step: CartStep;
  readonly match: (e: CartEvent) => boolean;
  readonly resolve: (e: CartEvent) => void;
  readonly reject: (e: CartError) => void;
  readonly timer: unknown;
}

const realTimers: CartTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

function kindOf(e: TransportError): 'timeout' | 'disconnected' {
  return e.kind === 'timeout' ? 'timeout' : 'disconnected';
}

/**
 * Runs a cart's lifecycle over any Transport and any CartProtocol: connect (open, stop any
 * stream left running, identify), start (set rate, start), stream (events out, stall watchdog),
 * stop, disconnect. Every failure is a CartError naming its step. One command at a time.
 */
export class CartDriver {
  readonly address: string;
  private phase: Phase = 'closed';
  private decoder: CartDecoder;
  private pending: Pending | undefined;
  private identityValue: CartIdentity | undefined;
  private rateHz: number | undefined;
  private stallTimer: unknown;
  /** nowMs() of the last bytes received (to word the stall), and of the last valid data frame (the watchdog). */
  private lastBytesMs = 0;
  private lastFrameMs = 0;
  private readonly listeners = new Set<(e: CartEvent) => void>();
  private readonly lostListeners = new Set<(e: CartError) => void>();
  private readonly timers: CartTimers;
  private readonly replyTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly nowMs: () => number;

  constructor(private readonly options: CartDriverOptions) {
    this.address = options.transport.address;
    this.decoder = options.protocol.createDecoder();
    this.timers = options.timers ?? realTimers;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 1000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 1000;
    this.nowMs = options.nowMs ?? (() => performance.now());
    options.transport.onData((bytes) => this.onBytes(bytes));
    options.transport.onError((e) => this.onTransportError(e));
  }

  get identity(): CartIdentity | undefined {
    return this.identityValue;
  }
  get sampleRateHz(): number | undefined {
    return this.rateHz;
  }
  get streaming(): boolean {
    return this.phase === 'streaming';
  }
  get stats(): CartDecoder['stats'] {
    return this.decoder.stats;
  }

  /** Every decoded event (samples, gap, discarded, ...) while connected. */
  onEvent(listener: (e: CartEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connection was lost after connect() succeeded (unplug, stall, fatal transport error). */
  onLost(listener: (e: CartError) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async connect(): Promise<CartIdentity> {
    if (this.phase !== 'closed') throw new CartError('protocol', 'connect', 'already connected');
    this.decoder = this.options.protocol.createDecoder();
    try {
      await this.options.transport.open();
    } catch (e) {
      const te = e as TransportError;
      throw new CartError(kindOf(te), 'connect', te.message);
    }
    this.phase = 'open';
    try {
      // A cart left streaming by a previous session would bury the identity in data: stop it first.
      await this.command({ type: 'stop' }, 'stop');
      const reply = await this.command({ type: 'identify' }, 'identify');
      if (reply.type !== 'identity') throw new CartError('protocol', 'identify', 'no identity');
      this.identityValue = reply.identity;
      return reply.identity;
    } catch (e) {
      await this.closeTransport();
      throw e;
    }
  }

  async start(rateHz: number): Promise<void> {
    if (this.phase !== 'open') throw new CartError('protocol', 'start', this.phase === 'closed' ? 'not connected' : 'already streaming');
    const id = this.identityValue;
    if (id && !id.supportedRatesHz.includes(rateHz)) throw new CartError('protocol', 'setRate', `${rateHz} Hz is not one of ${id.supportedRatesHz.join('/')} Hz`);
    await this.command({ type: 'setRate', rateHz }, 'setRate');
    this.rateHz = rateHz;
    this.decoder.startStream();
    this.phase = 'streaming';
    this.armStall();
    try {
      await this.command({ type: 'start' }, 'start');
    } catch (e) {
      this.phase = 'open';
      this.disarmStall();
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.phase !== 'streaming') return;
    this.disarmStall();
    this.phase = 'open';
    await this.command({ type: 'stop' }, 'stop');
  }

  async impedanceCheck(): Promise<Float64Array> {
    if (this.phase !== 'open') throw new CartError('protocol', 'impedance', this.phase === 'closed' ? 'not connected' : 'not while streaming');
    const reply = await this.command({ type: 'impedanceCheck' }, 'impedance');
    if (reply.type !== 'impedance') throw new CartError('protocol', 'impedance', 'no impedance reply');
    return reply.ohms;
  }

  /** Best-effort stop, then close. Idempotent; never throws. */
  async disconnect(): Promise<void> {
    if (this.phase === 'streaming') await this.stop().catch(() => undefined);
    await this.closeTransport();
  }

  private async command(cmd: CartCommand, step: CartStep): Promise<CartEvent> {
    if (this.pending) throw new CartError('protocol', step, `a ${this.pending.step} command is still waiting for its answer`);
    const match = (e: CartEvent): boolean =>
      (e.type === 'ack' && e.command === cmd.type) || (cmd.type === 'identify' && e.type === 'identity') || (cmd.type === 'impedanceCheck' && e.type === 'impedance');
    const crcErrorsBefore = this.decoder.stats.crcErrors;
    const reply = new Promise<CartEvent>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending = undefined;
        // Frames that failed their CRC while we waited probably were the answer.
        const crcErrors = this.decoder.stats.crcErrors - crcErrorsBefore;
        reject(
          crcErrors > 0
            ? new CartError('checksum', step, `no valid answer within ${this.replyTimeoutMs} ms (${crcErrors} frames failed their CRC)`)
            : new CartError('timeout', step, `no answer within ${this.replyTimeoutMs} ms`),
        );
      }, this.replyTimeoutMs);
      this.pending = { step, match, resolve, reject, timer };
    });
    // If the write fails, the transport may already have rejected `reply` (error event first):
    // that rejection is reported through the write's error below, not left unhandled.
    reply.catch(() => undefined);
    try {
      await this.options.transport.write(this.options.protocol.encodeCommand(cmd));
    } catch (e) {
      this.settle();
      const te = e as TransportError;
      throw new CartError(kindOf(te), step, te.message);
    }
    const answer = await reply;
    if (answer.type === 'ack' && answer.status !== 'ok') throw new CartError('protocol', step, `cart answered ${answer.status}`);
    return answer;
  }

  private settle(): Pending | undefined {
    const p = this.pending;
    if (p) this.timers.clearTimeout(p.timer);
    this.pending = undefined;
    return p;
  }

  private onBytes(bytes: Uint8Array): void {
    if (this.phase === 'closed') return;
    const now = this.nowMs();
    this.lastBytesMs = now;
    // One snapshot of the listeners per chunk, not per event (a chunk carries ~10 sample frames).
    const listeners = [...this.listeners];
    for (const e of this.decoder.feed(bytes, now)) {
      if (e.type === 'samples') this.lastFrameMs = now;
      const p = this.pending;
      // An ack that refuses the command answers it too (with its status).
      if (p?.match(e)) {
        this.settle();
        p.resolve(e);
      }
      for (const l of listeners) l(e);
    }
  }

  private onTransportError(e: TransportError): void {
    if (e.kind === 'cancelled' || this.phase === 'closed') return;
    const step: CartStep = this.pending?.step ?? (this.phase === 'streaming' ? 'stream' : 'connect');
    this.lose(new CartError(kindOf(e), step, e.message));
  }

  private lose(error: CartError): void {
    this.settle()?.reject(error);
    this.disarmStall();
    this.phase = 'closed';
    void this.options.transport.close();
    for (const l of [...this.lostListeners]) l(error);
  }

  /**
   * One watchdog timer per stream rather than one re-armed per chunk of bytes (60+ times a
   * second): when it fires it checks how long since the last valid data frame and sleeps again for
   * the rest. Only frames count: a cart (or cable) sending bytes that decode to nothing is lost too.
   */
  private armStall(): void {
    this.disarmStall();
    this.lastBytesMs = this.lastFrameMs = this.nowMs();
    this.scheduleStallCheck(this.stallTimeoutMs);
  }

  private scheduleStallCheck(inMs: number): void {
    this.stallTimer = this.timers.setTimeout(() => {
      this.stallTimer = undefined;
      if (this.phase !== 'streaming') return;
      const now = this.nowMs();
      const quietMs = now - this.lastFrameMs;
      if (quietMs < this.stallTimeoutMs) return this.scheduleStallCheck(this.stallTimeoutMs - quietMs);
      const silent = now - this.lastBytesMs >= this.stallTimeoutMs;
      this.lose(
        new CartError(
          'timeout',
          'stream',
          silent
            ? `no data for ${this.stallTimeoutMs} ms`
            : `no valid frames for ${this.stallTimeoutMs} ms (bytes arrive but none forms a valid frame: check the cable and baud rate; ${this.decoder.stats.bytesDiscarded} bytes discarded)`,
        ),
      );
    }, inMs);
  }

  private disarmStall(): void {
    if (this.stallTimer !== undefined) this.timers.clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private async closeTransport(): Promise<void> {
    this.settle()?.reject(new CartError('disconnected', 'connect', 'closed'));
    this.disarmStall();
    this.phase = 'closed';
    await this.options.transport.close();
  }
}
