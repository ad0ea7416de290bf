import { createServer, type Server, type Socket } from 'node:net';
import { SerialTransport } from '../../transports/serial.ts';

/**
 * The simulator's end of the wire: a serial device (one end of a socat pty pair) or a TCP
 * listener on 127.0.0.1 (one host at a time). `unplug()` makes the cart vanish (port closed,
 * TCP connection dropped and listener closed) until `replug()`.
 */
export interface SimLink {
  readonly address: string;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Queues bytes; a slow host makes the queue grow, as a real cart's UART FIFO would. */
  send(bytes: Uint8Array): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function openSerialLink(path: string, baudRate: number): Promise<SimLink> {
  const t = new SerialTransport({ path, baudRate });
  let queue: Uint8Array[] = [];
  let writing = false;
  let plugged = true;
  const flush = async (): Promise<void> => {
    if (writing || !plugged) return;
    writing = true;
    try {
      while (queue.length > 0 && plugged) {
        const parts = queue;
        queue = [];
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
        await t.write(all);
      }
    } catch {
      // Host side gone or port closed by unplug: the bytes are lost, as on a real wire.
      queue = [];
    } finally {
      writing = false;
    }
  };
  await t.open();
  return {
    address: `serial:${path}`,
    onData: (l) => void t.onData(l),
    send(bytes) {
      if (!plugged) return;
      queue.push(bytes);
      void flush();
    },
    async unplug() {
      plugged = false;
      queue = [];
      await t.close();
    },
    async replug() {
      await t.open();
      plugged = true;
    },
    close: () => t.close(),
  };
}

export async function openTcpLink(port: number): Promise<SimLink> {
  const listeners: Array<(b: Uint8Array) => void> = [];
  let client: Socket | undefined;
  let server: Server | undefined;
  let boundPort = port;
  const listen = async (): Promise<void> => {
    const s = createServer((socket) => {
      client?.destroy();
      client = socket;
      socket.setNoDelay(true);
      socket.on('data', (d: Buffer) => listeners.forEach((l) => l(new Uint8Array(d))));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (client === socket) client = undefined;
      });
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(boundPort, '127.0.0.1', () => resolve());
    });
    boundPort = (s.address() as { port: number }).port;
    server = s;
  };
  const shut = async (): Promise<void> => {
    client?.destroy();
    client = undefined;
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return {
    get address() {
      return `tcp:127.0.0.1:${boundPort}`;
    },
    onData: (l) => void listeners.push(l),
    send(bytes) {
      client?.write(bytes);
    },
    unplug: shut,
    replug: listen,
    close: shut,
  };
}
