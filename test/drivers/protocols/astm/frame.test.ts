import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checksum, decodeFrame, encodeFrame, framesForRecords, latin1Bytes, ETB, ETX } from '../../../../drivers/protocols/astm/frame.ts';
import { AstmError } from '../../../../drivers/protocols/astm/errors.ts';

describe('ASTM E1381 frames', () => {
  it('checksum: sum FN..ETX/ETB mod 256 as 2 uppercase hex (vectors computed independently in Python)', () => {
    const a = encodeFrame({ fn: 1, text: 'H|\\^&\r', final: true });
    expect(String.fromCharCode(...a.slice(-4, -2))).toBe('E5');
    const b = encodeFrame({ fn: 2, text: 'R|1|^^^Glucose|93|mg/dL^P||||201909221304\r', final: false });
    expect(b[b.length - 5]).toBe(ETB);
    expect(String.fromCharCode(...b.slice(-4, -2))).toBe('D3');
    expect(checksum(latin1Bytes('\x021H|\\^&\r\x03'), 1, 8)).toBe(0xe5);
  });

  it('decode(encode(frame)) == frame for any latin-1 text without control bytes', () => {
    const text = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 240 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), text, fc.boolean(), (fn, t, final) => {
      expect(decodeFrame(encodeFrame({ fn, text: t, final }))).toEqual({ fn, text: t, final });
    }));
  });

  it('a flipped byte is caught (checksum or frame error), never accepted silently', () => {
    const good = encodeFrame({ fn: 3, text: 'R|1|^^^Glucose|93|mg/dL\r', final: true });
    fc.assert(fc.property(fc.integer({ min: 1, max: good.length - 6 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const bad = good.slice();
      bad[at] = bad[at]! ^ x;
      expect(() => decodeFrame(bad)).toThrow(AstmError);
    }));
  });

  it('random bytes: a frame or an AstmError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      try {
        decodeFrame(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(AstmError);
      }
    }));
  });

  it('records longer than 240 characters continue in ETB frames; frame numbers run 1..7,0,1', () => {
    const long = 'R|1|' + 'x'.repeat(600);
    const frames = framesForRecords(['H|\\^&', long, 'L|1']);
    expect(frames.map((f) => f.text.length)).toEqual([6, 240, 240, 125, 4]);
    expect(frames.map((f) => f.final)).toEqual([true, false, false, true, true]);
    const many = framesForRecords(Array.from({ length: 10 }, (_, i) => `C|${i}`));
    expect(many.map((f) => f.fn)).toEqual([1, 2, 3, 4, 5, 6, 7, 0, 1, 2]);
    expect(encodeFrame(frames[3]!)[2 + 125]).toBe(ETX);
  });

  it('refuses over-long text and control characters when encoding', () => {
    expect(() => encodeFrame({ fn: 1, text: 'x'.repeat(241), final: true })).toThrow(AstmError);
    expect(() => encodeFrame({ fn: 1, text: 'a\x02b', final: true })).toThrow(AstmError);
    expect(() => encodeFrame({ fn: 8, text: 'a', final: true })).toThrow(AstmError);
  });
});
