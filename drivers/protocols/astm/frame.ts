/**
 * ASTM E1381 (CLSI LIS1-A) low-level frames.
 *
 *   STX FN text... ETB|ETX C1 C2 CR LF
 *   FN: ASCII '0'-'7', first frame '1', then 2..7,0,1...   text: at most 240 characters
 *   C1C2: sum of bytes FN..ETB/ETX inclusive, mod 256, 2 uppercase hex digits
 *
 * A record (E1394 text ending in CR) too long for one frame continues in ETB frames; the last
 * frame of a record ends in ETX. Different records always go in different frames.
 * [src: python-astm astm/codec.py make_checksum; Roche cobas c111 host interface manual p.37]
 */
import { AstmError } from './errors.ts';

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const LF = 0x0a;
export const CR = 0x0d;
export const NAK = 0x15;
export const ETB = 0x17;

export const MAX_FRAME_TEXT = 240;

export interface Frame {
  /** 0-7 */
  readonly fn: number;
  /** Frame text as latin-1 characters (E1394 encoding). */
  readonly text: string;
  /** true: ETX (record ends here); false: ETB (record continues in the next frame). */
  readonly final: boolean;
}

const HEX = '0123456789ABCDEF';

export function checksum(bytes: Uint8Array, from: number, toInclusive: number): number {
  let sum = 0;
  for (let i = from; i <= toInclusive; i++) sum = (sum + bytes[i]!) & 0xff;
  return sum;
}

export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new AstmError('astm-frame', 'text is not latin-1');
    out[i] = c;
  }
  return out;
}

export function latin1Text(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export function encodeFrame(frame: Frame): Uint8Array {
  if (!Number.isInteger(frame.fn) || frame.fn < 0 || frame.fn > 7) throw new AstmError('astm-frame', 'frame number must be 0-7');
  if (frame.text.length > MAX_FRAME_TEXT) throw new AstmError('astm-frame', `frame text longer than ${MAX_FRAME_TEXT}`);
  const text = latin1Bytes(frame.text);
  for (const b of text) if (b === STX || b === ETX || b === ETB || b === EOT || b === ENQ || b === ACK || b === NAK || b === LF) throw new AstmError('astm-frame', 'frame text contains a control character');
  const out = new Uint8Array(text.length + 7);
  out[0] = STX;
  out[1] = 0x30 + frame.fn;
  out.set(text, 2);
  const endAt = 2 + text.length;
  out[endAt] = frame.final ? ETX : ETB;
  const sum = checksum(out, 1, endAt);
  out[endAt + 1] = HEX.charCodeAt(sum >> 4);
  out[endAt + 2] = HEX.charCodeAt(sum & 0xf);
  out[endAt + 3] = CR;
  out[endAt + 4] = LF;
  return out;
}

/**
 * Decodes one complete frame `STX ... LF`. Throws AstmError('astm-checksum') on a checksum
 * mismatch and 'astm-frame' on anything malformed.
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  const n = bytes.length;
  if (n < 7 || bytes[0] !== STX || bytes[n - 1] !== LF || bytes[n - 2] !== CR) throw new AstmError('astm-frame', 'frame is not STX..CR LF');
  const endAt = n - 5;
  const end = bytes[endAt];
  if (end !== ETX && end !== ETB) throw new AstmError('astm-frame', 'frame does not end in ETX or ETB');
  const fnByte = bytes[1]!;
  if (fnByte < 0x30 || fnByte > 0x37) throw new AstmError('astm-frame', 'frame number is not 0-7');
  if (endAt - 2 > MAX_FRAME_TEXT) throw new AstmError('astm-frame', `frame text longer than ${MAX_FRAME_TEXT}`);
  for (let i = 2; i < endAt; i++) {
    const b = bytes[i]!;
    if (b === STX || b === ETX || b === ETB || b === EOT || b === ENQ || b === LF) throw new AstmError('astm-frame', 'control character inside frame text');
  }
  const given = latin1Text(bytes, endAt + 1, endAt + 3);
  if (!/^[0-9A-Fa-f]{2}$/.test(given)) throw new AstmError('astm-frame', 'checksum is not 2 hex digits');
  if (parseInt(given, 16) !== checksum(bytes, 1, endAt)) throw new AstmError('astm-checksum', 'frame checksum mismatch');
  return { fn: fnByte - 0x30, text: latin1Text(bytes, 2, endAt), final: end === ETX };
}

/**
 * Splits records into frames: one record per frame, a record longer than 240 characters split
 * into ETB frames. Records are given without their trailing CR (added here); numbering starts at
 * `firstFn` (1 for a new transmission).
 */
export function framesForRecords(records: readonly string[], firstFn = 1): Frame[] {
  const frames: Frame[] = [];
  let fn = firstFn;
  for (const record of records) {
    const text = `${record}\r`;
    for (let at = 0; at < text.length; at += MAX_FRAME_TEXT) {
      const part = text.slice(at, at + MAX_FRAME_TEXT);
      frames.push({ fn, text: part, final: at + MAX_FRAME_TEXT >= text.length });
      fn = (fn + 1) % 8;
    }
  }
  return frames;
}
