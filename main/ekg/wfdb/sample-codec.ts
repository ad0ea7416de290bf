// Sample storage of WFDB signal files, after PhysioNet's signal(5) specification
// (https://physionet.org/physiotools/wag/signal-5.htm), checked against the r*/w* routines of the
// WFDB library's lib/signal.c (wfdblib 10.7.0). Little-endian except format 61. The bit-packed
// formats (212, 310, 311) are in packed-samples.ts.
import { WfdbFormatError } from './errors.ts';
import { decodePacked, encodePacked, isPackedFormat, packedBytesToWrite, packedSamplesInBytes } from './packed-samples.ts';

/** Bytes per sample of the byte-aligned formats. */
function bytesPerSample(format: number): number {
  switch (format) {
    case 8:
    case 80:
      return 1;
    case 16:
    case 61:
    case 160:
      return 2;
    case 24:
      return 3;
    case 32:
      return 4;
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
}

/** Number of whole samples a file region of `byteLength` bytes holds in `format`. */
export function samplesInBytes(format: number, byteLength: number): number {
  if (isPackedFormat(format)) return packedSamplesInBytes(format, byteLength);
  return Math.floor(byteLength / bytesPerSample(format));
}

/** Bytes the writer produces for `count` samples in `format` (WFDB's writer, partial packed groups included). */
export function bytesForSamples(format: number, count: number): number {
  if (isPackedFormat(format)) return packedBytesToWrite(format, count);
  return count * bytesPerSample(format);
}

/**
 * Range of the value a format stores (inclusive). For format 8 that value is the first difference
 * between consecutive samples of a signal, not the sample (see first-difference.ts).
 */
export function formatRange(format: number): { min: number; max: number } {
  switch (format) {
    case 212:
      return { min: -2048, max: 2047 };
    case 310:
    case 311:
      return { min: -512, max: 511 };
    case 16:
    case 61:
    case 160:
      return { min: -32768, max: 32767 };
    case 24:
      return { min: -8388608, max: 8388607 };
    case 32:
      return { min: -2147483648, max: 2147483647 };
    case 8:
    case 80:
      return { min: -128, max: 127 };
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
}

/**
 * Decodes `count` consecutive stored values starting at byte `offset` (for format 8, the signed
 * first differences: the caller integrates them per signal). Throws WfdbFormatError when the
 * bytes from `offset` do not hold `count` whole samples.
 */
export function decodeSamples(bytes: Uint8Array, format: number, offset: number, count: number): Int32Array {
  if (offset < 0 || offset > bytes.length || samplesInBytes(format, bytes.length - offset) < count) {
    throw new WfdbFormatError('signal file is shorter than the header says');
  }
  const out = new Int32Array(count);
  if (isPackedFormat(format)) {
    decodePacked(bytes, format, offset, out);
    return out;
  }
  let p = offset;
  switch (format) {
    case 8:
      // Two's complement byte: signal.c reads format 8 through a (signed) char.
      for (let i = 0; i < count; i++, p++) out[i] = (bytes[p]! << 24) >> 24;
      break;
    case 16:
      for (let i = 0; i < count; i++, p += 2) out[i] = ((bytes[p + 1]! << 8) | bytes[p]!) << 16 >> 16;
      break;
    case 61:
      // Big-endian (signal.c r61: high byte first).
      for (let i = 0; i < count; i++, p += 2) out[i] = ((bytes[p]! << 8) | bytes[p + 1]!) << 16 >> 16;
      break;
    case 160:
      // Offset binary, little-endian: stored 32768 means 0 (signal.c r160).
      for (let i = 0; i < count; i++, p += 2) out[i] = ((bytes[p + 1]! << 8) | bytes[p]!) - 32768;
      break;
    case 24:
      for (let i = 0; i < count; i++, p += 3) out[i] = ((bytes[p + 2]! << 16) | (bytes[p + 1]! << 8) | bytes[p]!) << 8 >> 8;
      break;
    case 32:
      for (let i = 0; i < count; i++, p += 4) out[i] = (bytes[p + 3]! << 24) | (bytes[p + 2]! << 16) | (bytes[p + 1]! << 8) | bytes[p]!;
      break;
    case 80:
      // Offset binary: stored byte 128 means 0.
      for (let i = 0; i < count; i++, p++) out[i] = bytes[p]! - 128;
      break;
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
  return out;
}

/** Encodes stored values (format 8: first differences); every value must be inside formatRange(format). */
export function encodeSamples(samples: Int32Array, format: number): Uint8Array {
  const { min, max } = formatRange(format);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v < min || v > max) throw new WfdbFormatError(`sample value out of range for format ${format}`);
  }
  if (isPackedFormat(format)) return encodePacked(samples, format);
  const count = samples.length;
  const out = new Uint8Array(bytesForSamples(format, count));
  let p = 0;
  switch (format) {
    case 8:
      for (let i = 0; i < count; i++) out[i] = samples[i]! & 0xff;
      break;
    case 16:
    case 160: {
      // Format 160 is format 16 with the sign bit flipped (adding 32768 modulo 2^16).
      const flip = format === 160 ? 0x8000 : 0;
      for (let i = 0; i < count; i++, p += 2) {
        const v = (samples[i]! & 0xffff) ^ flip;
        out[p] = v & 0xff;
        out[p + 1] = v >> 8;
      }
      break;
    }
    case 61:
      for (let i = 0; i < count; i++, p += 2) {
        const v = samples[i]!;
        out[p] = (v >> 8) & 0xff;
        out[p + 1] = v & 0xff;
      }
      break;
    case 24:
      for (let i = 0; i < count; i++, p += 3) {
        const v = samples[i]!;
        out[p] = v & 0xff;
        out[p + 1] = (v >> 8) & 0xff;
        out[p + 2] = (v >> 16) & 0xff;
      }
      break;
    case 32:
      for (let i = 0; i < count; i++, p += 4) {
        const v = samples[i]!;
        out[p] = v & 0xff;
        out[p + 1] = (v >> 8) & 0xff;
        out[p + 2] = (v >> 16) & 0xff;
        out[p + 3] = (v >>> 24) & 0xff;
      }
      break;
    case 80:
      for (let i = 0; i < count; i++) out[i] = samples[i]! + 128;
      break;
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
  return out;
}
