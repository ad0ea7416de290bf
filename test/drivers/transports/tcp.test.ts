import { collectBytes, patternBytes } from '../../helpers/longStream.ts';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../drivers/transports/tcp.ts';
import type { TransportError } from '../../../drivers/transports/transport.ts';

describe('TcpTransport over real TCP on 127.0.0.1', () => {
  let server: Server | undefined;
  const peers: Socket[] = [];
  afterEach(async () => {
    peers.splice(0).forEach((p) => p.destroy());
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function listen(): Promise<number> {
    server = createServer((s) => peers.push(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return (server.address() as { port: number }).port;
  }

  it('moves bytes both ways and names its address', async () => {
    const port = await listen();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    expect(t.address).toBe(`tcp:127.0.0.1:${port}`);
    await t.open();
    const got: number[] = [];
    const echoed = new Promise<void>((resolve) => t.onData((b) => (got.push(...b), got.length >= 4 && resolve())));
    await new Promise((r) => setTimeout(r, 20));
    peers[0]!.on('data', (d) => peers[0]!.write(d));
    await t.write(Uint8Array.of(0, 255, 128, 7));
    await echoed;
    expect(got).toEqual([0, 255, 128, 7]);
    await t.close();
  });

  it('delivers a peer greeting sent on connect and a stream longer than its read buffer, every byte in order', async () => {
    const sent = patternBytes(200_000);
    server = createServer((s) => {
      peers.push(s);
      s.write(sent.subarray(0, 1000));
      setTimeout(() => s.write(sent.subarray(1000)), 20);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const t = new TcpTransport({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
    const received = collectBytes(t, sent.length);
    await t.open();
    const got = await received;
    expect(Buffer.from(got).equals(Buffer.from(sent))).toBe(true);
    await t.close();
  });

  it('reports the peer closing as disconnected, once, then closes', async () => {
    const port = await listen();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const errors: TransportError[] = [];
    t.onError((e) => errors.push(e));
    const closed = new Promise<void>((r) => t.onClose(r));
    await new Promise((r) => setTimeout(r, 20));
    peers[0]!.end();
    await closed;
    expect(errors.map((e) => e.kind)).toEqual(['disconnected']);
  });

  it('rejects a second write in flight; writes after close are cancelled', async () => {
    const port = await listen();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const first = t.write(new Uint8Array(16));
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'fatal' });
    await first;
    await t.close();
    await t.close();
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('a refused connection is a fatal open error', async () => {
    const port = await listen();
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    await expect(new TcpTransport({ host: '127.0.0.1', port }).open()).rejects.toMatchObject({ kind: 'fatal' });
  });
});
