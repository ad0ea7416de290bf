import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MllpDecoder, encodeMllp, parseAck, MllpError } from '../../../../drivers/protocols/hl7/mllp.ts';
import { utf8Decode, utf8Encode } from '../../../../drivers/protocols/hl7/utf8.ts';

describe('MLLP', () => {
  it('frames as VT msg FS CR', () => {
    const b = encodeMllp('MSH|^~\\&');
    expect(b[0]).toBe(0x0b);
    expect(Array.from(b.slice(-2))).toEqual([0x1c, 0x0d]);
  });

  it('decode(encode(msgs)) == msgs across any chunking', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.includes('\x0b') && !s.includes('\x1c')), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 17 }), (msgs, step) => {
      const all = msgs.map(encodeMllp);
      const bytes = new Uint8Array(all.reduce((n, a) => n + a.length, 0));
      let at = 0;
      for (const a of all) {
        bytes.set(a, at);
        at += a.length;
      }
      const d = new MllpDecoder();
      const out: string[] = [];
      for (let i = 0; i < bytes.length; i += step) out.push(...d.feed(bytes.slice(i, i + step)));
      expect(out).toEqual(msgs);
    }));
  });

  it('utf8 codec matches the platform codec', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(Array.from(utf8Encode(s))).toEqual(Array.from(new TextEncoder().encode(s)));
      expect(utf8Decode(utf8Encode(s))).toBe(s);
    }));
  });

  it('parses ACK codes and refuses non-ACKs', () => {
    expect(parseAck('MSH|^~\\&|EMR||STATION||20261122||ACK|9|P|2.5.1\rMSA|AE|CTRL1|bad OBX\r')).toEqual({ code: 'AE', controlId: 'CTRL1', text: 'bad OBX' });
    expect(() => parseAck('hello')).toThrow(MllpError);
    expect(() => parseAck('MSH|^~\\&\rMSA|ZZ|1')).toThrow(MllpError);
  });
});
