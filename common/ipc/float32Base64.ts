import { FormatError } from '../errors.ts';

/*
 * Float32 samples as base64 text (RFC 4648 section 4 alphabet, '=' padding), 4 bytes per value,
 * IEEE 754 little-endian whatever the platform. Live sample blocks cross the IPC boundary this
 * way: a third of the size of JSON numbers (a float32 printed as a double takes ~18 characters),
 * no per-value parsing, and NaN (no sample) travels as itself.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);
const CODE_OF = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODE_OF[ALPHABET.charCodeAt(i)] = i;
/** Characters per String.fromCharCode call (well under any engine's argument limit). */
const CHUNK_CHARS = 8192;

/** Characters of the base64 text for `values` float32 values. */
export function float32Base64Length(values: number): number {
  return 4 * Math.ceil((values * 4) / 3);
}

export function encodeFloat32Base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  // Character codes first, one string at the end: no intermediate strings per 3 bytes.
  const chars = new Uint8Array(float32Base64Length(values.length));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chars[o++] = CODES[n >> 18]!;
    chars[o++] = CODES[(n >> 12) & 63]!;
    chars[o++] = CODES[(n >> 6) & 63]!;
    chars[o++] = CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    chars[o++] = CODES[n >> 18]!;
    chars[o++] = CODES[(n >> 12) & 63]!;
    chars[o++] = rest === 2 ? CODES[(n >> 6) & 63]! : PAD;
    chars[o++] = PAD;
  }
  let out = '';
  for (let k = 0; k < chars.length; k += CHUNK_CHARS) {
    // apply() reads any array-like; the cast only tells TypeScript so (a spread would go through
    // the iterator and is twice as slow).
    out += String.fromCharCode.apply(null, chars.subarray(k, k + CHUNK_CHARS) as unknown as number[]);
  }
  return out;
}

/** The inverse of encodeFloat32Base64; anything else (bad characters, length, padding) is a FormatError. */
export function decodeFloat32Base64(text: string): Float32Array {
  if (text.length % 4 !== 0) throw new FormatError('float32 base64: length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteCount = (text.length / 4) * 3 - pad;
  if (byteCount % 4 !== 0) throw new FormatError('float32 base64: not a whole number of float32 values');
  const bytes = new Uint8Array(byteCount + pad);
  const body = text.length - pad;
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const at = i + k;
      const c = text.charCodeAt(at);
      const v = at >= body ? 0 : c < 128 ? CODE_OF[c]! : -1;
      if (v < 0) throw new FormatError('float32 base64: invalid character');
      n = (n << 6) | v;
    }
    bytes[o++] = n >> 16;
    bytes[o++] = (n >> 8) & 255;
    bytes[o++] = n & 255;
  }
  // Canonical text only: the bits of the padded-out tail must be zero.
  for (let k = byteCount; k < bytes.length; k++) if (bytes[k] !== 0) throw new FormatError('float32 base64: non-canonical padding');
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(byteCount / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
