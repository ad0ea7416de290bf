// Bit-packed WFDB sample formats: 212 (two 12-bit samples in 3 bytes), 310 and 311 (three 10-bit
// samples in 4 bytes). Layouts after PhysioNet's signal(5) (https://physionet.org/physiotools/wag/signal-5.htm)
// and, bit for bit, the r212/w212/f212, r310/w310/f310 and r311/w311/f311 routines of the WFDB
// library's lib/signal.c (wfdblib 10.7.0, github.com/bemoody/wfdb). Samples are packed over the
// frame-interleaved stream of a signal file, so one group can hold samples of different signals.
//
// Format 310, per group, two little-endian 16-bit words w0, w1 (bit 0 of each unused, written 0):
//   s0 = w0 bits 1..10, s1 = w1 bits 1..10, s2 = (w0 bits 11..15) | (w1 bits 11..15) << 5
// Format 311, per group, one little-endian 32-bit word w (bits 30, 31 unused, written 0):
//   s0 = w bits 0..9, s1 = w bits 10..19, s2 = w bits 20..29
//
// A sample count that does not fill the last group, as WFDB does: the reader takes a sample as
// soon as the bytes that hold it are there (signal.c reads 310 by 16-bit words, 311 by bytes since
// 10.7.0), and the writer (f310/f311) flushes one leftover sample as 2 bytes and two leftover
// samples as 4 bytes (the unused third sample reads back as 0; f311 writes the 4th byte although 3
// would hold both, so that older WFDB versions, which read 311 by words too, can read the file).
import { WfdbFormatError } from './errors.ts';

export type PackedFormat = 212 | 310 | 311;

export function isPackedFormat(format: number): format is PackedFormat {
  return format === 212 || format === 310 || format === 311;
}

/** Bytes the reader needs for the first 0, 1, 2 samples of a group (212: groups of 2, else 3). */
const READ_BYTES_OF_PARTIAL: Readonly<Record<PackedFormat, readonly number[]>> = { 212: [0, 2], 310: [0, 2, 4], 311: [0, 2, 3] };
/** Bytes the WFDB writer emits for 0, 1, 2 leftover samples of a last group. */
const WRITE_BYTES_OF_PARTIAL: Readonly<Record<PackedFormat, readonly number[]>> = { 212: [0, 2], 310: [0, 2, 4], 311: [0, 2, 4] };

function groupShape(format: PackedFormat): { samples: number; bytes: number } {
  return format === 212 ? { samples: 2, bytes: 3 } : { samples: 3, bytes: 4 };
}

/** Whole samples that `byteLength` bytes hold: a partial last group counts its complete samples. */
export function packedSamplesInBytes(format: PackedFormat, byteLength: number): number {
  const { samples, bytes } = groupShape(format);
  const rest = byteLength % bytes;
  const partial = READ_BYTES_OF_PARTIAL[format];
  let extra = 0;
  while (extra + 1 < samples && partial[extra + 1]! <= rest) extra++;
  return Math.floor(byteLength / bytes) * samples + extra;
}

/** Bytes the reader needs to hold `count` samples. */
export function packedBytesToRead(format: PackedFormat, count: number): number {
  const { samples, bytes } = groupShape(format);
  return Math.floor(count / samples) * bytes + READ_BYTES_OF_PARTIAL[format][count % samples]!;
}

/** Bytes the writer produces for `count` samples (as WFDB's writer does). */
export function packedBytesToWrite(format: PackedFormat, count: number): number {
  const { samples, bytes } = groupShape(format);
  return Math.floor(count / samples) * bytes + WRITE_BYTES_OF_PARTIAL[format][count % samples]!;
}

/** Sign-extends the low `bits` bits of v. */
function signExtend(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}

/** Reads `count` samples from `offset` into `out`; the caller has checked the length. */
export function decodePacked(bytes: Uint8Array, format: PackedFormat, offset: number, out: Int32Array): void {
  const count = out.length;
  if (offset + packedBytesToRead(format, count) > bytes.length) throw new WfdbFormatError('signal file is shorter than the header says');
  // Bytes past the end read as 0: only samples whose bytes are all present are ever stored in `out`.
  const at = (p: number): number => bytes[p] ?? 0;
  const { samples: perGroup, bytes: groupBytes } = groupShape(format);
  for (let i = 0, p = offset; i < count; i += perGroup, p += groupBytes) {
    const left = count - i;
    switch (format) {
      case 212: {
        // Low 8 bits of s0, then (s1 high nibble << 4 | s0 high nibble), then low 8 bits of s1.
        const b1 = at(p + 1);
        out[i] = signExtend(((b1 & 0x0f) << 8) | at(p), 12);
        if (left > 1) out[i + 1] = signExtend(((b1 & 0xf0) << 4) | at(p + 2), 12);
        break;
      }
      case 310: {
        const w0 = at(p) | (at(p + 1) << 8);
        const w1 = at(p + 2) | (at(p + 3) << 8);
        out[i] = signExtend(w0 >> 1, 10);
        if (left > 1) out[i + 1] = signExtend(w1 >> 1, 10);
        if (left > 2) out[i + 2] = signExtend(((w0 >> 11) & 0x1f) | (((w1 >> 11) & 0x1f) << 5), 10);
        break;
      }
      case 311: {
        const w = at(p) | (at(p + 1) << 8) | (at(p + 2) << 16) | (at(p + 3) << 24);
        out[i] = signExtend(w, 10);
        if (left > 1) out[i + 1] = signExtend(w >> 10, 10);
        if (left > 2) out[i + 2] = signExtend(w >> 20, 10);
        break;
      }
      default: {
        const never: never = format;
        throw new WfdbFormatError(`signal format ${String(never)} is not packed`);
      }
    }
  }
}

/** Packs samples (already checked to be in range) as WFDB's writer does, partial last group included. */
export function encodePacked(samples: Int32Array, format: PackedFormat): Uint8Array {
  const count = samples.length;
  const out = new Uint8Array(packedBytesToWrite(format, count));
  const { samples: perGroup, bytes: groupBytes } = groupShape(format);
  // A sample past the end is written as 0, which is what WFDB's flush leaves in the unused bits.
  const s = (i: number): number => (i < count ? samples[i]! : 0);
  for (let i = 0, p = 0; i < count; i += perGroup, p += groupBytes) {
    // The group's bytes as one little-endian number.
    let word = 0;
    switch (format) {
      case 212:
        word = (s(i) & 0xfff) | ((s(i + 1) & 0xf00) << 4) | ((s(i + 1) & 0xff) << 16);
        break;
      case 310: {
        const w0 = ((s(i) & 0x3ff) << 1) | ((s(i + 2) & 0x1f) << 11);
        const w1 = ((s(i + 1) & 0x3ff) << 1) | (((s(i + 2) >> 5) & 0x1f) << 11);
        word = w0 | (w1 << 16);
        break;
      }
      case 311:
        word = (s(i) & 0x3ff) | ((s(i + 1) & 0x3ff) << 10) | ((s(i + 2) & 0x3ff) << 20);
        break;
      default: {
        const never: never = format;
        throw new WfdbFormatError(`signal format ${String(never)} is not packed`);
      }
    }
    // Little-endian bytes of the group, cut at the end of the file (packedBytesToWrite).
    for (let k = 0; k < groupBytes && p + k < out.length; k++) out[p + k] = (word >>> (8 * k)) & 0xff;
  }
  return out;
}
