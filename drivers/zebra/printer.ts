import { StationError } from '../../common/errors.ts';
import {
  HostStatusDecoder,
  encodeHostStatusRequest,
  statusFaults,
  type HostStatus,
  type PrinterFault,
} from '../protocols/zebra/hostStatus.ts';
import { zplToBytes } from '../protocols/zebra/zplBytes.ts';
import type { Transport, TransportError } from '../transports/transport.ts';

/** A failed step of the printer lifecycle; `step` names it (open, status, print). */
export class PrinterError extends StationError {
  constructor(
    readonly step: 'open' | 'status' | 'print',
    message: string,
    override readonly cause?: TransportError,
  ) {
    super(`printer-${step}`, message);
    this.name = 'PrinterError';
  }
}

/** What the station knows about a printer after asking it. */
export interface PrinterState {
  readonly address: string;
  readonly ready: boolean;
  /** Empty when ready. 'no-status-reply' when ~HS went unanswered (newer firmware: head open / media out). */
  readonly faults: readonly PrinterFault[];
  readonly status: HostStatus | null;
  readonly checkedAtMs: number;
}

export interface ZebraPrinterOptions {
  /** How long to wait for the ~HS reply before counting the silence as a fault. */
  readonly statusTimeoutMs: number;
  readonly nowMs?: () => number;
}

/**
 * A Zebra ZPL printer on any Transport (USB printer class bulk OUT/IN, serial, raw TCP 9100).
 * Lifecycle: open -> status (~HS) -> print (raw ZPL) -> close. One operation at a time: calls
 * are serialised so a status query never interleaves with a label's bytes.
 */
export class ZebraPrinter {
  private readonly decoder = new HostStatusDecoder();
  private waiter: ((s: HostStatus) => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private failure: TransportError | undefined;
  private readonly now: () => number;
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly transport: Transport,
    private readonly options: ZebraPrinterOptions,
  ) {
    this.now = options.nowMs ?? Date.now;
  }

  get address(): string {
    return this.transport.address;
  }

  async open(): Promise<void> {
    this.failure = undefined;
    this.decoder.reset();
    this.unsubscribe = [
      this.transport.onData((bytes) => {
        for (const e of this.decoder.feed(bytes, this.now())) if (e.kind === 'status') this.waiter?.(e.status);
      }),
      this.transport.onError((e) => (this.failure = e)),
    ];
    try {
      await this.transport.open();
    } catch (e) {
      this.detach();
      throw new PrinterError('open', `cannot open printer ${this.transport.address}: ${e instanceof Error ? e.message : 'failed'}`);
    }
  }

  /** True once the transport reported a fault (the printer must be reopened). */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Asks ~HS. Never throws for a silent printer: silence is the 'no-status-reply' fault. */
  status(): Promise<PrinterState> {
    return this.serial(async () => {
      if (this.failure) return this.state(null, ['disconnected']);
      this.decoder.reset();
      const reply = new Promise<HostStatus | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), this.options.statusTimeoutMs);
        this.waiter = (s) => {
          clearTimeout(timer);
          resolve(s);
        };
      });
      try {
        await this.transport.write(encodeHostStatusRequest());
      } catch {
        this.waiter = undefined;
        return this.state(null, ['disconnected']);
      }
      const status = await reply;
      this.waiter = undefined;
      if (!status) return this.state(null, this.failure ? ['disconnected'] : ['no-status-reply']);
      return this.state(status, statusFaults(status));
    });
  }

  /** Sends one ZPL format; resolves when its last byte has been handed to the link. */
  print(zpl: string): Promise<void> {
    const bytes = zplToBytes(zpl);
    return this.serial(async () => {
      if (this.failure) throw new PrinterError('print', `printer ${this.address} is disconnected`, this.failure);
      try {
        await this.transport.write(bytes);
      } catch (e) {
        throw new PrinterError('print', `sending the label to ${this.address} failed`, e as TransportError);
      }
    });
  }

  async close(): Promise<void> {
    this.detach();
    await this.transport.close();
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  private state(status: HostStatus | null, faults: readonly PrinterFault[]): PrinterState {
    return { address: this.address, ready: faults.length === 0 && status !== null, faults, status, checkedAtMs: this.now() };
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
