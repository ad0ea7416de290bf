import { readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { TransportError } from './transport.ts';
import { ListenedTransport, toBytes } from './listeners.ts';

export interface SerialOptions {
  readonly path: string;
  readonly baudRate: number;
  /** How often to check that the device node still exists (0 = never). Default 1000 ms. */
  readonly presenceCheckMs?: number;
}

const READ_BUFFER_BYTES = 64 * 1024;

/** What the Linux and macOS bindings of serialport 13 hold: the non-blocking fd and its readiness poller. */
interface PolledBinding {
  readonly fd: number | null;
  readonly poller: { once(event: 'readable', callback: (err: (Error & { canceled?: boolean }) | null) => void): unknown };
}

function polledBinding(port: SerialPort): PolledBinding | undefined {
  const b = port.port as unknown as Partial<PolledBinding> | undefined;
  return b && typeof b.fd === 'number' && typeof b.poller?.once === 'function' ? (b as PolledBinding) : undefined;
}

/**
 * Serial port transport over node-serialport 13. serialport marks a close caused by unplugging
 * with `disconnected: true` (bindings-interface contract); every other unexpected error is fatal.
 */
export class SerialTransport extends ListenedTransport {
  readonly address: string;
  private port: SerialPort | undefined;
  private closing = false;
  private writing: { reject: (e: TransportError) => void } | undefined;
  private failed = false;
  private presenceTimer: ReturnType<typeof setInterval> | undefined;
  private readonly readBuffer = new Uint8Array(READ_BUFFER_BYTES);

  constructor(private readonly options: SerialOptions) {
    super();
    this.address = `serial:${options.path}@${options.baudRate}`;
  }

  async open(): Promise<void> {
    if (this.port) throw new TransportError('fatal', `${this.address} is already open`);
    this.closing = false;
    this.failed = false;
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(new TransportError('fatal', `cannot open ${this.address}: ${err.message}`)) : resolve()));
    });
    this.port = port;
    const binding = polledBinding(port);
    if (binding) this.readWhenReadable(port, binding);
    else port.on('data', (chunk: Buffer) => this.listeners.emitData(toBytes(chunk)));
    port.on('error', (err: Error) => this.fail(new TransportError('fatal', `${this.address}: ${err.message}`)));
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (err?.disconnected) this.fail(new TransportError('disconnected', `${this.address} disconnected`));
      this.finish();
    });
    // serialport 13's own reader (still used where there is no poller) misses some hang-ups: a
    // pty whose other side closes before the first poll makes it spin on 0-byte reads and never
    // report. A vanished device node (USB adapter unplugged, socat link removed) is a disconnect
    // whatever the binding says.
    const everyMs = this.options.presenceCheckMs ?? 1000;
    if (everyMs > 0) {
      this.presenceTimer = setInterval(() => {
        stat(this.options.path).catch(() => this.fail(new TransportError('disconnected', `${this.address} disappeared`)));
      }, everyMs);
      this.presenceTimer.unref();
    }
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port || this.closing) return;
    this.closing = true;
    this.writing?.reject(new TransportError('cancelled', `${this.address} closed during a write`));
    await new Promise<void>((resolve) => {
      if (!port.isOpen) return resolve();
      port.close(() => resolve());
    });
    this.finish();
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || this.closing) throw new TransportError('cancelled', `${this.address} is not open`);
    if (this.writing) throw new TransportError('fatal', `${this.address}: a write is already in flight`);
    try {
      await new Promise<void>((resolve, reject) => {
        this.writing = { reject };
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        // drain() resolves once the OS has transmitted the bytes, so "write settled" means sent.
        port.drain((err) => {
          if (err) reject(this.closing ? new TransportError('cancelled', `${this.address} closed during a write`) : new TransportError('fatal', `${this.address}: write failed: ${err.message}`));
          else resolve();
        });
      });
    } finally {
      this.writing = undefined;
    }
  }

  /**
   * Linux/macOS: wait for the poller, then one non-blocking read on this thread into a reused
   * buffer. serialport's own stream reads through the libuv thread pool (a promise, a pooled
   * Buffer and a second read that fails with EAGAIN per chunk), which cost a streaming cart more
   * CPU than decoding it. Any read error or a 0-byte read (hang-up) is a disconnect, as
   * serialport reports it; the Windows binding has no poller and keeps serialport's stream.
   */
  private readWhenReadable(port: SerialPort, binding: PolledBinding): void {
    binding.poller.once('readable', (err) => {
      if (this.port !== port || this.closing || this.failed) return;
      if (err) {
        if (!err.canceled) this.fail(new TransportError('disconnected', `${this.address}: ${err.message}`));
        return;
      }
      const fd = binding.fd;
      if (fd === null) return;
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, this.readBuffer, 0, this.readBuffer.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') return this.readWhenReadable(port, binding);
        return this.fail(new TransportError('disconnected', `${this.address}: read failed (${code ?? 'error'})`));
      }
      if (bytesRead === 0) return this.fail(new TransportError('disconnected', `${this.address} hung up`));
      this.listeners.emitData(toBytes(this.readBuffer.subarray(0, bytesRead)));
      this.readWhenReadable(port, binding);
    });
  }

  private fail(error: TransportError): void {
    if (this.closing || this.failed) return;
    this.failed = true;
    this.writing?.reject(error);
    this.listeners.emitError(error);
    const port = this.port;
    if (port?.isOpen) port.close(() => this.finish());
    else this.finish();
  }

  private finish(): void {
    if (this.presenceTimer !== undefined) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
    if (!this.port) return;
    this.port.removeAllListeners();
    // A late OS error after we let go must not become an unhandled 'error' event.
    this.port.on('error', () => undefined);
    this.port = undefined;
    this.listeners.emitClose();
  }
}
