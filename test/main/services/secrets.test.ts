import { describe, expect, it } from 'vitest';
import { badgeLookupHash, hashPin, verifyPin } from '../../../main/services/secrets.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('PIN hashing', () => {
  it('verifies the right PIN only, with a fresh salt each time and no clear text stored', async () => {
    const a = await hashPin('482913', cheap);
    const b = await hashPin('482913', cheap);
    expect(a).not.toBe(b);
    expect(a).not.toContain('482913');
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPin('482913', a)).toBe(true);
    expect(await verifyPin('482914', a)).toBe(false);
  });

  it('refuses malformed PINs and treats malformed stored hashes as a mismatch', async () => {
    await expect(hashPin('12a4', cheap)).rejects.toMatchObject({ code: 'format' });
    await expect(hashPin('123', cheap)).rejects.toMatchObject({ code: 'format' });
    expect(await verifyPin('1234', 'plain-1234')).toBe(false);
    expect(await verifyPin('1234', 'scrypt$x$8$1$AAAA$AAAA')).toBe(false);
  });

  it('badge lookup hashes depend on the station salt and hide the badge', () => {
    expect(badgeLookupHash('BADGE-1', 's1')).toBe(badgeLookupHash('BADGE-1', 's1'));
    expect(badgeLookupHash('BADGE-1', 's1')).not.toBe(badgeLookupHash('BADGE-1', 's2'));
    expect(badgeLookupHash('BADGE-1', 's1')).not.toContain('BADGE');
  });
});
