import { describe, expect, it } from 'vitest';
import { crc16CcittFalse } from '../../../drivers/protocols/crc16ccittFalse.ts';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the catalogue check value and known vectors', () => {
    expect(crc16CcittFalse(ascii('123456789'))).toBe(0x29b1);
    expect(crc16CcittFalse(new Uint8Array(0))).toBe(0xffff);
    expect(crc16CcittFalse(ascii('A'))).toBe(0xb915);
    expect(crc16CcittFalse(Uint8Array.of(0x00))).toBe(0xe1f0);
  });
  it('respects start/end', () => {
    expect(crc16CcittFalse(ascii('xx123456789yy'), 2, 11)).toBe(0x29b1);
  });
});
