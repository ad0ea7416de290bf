import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
