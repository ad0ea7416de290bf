import { hash } from 'node:crypto';
import { encodeCanonical } from './canonical.ts';
import type { AuditRecord } from './entry.ts';

/** The "previous hash" of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash(n) = SHA-256(hash(n-1) + "\n" + canonical(n)), hex: each entry commits to all the ones
 * before it, so changing, removing or reordering any entry breaks every later hash
 * (hash chaining as in Haller17/HashChainAlgo; SHA-256 per FIPS 180-4 via node:crypto).
 */
export function chainHash(previousHash: string, record: AuditRecord): string {
  return hash('sha256', previousHash + '\n' + encodeCanonical(record), 'hex');
}

/** chainHash of an already encoded record (verify hashes stored rows without rebuilding objects). */
export function chainHashEncoded(previousHash: string, canonical: string): string {
  return hash('sha256', previousHash + '\n' + canonical, 'hex');
}
