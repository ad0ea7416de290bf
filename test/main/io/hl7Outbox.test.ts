import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ack } from '../../../drivers/protocols/hl7/mllp.ts';
import { Hl7Outbox, atomicWrite } from '../../../main/io/hl7Outbox.ts';

const msg = (c: string) => `MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|${c}|P|2.5.1\r`;

/** An EMR that ACKs AA and records what it got. */
function emr() {
  const received: string[] = [];
  const send = async (_message: string, c: string): Promise<Ack> => {
    received.push(c);
    return { code: 'AA', controlId: c, text: '' };
  };
  return { received, send };
}

function outboxDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-rec-'));
  for (const d of ['pending', 'sent', 'failed']) mkdirSync(join(dir, d), { recursive: true });
  return dir;
}

const state = (id: string, controlId: string) => JSON.stringify({ id, controlId, attempts: 0, nextAttemptAtMs: 0, lastError: null });

describe('HL7 outbox: what a crash leaves behind', () => {
  it('a pending .json whose .hl7 is already in sent/ (killed between the two renames of the old move) is finished as sent, never sent again', async () => {
    const dir = outboxDir();
    const id = '001795410000000-POC00000001';
    writeFileSync(join(dir, 'sent', `${id}.hl7`), msg('POC00000001'));
    writeFileSync(join(dir, 'pending', `${id}.json`), state(id, 'POC00000001'));
    const { received, send } = emr();
    const box = new Hl7Outbox(dir, send);
    await expect(box.flush(10)).resolves.toMatchObject({ sent: [], quarantined: [] });
    expect(received).toEqual([]);
    expect(readdirSync(join(dir, 'pending'))).toEqual([]);
    expect(existsSync(join(dir, 'sent', `${id}.state.json`))).toBe(true);
    expect(box.status()).toMatchObject({ pending: 0, quarantined: [], lastFlushError: null });
  });

  it('a move interrupted after its ACK was recorded (new order) is finished, never resent', async () => {
    const dir = outboxDir();
    const { received, send } = emr();
    const box = new Hl7Outbox(dir, send);
    const e = box.enqueue('M1', msg('M1'), 5);
    // Step 1 of a move done, then the station stopped: the ACK is in sent/, the message still pending.
    writeFileSync(join(dir, 'sent', `${e.id}.json`), JSON.stringify({ ack: { code: 'AA', controlId: 'M1', text: '' } }));
    const again = new Hl7Outbox(dir, send);
    await again.flush(10);
    expect(received).toEqual([]);
    expect(readdirSync(join(dir, 'sent')).sort()).toEqual([`${e.id}.hl7`, `${e.id}.json`, `${e.id}.state.json`]);
  });

  it('a truncated .json and a .json without its message are quarantined (visible, kept), and the rest of the queue still goes', async () => {
    const dir = outboxDir();
    const bad = '000000000000001-POC00000001';
    const lost = '000000000000002-POC00000002';
    writeFileSync(join(dir, 'pending', `${bad}.hl7`), msg('POC00000001'));
    writeFileSync(join(dir, 'pending', `${bad}.json`), state(bad, 'POC00000001').slice(0, 20));
    writeFileSync(join(dir, 'pending', `${lost}.json`), state(lost, 'POC00000002'));
    const { received, send } = emr();
    const box = new Hl7Outbox(dir, send, undefined, () => 77);
    box.enqueue('POC00000003', msg('POC00000003'), 3);
    await expect(box.flush(10)).resolves.toMatchObject({ sent: ['000000000000003-POC00000003'] });
    expect(received).toEqual(['POC00000003']);
    expect(box.status().quarantined).toEqual([
      { id: bad, reason: 'unreadable-state', atMs: 77 },
      { id: lost, reason: 'message-missing', atMs: 77 },
    ]);
    // Nothing was deleted: the unreadable entry's message is kept for staff.
    expect(readFileSync(join(dir, 'quarantine', `${bad}.hl7`), 'utf8')).toBe(msg('POC00000001'));
    expect(existsSync(join(dir, 'quarantine', `${lost}.json`))).toBe(true);
  });

  it('a message whose state was never written (stopped inside enqueue) is sent', async () => {
    const dir = outboxDir();
    const id = '000000000000004-POC00000004';
    writeFileSync(join(dir, 'pending', `${id}.hl7`), msg('POC00000004'));
    const { received, send } = emr();
    await new Hl7Outbox(dir, send).flush(10);
    expect(received).toEqual(['POC00000004']);
  });

  it('enqueue is idempotent: the same control id and sequence is never queued twice, even after it was sent', async () => {
    const dir = outboxDir();
    const { received, send } = emr();
    const box = new Hl7Outbox(dir, send);
    box.enqueue('POC00000005', msg('POC00000005'), 9);
    box.enqueue('POC00000005', msg('POC00000005'), 9);
    expect(box.list()).toHaveLength(1);
    await box.flush(10);
    box.enqueue('POC00000005', msg('POC00000005'), 9);
    await box.flush(20);
    expect(received).toEqual(['POC00000005']);
    expect(box.list()).toEqual([]);
  });

  it('a flush that fails as a whole keeps its code for the status, and the next one clears it', async () => {
    const dir = outboxDir();
    const { send } = emr();
    const box = new Hl7Outbox(dir, send);
    box.enqueue('POC00000006', msg('POC00000006'), 1);
    // The sent/ folder cannot take the message (a file where the folder should be).
    const sent = join(dir, 'sent');
    rmSync(sent, { recursive: true });
    writeFileSync(sent, 'not a folder');
    await expect(box.flush(10)).rejects.toBeTruthy();
    expect(box.flushError()).toMatch(/^E[A-Z]+$/);
    expect(box.status().lastFlushError).toBe(box.flushError());
    rmSync(sent);
    mkdirSync(sent);
    await expect(box.flush(20)).resolves.toMatchObject({ sent: ['000000000000001-POC00000006'] });
    expect(box.status().lastFlushError).toBeNull();
  });

  it('atomicWrite leaves the full text and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    atomicWrite(join(dir, 'a.json'), '{"x":1}');
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"x":1}');
  });
});

describe('HL7 outbox: delivery is at least once, never lost', () => {
  it('stopped after the EMR ACKed but before the ACK was written: sent again after restart with the same MSH-10, never lost', async () => {
    const dir = outboxDir();
    const received: string[] = [];
    // The EMR takes the message and ACKs it; the station stops before it can record the ACK.
    const crashing = new Hl7Outbox(dir, async (m) => {
      received.push(m);
      throw new Error('station stopped');
    });
    crashing.enqueue('POC00000007', msg('POC00000007'), 1);
    await crashing.flush(10);
    const { send } = emr();
    const restarted = new Hl7Outbox(dir, async (m, c) => (received.push(m), send(m, c)));
    await restarted.flush(1_000_000);
    // Two copies, byte for byte the same message: same control id, which the EMR de-duplicates on.
    expect(received).toHaveLength(2);
    expect(received[1]).toBe(received[0]);
    expect(received[0]!.split('|')[9]).toBe('POC00000007');
    expect(readdirSync(join(dir, 'sent'))).toContain('000000000000001-POC00000007.hl7');
  });
});

describe('HL7 outbox: work registered to run before every flush', () => {
  it('runs before the queue is read, so what it queues goes in the same flush; a hook that throws does not stop the flush', async () => {
    const dir = outboxDir();
    const { received, send } = emr();
    const box = new Hl7Outbox(dir, send);
    box.enqueue('POC00000001', msg('POC00000001'), 1);
    let calls = 0;
    box.beforeFlush(() => {
      throw new Error('database is locked');
    });
    const off = box.beforeFlush(() => {
      calls++;
      box.enqueue('POC00000002', msg('POC00000002'), 2);
    });
    expect(await box.flush(10)).toMatchObject({ sent: ['000000000000001-POC00000001', '000000000000002-POC00000002'] });
    expect(received).toEqual(['POC00000001', 'POC00000002']);
    off();
    await box.flush(20);
    expect(calls).toBe(1);
  });
});

describe('HL7 outbox: what a message in sent/ means depends on the mode it was moved in', () => {
  it('records the mode with each decision (MLLP: the EMR acknowledged it; folder: only written to the pick-up folder), and status() says the mode', async () => {
    const dir = outboxDir();
    const { send } = emr();
    const folder = new Hl7Outbox(dir, send, undefined, undefined, 'folder');
    expect(folder.status().mode).toBe('folder');
    folder.enqueue('POC00000001', msg('POC00000001'), 1);
    await folder.flush(10);
    const mllp = new Hl7Outbox(dir, send);
    expect(mllp.status().mode).toBe('mllp');
    mllp.enqueue('POC00000002', msg('POC00000002'), 2);
    await mllp.flush(20);
    for (const box of [folder, mllp]) {
      expect(box.sentVia('000000000000001-POC00000001')).toBe('folder');
      expect(box.sentVia('000000000000002-POC00000002')).toBe('mllp');
    }
    expect(JSON.parse(readFileSync(join(dir, 'sent', '000000000000001-POC00000001.json'), 'utf8'))).toMatchObject({ ack: { code: 'AA' }, mode: 'folder' });
    // A decision written before modes were recorded reads as the outbox's mode now.
    writeFileSync(join(dir, 'sent', '000000000000002-POC00000002.json'), JSON.stringify({ ack: { code: 'AA', controlId: 'POC00000002', text: '' } }));
    expect(folder.sentVia('000000000000002-POC00000002')).toBe('folder');
    expect(mllp.sentVia('000000000000002-POC00000002')).toBe('mllp');
  });
});

describe('HL7 outbox: retries through an EMR outage', () => {
  it('backs off from 5 s but never waits more than 2 minutes between tries: results go soon after the link is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-backoff-'));
    try {
      const box = new Hl7Outbox(dir, () => Promise.reject(new Error('connection refused')));
      const e = box.enqueue('M1', msg('M1'), 5);
      const delays: number[] = [];
      let now = 1_000_000;
      for (let k = 0; k < 12; k++) {
        await box.flush(now);
        const next = (JSON.parse(readFileSync(join(dir, 'pending', `${e.id}.json`), 'utf8')) as { nextAttemptAtMs: number }).nextAttemptAtMs;
        delays.push(next - now);
        now = next;
      }
      expect(delays.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
      expect(Math.max(...delays)).toBe(120_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
