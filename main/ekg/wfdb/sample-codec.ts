// Sample packing of WFDB signal files, after PhysioNet's signal(5) specification
// (https://physionet.org/physiotools/wag/signal-5.htm). All formats are little-endian.
import { WfdbFormatError } from './errors.ts';

/** Number of whole samples a file region of `byteLength` bytes holds in `format`. */
export function samplesInBytes(format: number, byteLength: number): number {
  switch (format) {
    case 212:
      return Math.floor((byteLength * 2) / 3);
    case 16:
      return Math.floor(byteLength / 2);
    case 24:
      return Math.floor(byteLength / 3);
    case 32:
      return Math.floor(byteLength / 4);
    case 80:
      return byteLength;
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
}

/** Bytes needed to store `count` samples in `format`. */
export function bytesForSamples(format: number, count: number): number {
  switch (format) {
    case 212:
      return Math.ceil((count * 3) / 2);
    case 16:
      return count * 2;
    case 24:
      return count * 3;
    case 32:
      return count * 4;
    case 80:
      return count;
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
}

/** Digital range a format can store (inclusive). */
export function formatRange(format: number): { min: number; max: number } {
  switch (format) {
    case 212:
      return { min: -2048, max: 2047 };
    case 16:
      return { min: -32768, max: 32767 };
    case 24:
      return { min: -8388608, max: 8388607 };
    case 32:
      return { min: -2147483648, max: 2147483647 };
    case 80:
      return { min: -128, max: 127 };
    default:
      throw new WfdbFormatError(`signal format ${format} is not supported`);
  }
}

/** Decodes `count` consecutive samples starting at byte `offset`. The caller checks the length. */
export function decodeSamples(bytes: Uint8Array, format: number, offset: number, count: number): Int32Array {
  if (offset < 0 || offset + bytesForSamples(format, count) > bytes.length) throw new WfdbFormatError('signal file is shorter than the header says');
  const out = new Int32Array(count);
  let p = offset;
  switch (format) {
    case 212: {
      // Two 12-bit samples in 3 bytes: low 8 bits of s0, then (s1 high nibble << 4 | s0 high nibble), then low 8 bits of s1.
      let i = 0;
      for (; i + 1 < count; i += 2, p += 3) {
        const b0 = bytes[p]!;
        const b1 = bytes[p + 1]!;
        const b2 = bytes[p + 2]!;
        out[i] = (((b1 & 0x0f) << 8) | b0) << 20 >> 20;
        out[i + 1] = (((b1 & 0xf0) << 4) | b2) << 20 >> 20;
      }
      if (i < count) out[i] = (((bytes[p + 1]! & 0x0f) << 8) | bytes[p]!) << 20 >> 20;
      break;
    }
    case 16:
      for (let i = 0; i < count; i++, p += 2) out[i] = ((bytes[p + 1]! << 8) | bytes[p]!) << 16 >> 16;
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

/** Encodes samples; every value must be inside formatRange(format). */
export function encodeSamples(samples: Int32Array, format: number): Uint8Array {
  const { min, max } = formatRange(format);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v < min || v > max) throw new WfdbFormatError(`sample value out of range for format ${format}`);
  }
  const count = samples.length;
  const out = new Uint8Array(bytesForSamples(format, count));
  let p = 0;
  switch (format) {
    case 212: {
      let i = 0;
      for (; i + 1 < count; i += 2, p += 3) {
        const s0 = samples[i]! & 0xfff;
        const s1 = samples[i + 1]! & 0xfff;
        out[p] = s0 & 0xff;
        out[p + 1] = ((s1 >> 4) & 0xf0) | (s0 >> 8);
        out[p + 2] = s1 & 0xff;
      }
      if (i < count) {
        const s0 = samples[i]! & 0xfff;
        out[p] = s0 & 0xff;
        out[p + 1] = s0 >> 8;
      }
      break;
    }
    case 16:
      for (let i = 0; i < count; i++, p += 2) {
        const v = samples[i]!;
        out[p] = v & 0xff;
        out[p + 1] = (v >> 8) & 0xff;
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
