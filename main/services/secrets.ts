import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { FormatError } from '../../common/errors.ts';

/** scrypt cost (RFC 7914). The stored string carries its own cost, so it can be raised later. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** N=2^17, r=8, p=1 (128 MiB): the OWASP Password Storage Cheat Sheet's scrypt minimum. */
export const DEFAULT_PIN_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export const PIN_PATTERN = /^[0-9]{4,12}$/;
export const BADGE_PATTERN = /^[\x21-\x7e]{4,64}$/;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 2 * 128 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$key` (base64): a fresh random salt per secret. */
export async function hashPin(pin: string, cost: ScryptCost = DEFAULT_PIN_COST): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new FormatError('PIN must be 4 to 12 digits');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison against a stored hashPin string; false for anything malformed. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (N === undefined || r === undefined || p === undefined || ![N, r, p].every(Number.isSafeInteger)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await derive(pin, salt, { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Badge ids are looked up, so they are stored as a keyed SHA-256 (the key is a random
 * per-database salt from settings), never in clear.
 */
export function badgeLookupHash(badgeId: string, stationSalt: string): string {
  return createHash('sha256').update(stationSalt).update('\n').update(badgeId).digest('hex');
}
