import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmrLink } from '../../../../main/services/poc/emrLink.ts';

describe('EMR link without an MLLP host', () => {
  it('flushes queued messages into the outbound folder, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-'));
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 10 });
    const msg = 'MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|POC00000009|P|2.5.1\r';
    link.outbox.enqueue('POC00000009', msg, Date.now());
    const file = join(dir, 'outbound', 'POC00000009.hl7');
    for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    link.close();
    expect(readFileSync(file, 'utf8')).toBe(msg);
    expect(link.outbox.list()).toEqual([]);
  });
});

describe('EMR link: a flush that fails never takes the station down', () => {
  it('reports the failure code (no patient data) and keeps running; the status shows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-fail-'));
    const codes: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 10, onFlushError: (c) => codes.push(c) });
    // The pending folder disappears under the running station: every flush now fails as a whole.
    rmSync(join(dir, 'pending'), { recursive: true });
    for (let i = 0; i < 200 && codes.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    link.close();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(codes.slice(0, 2)).toEqual(['ENOENT', 'ENOENT']);
    expect(link.outbox.status()).toMatchObject({ pending: 0, lastFlushError: 'ENOENT' });
  });

  it('a file already in the outbound folder with the same message counts as delivered (stopped before the outbox moved it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-dup-'));
    const msg = 'MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|POC00000010|P|2.5.1\r';
    mkdirSync(join(dir, 'outbound'), { recursive: true });
    writeFileSync(join(dir, 'outbound', 'POC00000010.hl7'), msg);
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 100_000 });
    link.outbox.enqueue('POC00000010', msg, 1);
    expect(await link.outbox.flush(10)).toMatchObject({ sent: ['000000000000001-POC00000010'], retrying: [] });
    link.outbox.enqueue('POC00000011', msg.replace('POC00000010', 'POC00000011'), 2);
    writeFileSync(join(dir, 'outbound', 'POC00000011.hl7'), 'another message');
    expect(await link.outbox.flush(20)).toMatchObject({ failed: ['000000000000002-POC00000011'], retrying: [] });
    link.close();
  });
});
