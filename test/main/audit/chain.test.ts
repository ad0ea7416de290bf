import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../../main/audit/canonical.ts';
import { chainHash, chainHashEncoded, GENESIS_HASH } from '../../../main/audit/chain.ts';
import { toRecord } from '../../../main/audit/entry.ts';

const rec = (seq: number, verb = 'view') =>
  toRecord({ operator: null, action: 'read', verb, objectType: 'patient', outcome: 'success' }, seq, '2026-01-05T09:00:00.000Z', 'st');

describe('chainHash', () => {
  it('is SHA-256 over the previous hash, a newline and the canonical encoding', () => {
    const r = rec(1);
    const expected = createHash('sha256').update(GENESIS_HASH + '\n' + encodeCanonical(r)).digest('hex');
    expect(chainHash(GENESIS_HASH, r)).toBe(expected);
    expect(chainHashEncoded(GENESIS_HASH, encodeCanonical(r))).toBe(expected);
  });

  it('depends on the previous hash and on every field', () => {
    const h1 = chainHash(GENESIS_HASH, rec(1));
    expect(chainHash(h1, rec(2))).not.toBe(chainHash(GENESIS_HASH, rec(2)));
    expect(chainHash(h1, rec(2, 'print'))).not.toBe(chainHash(h1, rec(2)));
  });
});
