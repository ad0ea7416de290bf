import { collectBytes, patternBytes } from '../../helpers/longStream.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../drivers/transports/serial.ts';
import type { TransportError } from '../../../drivers/transports/transport.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';

function collect(t: SerialTransport): { bytes: () => number[]; until: (n: number) => Promise<number[]> } {
  const got: number[] = [];
  const waiters: Array<() => void> = [];
  t.onData((b) => {
    got.push(...b);
    waiters.forEach((w) => w());
  });
  return {
    bytes: () => got,
    until: (n) =>
      new Promise((resolve) => {
        const check = (): void => void (got.length >= n && resolve(got.slice()));
        waiters.push(check);
        check();
      }),
  };
}

describe('SerialTransport over a real socat pty pair', () => {
  let pair: PtyPair | undefined;
  const opened: SerialTransport[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close();
    await pair?.kill();
    pair = undefined;
  });

  it('moves every byte value both ways', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 115200 });
    const b = new SerialTransport({ path: pair.b, baudRate: 115200 });
    opened.push(a, b);
    await a.open();
    await b.open();
    const rx = collect(b);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    await a.write(all);
    expect(await rx.until(256)).toEqual([...all]);
    const back = collect(a);
    await b.write(Uint8Array.of(1, 2, 3));
    expect(await back.until(3)).toEqual([1, 2, 3]);
  });

  it('delivers a stream longer than its read buffer, every byte in order, chunks kept intact', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 921600 });
    const b = new SerialTransport({ path: pair.b, baudRate: 921600 });
    opened.push(a, b);
    await a.open();
    await b.open();
    const sent = patternBytes(150_000);
    const received = collectBytes(b, sent.length);
    for (let o = 0; o < sent.length; o += 4096) await a.write(sent.subarray(o, o + 4096));
    const got = await received;
    expect(Buffer.from(got).equals(Buffer.from(sent))).toBe(true);
  });

  it('rejects a second write while one is in flight', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 115200 });
    opened.push(a);
    await a.open();
    const first = a.write(new Uint8Array(64));
    await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'fatal', code: 'transport-fatal' });
    await first;
  });

  it('reports a hang-up (socat killed) as disconnected, then closes', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 115200 });
    opened.push(a);
    await a.open();
    const errors: TransportError[] = [];
    const closed = new Promise<void>((r) => a.onClose(r));
    a.onError((e) => errors.push(e));
    // Let the first read reach the poller: a hang-up before it makes serialport 13 spin on
    // 0-byte reads (the presence check below covers that case).
    await new Promise((r) => setTimeout(r, 200));
    await pair.kill();
    await closed;
    expect(errors).toHaveLength(1);
    expect(['disconnected', 'fatal']).toContain(errors[0]!.kind);
  });

  it('close() is idempotent, emits close once, and later writes are cancelled', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 115200 });
    await a.open();
    let closes = 0;
    a.onClose(() => closes++);
    await a.close();
    await a.close();
    expect(closes).toBe(1);
    await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('fails to open a missing path with a fatal TransportError', async () => {
    const t = new SerialTransport({ path: '/nonexistent/tty', baudRate: 9600 });
    await expect(t.open()).rejects.toMatchObject({ kind: 'fatal' });
  });

  it('a hang-up right after open (serialport misses it) is caught by the presence check', async () => {
    pair = await createPtyPair();
    const a = new SerialTransport({ path: pair.a, baudRate: 115200, presenceCheckMs: 100 });
    opened.push(a);
    await a.open();
    const errors: TransportError[] = [];
    a.onError((e) => errors.push(e));
    const closed = new Promise<void>((r) => a.onClose(r));
    await pair.kill();
    await closed;
    expect(errors.map((e) => e.kind)).toEqual(['disconnected']);
  });
});
