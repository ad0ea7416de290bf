import { connect, type Socket } from 'node:net';
import { TransportError } from './transport.ts';
import { ListenedTransport, toBytes } from './listeners.ts';

const READ_BUFFER_BYTES = 64 * 1024;

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
}

/** TCP client transport (node:net). A peer that closes the connection is a `disconnected` fault. */
export class TcpTransport extends ListenedTransport {
  readonly address: string;
  private socket: Socket | undefined;
  private closing = false;
  private failed = false;
  private writing: { reject: (e: TransportError) => void } | undefined;

  constructor(private readonly options: TcpOptions) {
    super();
    this.address = `tcp:${options.host}:${options.port}`;
  }

  async open(): Promise<void> {
    if (this.socket) throw new TransportError('fatal', `${this.address} is already open`);
    this.closing = false;
    this.failed = false;
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    // Bytes go straight from the socket into one reused buffer and out as a copy (`onread`): a
    // streaming device sends 60+ chunks a second, and the Readable machinery (a pooled Buffer,
    // push, 'data' emit and read-ahead tick per chunk) cost more than the decoding did. Bytes that
    // come before open() has finished are handed on right after it, as the stream would have.
    let early: Uint8Array[] | null = [];
    const readBuffer = new Uint8Array(READ_BUFFER_BYTES);
    const onread = {
      buffer: readBuffer,
      callback: (bytesRead: number, buffer: Uint8Array): boolean => {
        const bytes = toBytes(buffer.subarray(0, bytesRead));
        if (early) early.push(bytes);
        else this.listeners.emitData(bytes);
        return true;
      },
    };
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.options.host, port: this.options.port, onread });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TransportError('timeout', `${this.address}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(new TransportError('fatal', `cannot connect ${this.address}: ${err.message}`));
      });
    });
    socket.setNoDelay(true);
    this.socket = socket;
    process.nextTick(() => {
      const pending = early ?? [];
      early = null;
      if (this.socket === socket) for (const bytes of pending) this.listeners.emitData(bytes);
    });
    socket.on('error', (err) => this.fail(new TransportError('fatal', `${this.address}: ${err.message}`)));
    socket.on('end', () => this.fail(new TransportError('disconnected', `${this.address}: peer closed the connection`)));
    socket.on('close', () => {
      if (!this.closing) this.fail(new TransportError('disconnected', `${this.address}: connection closed`));
      this.finish();
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closing) return;
    this.closing = true;
    this.writing?.reject(new TransportError('cancelled', `${this.address} closed during a write`));
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
    this.finish();
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closing) throw new TransportError('cancelled', `${this.address} is not open`);
    if (this.writing) throw new TransportError('fatal', `${this.address}: a write is already in flight`);
    try {
      await new Promise<void>((resolve, reject) => {
        this.writing = { reject };
        socket.write(bytes, (err) => {
          if (err) reject(this.closing ? new TransportError('cancelled', `${this.address} closed during a write`) : new TransportError('fatal', `${this.address}: write failed: ${err.message}`));
          else resolve();
        });
      });
    } finally {
      this.writing = undefined;
    }
  }

  private fail(error: TransportError): void {
    if (this.closing || this.failed) return;
    this.failed = true;
    this.writing?.reject(error);
    this.listeners.emitError(error);
    this.socket?.destroy();
  }

  private finish(): void {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    // A late OS error after we let go must not become an unhandled 'error' event.
    this.socket.on('error', () => undefined);
    this.socket = undefined;
    this.listeners.emitClose();
  }
}
