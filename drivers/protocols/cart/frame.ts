import { crc16CcittFalse } from '../crc16ccittFalse.ts';

/*
 * Cart link frame, both directions (see docs/protocols/cart.md):
 *
 *    0      1      2      3      4      5 ...... 4+N    5+N    6+N
 *  +------+------+------+------+------+-------------+------+------+
 *  | 0xA5 | 0x5A | type |  N (u16 LE) | payload (N) | CRC-16 (BE) |
 *  +------+------+------+------+------+-------------+------+------+
 *                 \_______ CRC-16/CCITT-FALSE over these _______/
 */
export const SYNC0 = 0xa5;
export const SYNC1 = 0x5a;
export const HEADER_BYTES = 5;
export const TRAILER_BYTES = 2;
export const MAX_PAYLOAD_BYTES = 1024;

export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length + TRAILER_BYTES);
  out[0] = SYNC0;
  out[1] = SYNC1;
  out[2] = type;
  out[3] = payload.length & 0xff;
  out[4] = payload.length >> 8;
  out.set(payload, HEADER_BYTES);
  const crc = crc16CcittFalse(out, 2, HEADER_BYTES + payload.length);
  out[HEADER_BYTES + payload.length] = crc >> 8;
  out[HEADER_BYTES + payload.length + 1] = crc & 0xff;
  return out;
}

export interface RawFrame {
  readonly type: number;
  readonly payload: Uint8Array;
}

export type DiscardReason = 'crc' | 'garbage' | 'malformed';

export interface ReadResult {
  readonly frames: RawFrame[];
  readonly discards: Array<{ bytes: number; reason: DiscardReason }>;
}

/**
 * Splits a byte stream into frames. It resynchronises by sliding one byte past any candidate
 * frame whose header is implausible (type/length not accepted) or whose CRC fails, then
 * searching for the next sync pair, so a lost or corrupted byte costs at most the frames it
 * touched. `accepts(type, length)` is the per-direction message table.
 */
export class FrameReader {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;
  private runBytes = 0;
  private runReason: DiscardReason = 'garbage';

  constructor(private readonly accepts: (type: number, length: number) => boolean) {}

  reset(): void {
    this.start = 0;
    this.end = 0;
    this.runBytes = 0;
  }

  push(bytes: Uint8Array): ReadResult {
    this.append(bytes);
    const frames: RawFrame[] = [];
    const discards: Array<{ bytes: number; reason: DiscardReason }> = [];
    const buf = this.buf;
    for (;;) {
      let i = this.start;
      while (i < this.end && !(buf[i] === SYNC0 && (i + 1 >= this.end || buf[i + 1] === SYNC1))) i++;
      this.skip(i - this.start, 'garbage');
      if (this.end - this.start < HEADER_BYTES) break;
      const type = buf[this.start + 2]!;
      const length = buf[this.start + 3]! | (buf[this.start + 4]! << 8);
      if (length > MAX_PAYLOAD_BYTES || !this.accepts(type, length)) {
        this.skip(1, 'malformed');
        continue;
      }
      const total = HEADER_BYTES + length + TRAILER_BYTES;
      if (this.end - this.start < total) break;
      const crcAt = this.start + HEADER_BYTES + length;
      const crc = (buf[crcAt]! << 8) | buf[crcAt + 1]!;
      if (crc !== crc16CcittFalse(buf, this.start + 2, crcAt)) {
        this.skip(1, 'crc');
        continue;
      }
      if (this.runBytes > 0) discards.push({ bytes: this.runBytes, reason: this.runReason });
      this.runBytes = 0;
      frames.push({ type, payload: buf.slice(this.start + HEADER_BYTES, crcAt) });
      this.start += total;
    }
    if (this.runBytes > 0 && this.start === this.end) {
      discards.push({ bytes: this.runBytes, reason: this.runReason });
      this.runBytes = 0;
    }
    return { frames, discards };
  }

  private skip(n: number, reason: DiscardReason): void {
    if (n <= 0) return;
    if (this.runBytes === 0) this.runReason = reason;
    this.runBytes += n;
    this.start += n;
  }

  private append(bytes: Uint8Array): void {
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
    if (this.end + bytes.length > this.buf.length) {
      const live = this.end - this.start;
      if (live + bytes.length > this.buf.length) {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + bytes.length));
        next.set(this.buf.subarray(this.start, this.end), 0);
        this.buf = next;
      } else {
        this.buf.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }
}
