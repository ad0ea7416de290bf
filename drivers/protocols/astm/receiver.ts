/**
 * ASTM E1381 receiver (the side that answers ENQ with ACK and each frame with ACK/NAK), as a pure
 * state machine: bytes and the time go in, bytes to write and events come out. No timers: call
 * `poll(nowMs)` to let the 30 s frame timeout fire.
 *
 *   sender   ENQ          STX 1 H|..CR ETX cc CRLF      STX 2 ... ETX cc CRLF       EOT
 *   receiver      ACK                              ACK                         ACK
 *
 * A bad checksum, a malformed frame or a wrong frame number is answered with NAK (the sender
 * retransmits); a repeat of the frame just accepted (our ACK was lost) is ACKed and dropped.
 * Timers from roy-harmon/UniversaLIS RcvWaitState (30 s between frames), see standards-notes §2.2.
 * `requireEnq: false` accepts frames without a preceding ENQ (a capture of frames only).
 * Bytes outside any frame that are not link control (ENQ, EOT, stray ACK/NAK) are ignored but
 * counted in `strayBytes`: a meter on the wrong baud rate or cable sends nothing but such bytes,
 * and would otherwise look like a meter with an empty memory.
 */
import { AstmError } from './errors.ts';
import { ACK, EOT, ENQ, LF, MAX_FRAME_TEXT, NAK, STX, decodeFrame } from './frame.ts';
import { emptyOutput, type LinkOutput } from './link.ts';

export type ReceiverEvent =
  | { readonly type: 'established' }
  /** One complete E1394 record (ETB parts joined, trailing CR removed). */
  | { readonly type: 'record'; readonly text: string }
  | { readonly type: 'frame-rejected'; readonly reason: 'checksum' | 'frame' | 'sequence' }
  /** EOT: the sender finished (the message may still be incomplete: check the records). */
  | { readonly type: 'end' }
  /** No frame for `frameTimeoutMs`: the partial transmission is discarded. */
  | { readonly type: 'timeout' };

export interface ReceiverOptions {
  readonly frameTimeoutMs?: number;
  readonly requireEnq?: boolean;
}

const isLinkControl = (b: number): boolean => b === ENQ || b === EOT || b === ACK || b === NAK;

const ACK_BYTES = Uint8Array.of(ACK);
const NAK_BYTES = Uint8Array.of(NAK);
// STX + FN + 240 text + end + 2 checksum + CR LF
const MAX_FRAME_BYTES = MAX_FRAME_TEXT + 7;

/** The report for `strayBytes`, worded for the person at the meter; null when there were none. */
export function strayBytesError(strayBytes: number): { readonly code: 'astm-noise'; readonly reason: string } | null {
  if (strayBytes === 0) return null;
  return { code: 'astm-noise', reason: `${strayBytes} byte(s) outside any frame: check the cable, baud rate (9600 8N1) and protocol` };
}

export class AstmReceiver {
  private state: 'idle' | 'receiving' = 'idle';
  private frame: number[] | null = null;
  private lastFn = 0;
  /** Whether a frame was accepted in this transmission (only then can a repeat be recognised). */
  private acceptedAny = false;
  private partial = '';
  private lastActivityMs = 0;
  private stray = 0;
  private readonly frameTimeoutMs: number;
  private readonly requireEnq: boolean;

  constructor(options: ReceiverOptions = {}) {
    this.frameTimeoutMs = options.frameTimeoutMs ?? 30_000;
    this.requireEnq = options.requireEnq ?? true;
  }

  get receiving(): boolean {
    return this.state === 'receiving';
  }

  /** Bytes received outside any frame that are not link control, since construction. */
  get strayBytes(): number {
    return this.stray;
  }

  feed(bytes: Uint8Array, nowMs: number): LinkOutput<ReceiverEvent> {
    const out = this.poll(nowMs);
    for (const b of bytes) this.byte(b, nowMs, out);
    return out;
  }

  /** Fires the frame timeout when due. */
  poll(nowMs: number): LinkOutput<ReceiverEvent> {
    const out = emptyOutput<ReceiverEvent>();
    if (this.state === 'receiving' && nowMs - this.lastActivityMs >= this.frameTimeoutMs) {
      this.reset();
      out.events.push({ type: 'timeout' });
    }
    return out;
  }

  private reset(): void {
    this.state = 'idle';
    this.frame = null;
    this.partial = '';
    this.lastFn = 0;
    this.acceptedAny = false;
  }

  private establish(nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    this.reset();
    this.state = 'receiving';
    this.lastActivityMs = nowMs;
    out.events.push({ type: 'established' });
  }

  private byte(b: number, nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    if (this.state === 'idle') {
      if (b === ENQ) {
        this.establish(nowMs, out);
        out.send.push(ACK_BYTES);
      } else if (b === STX && !this.requireEnq) {
        this.establish(nowMs, out);
        this.frame = [b];
      } else if (!isLinkControl(b)) {
        // Line noise (or a frame sent without ENQ): ignored, but counted. EOT/ACK/NAK are our own echo or a stale handshake.
        this.stray++;
      }
      return;
    }
    if (this.frame) {
      if (b === STX) {
        // A new frame started before the old one ended: the old one is broken.
        this.reject('frame', nowMs, out);
        this.frame = [b];
        return;
      }
      if (b === EOT) {
        this.frame = null;
        this.finish(out);
        return;
      }
      this.frame.push(b);
      if (b === LF) {
        this.completeFrame(Uint8Array.from(this.frame), nowMs, out);
        this.frame = null;
      } else if (this.frame.length > MAX_FRAME_BYTES) {
        this.frame = null;
        this.reject('frame', nowMs, out);
      }
      return;
    }
    if (b === STX) this.frame = [b];
    else if (b === EOT) this.finish(out);
    else if (b === ENQ) {
      // The sender bids again (it missed our replies and gave up): start over.
      this.establish(nowMs, out);
      out.send.push(ACK_BYTES);
    } else if (!isLinkControl(b)) this.stray++;
    // Between frames: noise (counted) and stray ACK/NAK are ignored.
  }

  private finish(out: LinkOutput<ReceiverEvent>): void {
    this.reset();
    out.events.push({ type: 'end' });
  }

  private reject(reason: 'checksum' | 'frame' | 'sequence', nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    this.lastActivityMs = nowMs;
    out.send.push(NAK_BYTES);
    out.events.push({ type: 'frame-rejected', reason });
  }

  private completeFrame(bytes: Uint8Array, nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    let frame;
    try {
      frame = decodeFrame(bytes);
    } catch (e) {
      if (e instanceof AstmError) return this.reject(e.code === 'astm-checksum' ? 'checksum' : 'frame', nowMs, out);
      throw e;
    }
    this.lastActivityMs = nowMs;
    const expected = (this.lastFn + 1) % 8;
    if (this.acceptedAny && frame.fn === this.lastFn) {
      // Retransmission of the frame we already took (our ACK was lost): acknowledge, keep once.
      out.send.push(ACK_BYTES);
      return;
    }
    if (frame.fn !== expected) return this.reject('sequence', nowMs, out);
    this.lastFn = frame.fn;
    this.acceptedAny = true;
    out.send.push(ACK_BYTES);
    this.partial += frame.text;
    if (!frame.final) return;
    // Some devices pack several CR-terminated records in one frame: split them.
    for (const record of this.partial.split('\r')) if (record !== '') out.events.push({ type: 'record', text: record });
    this.partial = '';
  }
}
