import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WfdbFormatError } from '../../../../main/ekg/wfdb/index.ts';
import { bytesForSamples, decodeSamples, encodeSamples, formatRange, samplesInBytes } from '../../../../main/ekg/wfdb/sample-codec.ts';

const ALL_FORMATS = [8, 16, 24, 32, 61, 80, 160, 212, 310, 311] as const;

const decode = (format: number, bytes: readonly number[], count: number) => Array.from(decodeSamples(Uint8Array.from(bytes), format, 0, count));
const encode = (format: number, samples: readonly number[]) => Array.from(encodeSamples(Int32Array.from(samples), format));

describe('byte-aligned formats, against hand-computed bytes from signal(5)', () => {
  it('61: 16-bit two\'s complement, most significant byte first', () => {
    const bytes = [0x00, 0x01, 0xff, 0xfe, 0x12, 0x34, 0x80, 0x00, 0x7f, 0xff];
    const samples = [1, -2, 0x1234, -32768, 32767];
    expect(decode(61, bytes, 5)).toEqual(samples);
    expect(encode(61, samples)).toEqual(bytes);
    // The same bytes read as format 16 (least significant first) are other numbers: the order matters.
    expect(decode(16, bytes, 2)).toEqual([0x0100, -257]);
  });

  it('160: 16-bit offset binary (stored 32768 is 0), least significant byte first', () => {
    // 0 -> 0x8000, 1 -> 0x8001, -1 -> 0x7fff, -32768 -> 0x0000, 32767 -> 0xffff.
    const bytes = [0x00, 0x80, 0x01, 0x80, 0xff, 0x7f, 0x00, 0x00, 0xff, 0xff];
    const samples = [0, 1, -1, -32768, 32767];
    expect(decode(160, bytes, 5)).toEqual(samples);
    expect(encode(160, samples)).toEqual(bytes);
  });

  it('8: each byte is a signed 8-bit difference (integrated per signal by the record reader)', () => {
    expect(decode(8, [0x00, 0x05, 0xfb, 0x80, 0x7f], 5)).toEqual([0, 5, -5, -128, 127]);
    expect(encode(8, [0, 5, -5, -128, 127])).toEqual([0x00, 0x05, 0xfb, 0x80, 0x7f]);
    expect(() => encode(8, [128])).toThrow(WfdbFormatError);
  });
});

describe('sizes', () => {
  it('counts whole samples only; a partial 310/311 group counts the samples its bytes complete (WFDB 10.7 readers)', () => {
    expect([0, 1, 2, 3].map((n) => samplesInBytes(61, n))).toEqual([0, 0, 1, 1]);
    expect([0, 1, 2, 3].map((n) => samplesInBytes(160, n))).toEqual([0, 0, 1, 1]);
    expect([0, 1, 2].map((n) => samplesInBytes(8, n))).toEqual([0, 1, 2]);
    // 310 reads 16-bit words: s0 needs bytes 0-1, s1 bytes 2-3, s2 nothing more.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => samplesInBytes(310, n))).toEqual([0, 0, 1, 1, 3, 3, 4, 4, 6]);
    // 311 reads bytes: s0 needs bytes 0-1, s1 byte 2, s2 byte 3.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => samplesInBytes(311, n))).toEqual([0, 0, 1, 2, 3, 3, 4, 5, 6]);
  });

  it('writes a partial last group as WFDB\'s f310/f311 do: one sample in 2 bytes, two in 4', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => bytesForSamples(310, n))).toEqual([0, 2, 4, 4, 6, 8]);
    expect([0, 1, 2, 3, 4, 5].map((n) => bytesForSamples(311, n))).toEqual([0, 2, 4, 4, 6, 8]);
    expect(bytesForSamples(61, 3)).toBe(6);
    expect(bytesForSamples(160, 3)).toBe(6);
    expect(bytesForSamples(8, 3)).toBe(3);
  });
});

describe('truncated input', () => {
  it('a region one byte short of the samples asked for is a WfdbFormatError, never padded', () => {
    for (const format of ALL_FORMATS) {
      for (const count of [1, 2, 3, 4, 5]) {
        const { min, max } = formatRange(format);
        const samples = Int32Array.from({ length: count }, (_, i) => (i % 2 === 0 ? max : min));
        const bytes = encodeSamples(samples, format);
        expect(decodeSamples(bytes, format, 0, count), `${format} x${count}`).toEqual(samples);
        // The fewest bytes that hold `count` samples: drop bytes until one fewer sample fits.
        let short = bytes.length;
        while (short > 0 && samplesInBytes(format, short - 1) >= count) short--;
        expect(() => decodeSamples(bytes.subarray(0, short - 1), format, 0, count), `${format} x${count} short`).toThrow(WfdbFormatError);
      }
    }
  });

  it('an offset past the end is a WfdbFormatError', () => {
    expect(() => decodeSamples(new Uint8Array(4), 310, 5, 0)).toThrow(WfdbFormatError);
    expect(() => decodeSamples(new Uint8Array(4), 61, -1, 1)).toThrow(WfdbFormatError);
  });
});

describe('properties', () => {
  it('decode(encode(x)) == x for every format and length (partial packed groups included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_FORMATS).chain((format) => {
          const { min, max } = formatRange(format);
          return fc.tuple(fc.constant(format), fc.array(fc.integer({ min, max }), { maxLength: 40 }));
        }),
        ([format, values]) => {
          const samples = Int32Array.from(values);
          const bytes = encodeSamples(samples, format);
          expect(bytes.length).toBe(bytesForSamples(format, samples.length));
          expect(samplesInBytes(format, bytes.length)).toBeGreaterThanOrEqual(samples.length);
          expect(decodeSamples(bytes, format, 0, samples.length)).toEqual(samples);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('random bytes decode to the samples they hold, and one sample more is a WfdbFormatError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_FORMATS), fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 8 }), (format, bytes, offset) => {
        const start = Math.min(offset, bytes.length);
        const n = samplesInBytes(format, bytes.length - start);
        const out = decodeSamples(bytes, format, start, n);
        const { min, max } = formatRange(format);
        expect(out.every((v) => v >= min && v <= max)).toBe(true);
        expect(() => decodeSamples(bytes, format, start, n + 1)).toThrow(WfdbFormatError);
      }),
      { numRuns: 3000 },
    );
  });
});
