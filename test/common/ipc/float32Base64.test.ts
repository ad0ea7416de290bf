import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError } from '../../../common/errors.ts';
import { decodeFloat32Base64, encodeFloat32Base64, float32Base64Length } from '../../../common/ipc/float32Base64.ts';

const float32s = fc.array(fc.float({ noDefaultInfinity: false, noNaN: false }), { maxLength: 64 }).map((a) => Float32Array.from(a));

describe('float32 base64 (live samples over IPC)', () => {
  it('decode(encode(x)) == x bit for bit, NaN included, at the length the contract expects', () => {
    fc.assert(
      fc.property(float32s, (x) => {
        const text = encodeFloat32Base64(x);
        expect(text).toHaveLength(float32Base64Length(x.length));
        const back = decodeFloat32Base64(text);
        expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(x.buffer));
      }),
    );
  });

  it('is standard base64 of the little-endian bytes (what atob / Buffer would read)', () => {
    const x = Float32Array.of(1, -2.5, Number.NaN, 0.1);
    const bytes = Buffer.alloc(16);
    x.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    expect(encodeFloat32Base64(x)).toBe(bytes.toString('base64'));
    expect(decodeFloat32Base64(Buffer.from(Float32Array.of(3).buffer).toString('base64'))[0]).toBe(3);
  });

  it('random text -> a FormatError or values that re-encode to the same text, never another throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: fc.constantFrom(...'AB/+z9=_ \u00e9'.split('')) }), (text) => {
        try {
          expect(encodeFloat32Base64(decodeFloat32Base64(text))).toBe(text);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
    );
  });

  it('rejects text that is not a whole number of float32 values or not canonical', () => {
    expect(decodeFloat32Base64('AAAAAA==')).toEqual(Float32Array.of(0));
    expect(() => decodeFloat32Base64('AAAA')).toThrow(FormatError); // 3 bytes
    expect(() => decodeFloat32Base64('AAAAAB==')).toThrow(FormatError); // bits set under the padding
    expect(() => decodeFloat32Base64('AAA=AA==')).toThrow(FormatError); // '=' inside
    expect(() => decodeFloat32Base64('AAAAAA=')).toThrow(FormatError); // length
  });
});
