import { describe, expect, it } from 'vitest';
import { decodeSamples, encodeSamples } from '../../../../main/ekg/wfdb/sample-codec.ts';

// Byte vectors computed by hand from signal(5) (doc/wag-src/signal.5 of the WFDB sources), for the
// samples 1, -2, -300. As 10-bit two's complement: 1 = 0x001, -2 = 0x3fe, -300 = 0x2d4
// (low 5 bits 0x14, high 5 bits 0x16).
const SAMPLES = [1, -2, -300];

const decode = (format: number, bytes: readonly number[], count: number) => Array.from(decodeSamples(Uint8Array.from(bytes), format, 0, count));
const encode = (format: number, samples: readonly number[]) => Array.from(encodeSamples(Int32Array.from(samples), format));

describe('format 310', () => {
  // Word 0 = s0 << 1 | (s2 low 5 bits) << 11 = 0x0002 | 0xa000 = 0xa002 -> bytes 02 a0.
  // Word 1 = s1 << 1 | (s2 high 5 bits) << 11 = 0x07fc | 0xb000 = 0xb7fc -> bytes fc b7.
  const GROUP = [0x02, 0xa0, 0xfc, 0xb7];

  it('reads and writes a full group as signal(5) lays it out', () => {
    expect(decode(310, GROUP, 3)).toEqual(SAMPLES);
    expect(encode(310, SAMPLES)).toEqual(GROUP);
  });

  it('ignores the unused low bit of each word (WFDB writes it as 0)', () => {
    expect(decode(310, [0x03, 0xa0, 0xfd, 0xb7], 3)).toEqual(SAMPLES);
  });

  it('a partial last group: one sample in 2 bytes, two in 4 (an extra 0 sample then reads back), as WFDB\'s f310', () => {
    expect(encode(310, [1])).toEqual([0x02, 0x00]);
    expect(decode(310, [0x02, 0x00], 1)).toEqual([1]);
    expect(encode(310, [1, -2])).toEqual([0x02, 0x00, 0xfc, 0x07]);
    expect(decode(310, [0x02, 0x00, 0xfc, 0x07], 3)).toEqual([1, -2, 0]);
    expect(decode(310, [...GROUP, 0x02, 0x00], 4)).toEqual([...SAMPLES, 1]);
  });

  it('sign-extends from the tenth bit: -512 and 511', () => {
    // s0 = -512 = 0x200 -> word 0x0400; s1 = 511 = 0x1ff -> word 0x03fe; s2 = 0.
    expect(decode(310, [0x00, 0x04, 0xfe, 0x03], 3)).toEqual([-512, 511, 0]);
  });
});

describe('format 311', () => {
  // One little-endian 32-bit word: 0x001 | 0x3fe << 10 | 0x2d4 << 20 = 0x2d4ff801 -> bytes 01 f8 4f 2d.
  const GROUP = [0x01, 0xf8, 0x4f, 0x2d];

  it('reads and writes a full group as signal(5) lays it out', () => {
    expect(decode(311, GROUP, 3)).toEqual(SAMPLES);
    expect(encode(311, SAMPLES)).toEqual(GROUP);
  });

  it('ignores the two unused top bits (WFDB writes them as 0)', () => {
    expect(decode(311, [0x01, 0xf8, 0x4f, 0xed], 3)).toEqual(SAMPLES);
  });

  it('a partial last group: the reader needs 2 bytes for one sample and 3 for two; the writer emits 2 and 4, as WFDB\'s f311', () => {
    expect(encode(311, [1])).toEqual([0x01, 0x00]);
    expect(decode(311, [0x01, 0x00], 1)).toEqual([1]);
    // 0x001 | 0x3fe << 10 = 0x000ff801.
    expect(decode(311, [0x01, 0xf8, 0x0f], 2)).toEqual([1, -2]);
    expect(encode(311, [1, -2])).toEqual([0x01, 0xf8, 0x0f, 0x00]);
    expect(decode(311, [0x01, 0xf8, 0x0f, 0x00], 3)).toEqual([1, -2, 0]);
  });

  it('sign-extends from the tenth bit: -512 and 511', () => {
    // 0x200 | 0x1ff << 10 = 0x0007fe00 -> bytes 00 fe 07 00.
    expect(decode(311, [0x00, 0xfe, 0x07, 0x00], 3)).toEqual([-512, 511, 0]);
  });
});

describe('format 212 (moved to the packed module; unchanged)', () => {
  it('keeps the layout of signal(5): 1 and -2 -> 01 f0 fe; one leftover sample in 2 bytes', () => {
    expect(encode(212, [1, -2])).toEqual([0x01, 0xf0, 0xfe]);
    expect(decode(212, [0x01, 0xf0, 0xfe], 2)).toEqual([1, -2]);
    expect(encode(212, [-2])).toEqual([0xfe, 0x0f]);
    expect(decode(212, [0xfe, 0x0f], 1)).toEqual([-2]);
  });
});
