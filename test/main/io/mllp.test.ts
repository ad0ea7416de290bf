import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MllpDecoder, encodeMllp } from '../../../drivers/protocols/hl7/mllp.ts';
import { sendMllp, MllpSendError } from '../../../main/io/mllpClient.ts';
import { Hl7Outbox, writeOutboundFile } from '../../../main/io/hl7Outbox.ts';

type Mode = 'AA' | 'AE' | 'AR' | 'drop' | 'silent' | 'wrong-id';

/** A real EMR stand-in on 127.0.0.1: answers each MLLP message according to `modes` in turn. */
async function listener(modes: Mode[]): Promise<{ port: number; received: string[]; server: Server }> {
  const received: string[] = [];
  let i = 0;
  const server = createServer((socket: Socket) => {
    const d = new MllpDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const msg of d.feed(new Uint8Array(chunk))) {
        received.push(msg);
        const mode = modes[Math.min(i++, modes.length - 1)]!;
        const ctrl = /^MSH\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|([^|]*)/.exec(msg)?.[1] ?? '';
        if (mode === 'drop') socket.destroy();
        else if (mode === 'silent') continue;
        else socket.write(encodeMllp(`MSH|^~\\&|EMR|C|STATION|C|20261122||ACK^R01|A${i}|P|2.5.1\rMSA|${mode === 'wrong-id' ? 'AA' : mode}|${mode === 'wrong-id' ? 'OTHER' : ctrl}\r`));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return { port: addr.port, received, server };
}

const msg = (ctrl: string) => `MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|${ctrl}|P|2.5.1\rPID|1||M1^^^C^MR\r`;

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  servers = [];
});

describe('MLLP client against a local listener', () => {
  it('AA, AE and AR come back as typed ACKs for our control id', async () => {
    const l = await listener(['AA', 'AE', 'AR']);
    servers.push(l.server);
    const t = { host: '127.0.0.1', port: l.port, timeoutMs: 2000 };
    expect((await sendMllp(t, msg('C1'), 'C1')).code).toBe('AA');
    expect((await sendMllp(t, msg('C2'), 'C2')).code).toBe('AE');
    expect((await sendMllp(t, msg('C3'), 'C3')).code).toBe('AR');
    expect(l.received[0]).toBe(msg('C1'));
  });

  it('a dropped connection, silence, an ACK for another message and a closed port are typed errors', async () => {
    const l = await listener(['drop', 'silent', 'wrong-id']);
    servers.push(l.server);
    const t = { host: '127.0.0.1', port: l.port, timeoutMs: 500 };
    await expect(sendMllp(t, msg('D1'), 'D1')).rejects.toMatchObject({ code: 'mllp-closed' });
    await expect(sendMllp(t, msg('D2'), 'D2')).rejects.toMatchObject({ code: 'mllp-timeout' });
    await expect(sendMllp(t, msg('D3'), 'D3')).rejects.toMatchObject({ code: 'mllp-reply' });
    l.server.close();
    servers = [];
    // Nothing listens any more: refused at connect, told apart from a connection dropped after it was made.
    const refused = sendMllp(t, msg('D4'), 'D4');
    await expect(refused).rejects.toBeInstanceOf(MllpSendError);
    await expect(refused).rejects.toMatchObject({ code: 'mllp-connect' });
  });
});

describe('HL7 outbox (persistent retry queue)', () => {
  it('retries after a drop with backoff, keeps order, survives a restart, parks AE in failed/', async () => {
    const l = await listener(['drop', 'AA', 'AE']);
    servers.push(l.server);
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const send = (m: string, c: string) => sendMllp({ host: '127.0.0.1', port: l.port, timeoutMs: 1000 }, m, c);
    const box = new Hl7Outbox(dir, send, { baseMs: 1000, maxMs: 8000 });
    box.enqueue('M1', msg('M1'), 0);
    box.enqueue('M2', msg('M2'), 1);
    const first = await box.flush(10);
    expect(first.sent).toEqual([]);
    expect(first.retrying).toHaveLength(2);
    expect(box.list()[0]).toMatchObject({ attempts: 1, nextAttemptAtMs: 1010, lastError: 'mllp-closed' });
    expect((await box.flush(500)).sent).toEqual([]); // not due yet: nothing sent
    // A new process (restart) sees the same queue on disk.
    const again = new Hl7Outbox(dir, send, { baseMs: 1000, maxMs: 8000 });
    const second = await again.flush(2000);
    expect(second.sent).toHaveLength(1);
    expect(second.failed).toHaveLength(1);
    expect(readdirSync(join(dir, 'pending'))).toEqual([]);
    expect(readdirSync(join(dir, 'sent')).some((f) => f.endsWith('M1.hl7'))).toBe(true);
    expect(readdirSync(join(dir, 'failed')).some((f) => f.endsWith('M2.hl7'))).toBe(true);
  });

  it('writes outbound files atomically and never overwrites one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbound-'));
    const p = writeOutboundFile(dir, 'X1', msg('X1'));
    expect(readFileSync(p, 'utf8')).toBe(msg('X1'));
    expect(existsSync(`${p}.tmp`)).toBe(false);
    expect(() => writeOutboundFile(dir, 'X1', msg('X1'))).toThrow(/already exists/);
    expect(() => writeOutboundFile(dir, '../x', 'm')).toThrow(/file-name safe/);
  });
});
