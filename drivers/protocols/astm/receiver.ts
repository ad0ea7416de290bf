/**
 * ASTM E1381 receiver (the side that answers ENQ with ACK and each frame with ACK/NAK), as a pure
 * state machine: bytes and the time go in, bytes to write and events come out. No timers: call
 * `poll(nowMs)` to let the 30 s frame timeout fire.
 *
 *   sender   ENQ          STX 1 H|..CR ETX cc CRLF      STX 2 ... ETX cc CRLF       EOT
 *   receiver      ACK                              ACK                         ACK
 *
 * A bad checksum, a malformed frame or a wrong frame number is answered with NAK (the sender
 * retransmits). A repeat of the frame just accepted (our ACK was lost) is ACKed and dropped only
 * when it is byte-identical to it: a *different* frame with the same number is a sequence error
 * that spoils the open message (`frame-rejected` with `spoilsMessage`), never a silent drop.
 * Timers from roy-harmon/UniversaLIS RcvWaitState (30 s between frames), see standards-notes §2.2.
 * The timer runs from the last *accepted* frame (or the ENQ that opened the transmission): NAKed
 * frames, repeats and repeated ENQs do not restart it, so a device that keeps sending bad frames or
 * bids forever still times out. E1381 lets a sender try a frame 6 times; after `maxRejections` (6)
 * consecutive NAKs the receiver gives up: `aborted`, the partial transmission is discarded.
 * `requireEnq: false` accepts frames without a preceding ENQ (a capture of frames only). There,
 * nothing but the frame number separates two transmissions: a frame numbered 1 right after an end
 * (ETX) frame, when it is not the next frame expected, starts a new transmission.
 * Bytes outside any frame that are not link control (ENQ, EOT, stray ACK/NAK) are ignored but
 * counted in `strayBytes`: a meter on the wrong baud rate or cable sends nothing but such bytes,
 * and would otherwise look like a meter with an empty memory. A frame end (ETX/ETB) among them is
 * counted apart (`strayFrameEnds`): it is the tail of a frame whose STX was lost (see `lineNoise`).
 */
import { AstmError } from './errors.ts';
import { ACK, EOT, ENQ, ETB, ETX, LF, MAX_FRAME_TEXT, NAK, STX, decodeFrame } from './frame.ts';
import { emptyOutput, type LinkOutput } from './link.ts';

export type ReceiverEvent =
  | { readonly type: 'established' }
  /** One complete E1394 record (ETB parts joined, trailing CR removed). */
  | { readonly type: 'record'; readonly text: string }
  /**
   * A frame was NAKed. `spoilsMessage`: no retransmission can repair it (a different frame under
   * the number of one already accepted): the open message is broken even on a live link.
   */
  | { readonly type: 'frame-rejected'; readonly reason: RejectReason; readonly spoilsMessage?: true }
  /** `rejections` consecutive frames were NAKed (E1381: 6 tries per frame): the transmission is abandoned. */
  | { readonly type: 'aborted'; readonly rejections: number; readonly lastReason: RejectReason }
  /** EOT: the sender finished (the message may still be incomplete: check the records). */
  | { readonly type: 'end' }
  /** No frame for `frameTimeoutMs`: the partial transmission is discarded. */
  | { readonly type: 'timeout' };

export type RejectReason = 'checksum' | 'frame' | 'sequence';

export interface ReceiverOptions {
  readonly frameTimeoutMs?: number;
  readonly requireEnq?: boolean;
  /** Consecutive NAKs after which the transmission is abandoned (E1381: 6). */
  readonly maxRejections?: number;
}

const isLinkControl = (b: number): boolean => b === ENQ || b === EOT || b === ACK || b === NAK;

const ACK_BYTES = Uint8Array.of(ACK);
const NAK_BYTES = Uint8Array.of(NAK);
// STX + FN + 240 text + end + 2 checksum + CR LF
const MAX_FRAME_BYTES = MAX_FRAME_TEXT + 7;

/** Line noise as reported: worded for the person at the meter, never the bytes themselves. */
export interface LineNoise {
  readonly code: 'astm-noise';
  readonly reason: string;
  /**
   * True when the noise may have cost a message, so the import must fail; false when every message
   * was received whole and the noise is only a warning about the link.
   */
  readonly lossPossible: boolean;
}

/**
 * Reports the bytes a transmission carried outside any frame (null when there were none), and
 * whether they can have cost a message. Noise between frames costs nothing on its own: each frame
 * is checksummed and numbered, so noise inside a frame, or a frame lost in it that another frame
 * follows, is a rejected frame and its message is refused and reported for that. Two cases stay
 * failures, since nothing else would show what is missing:
 * - no message was received whole (noise alone, even around an ENQ/EOT, never passes for an
 *   empty meter: a wrong baud rate or cable sends nothing else);
 * - a frame end (ETX/ETB) was among the noise: the tail of a frame whose STX was lost. When that
 *   frame was the last of its transmission and held a whole message, the message is simply gone.
 */
export function lineNoise(strayBytes: number, strayFrameEnds: number, messages: number): LineNoise | null {
  if (strayBytes === 0) return null;
  const check = 'check the cable, baud rate (9600 8N1) and protocol';
  if (strayFrameEnds > 0) {
    return { code: 'astm-noise', reason: `${strayBytes} byte(s) outside any frame, with the end of a frame among them: a frame whose start was lost may have held a whole message; ${check}, and download again`, lossPossible: true };
  }
  if (messages === 0) return { code: 'astm-noise', reason: `${strayBytes} byte(s) outside any frame: ${check}`, lossPossible: true };
  return { code: 'astm-noise', reason: `${strayBytes} byte(s) outside any frame, between frames: no message was lost to them; ${check}`, lossPossible: false };
}

export class AstmReceiver {
  private state: 'idle' | 'receiving' = 'idle';
  private frame: number[] | null = null;
  private lastFn = 0;
  /** The bytes of the frame accepted last in this transmission (a repeat must equal them), or null. */
  private lastFrame: Uint8Array | null = null;
  /** Whether that frame ended a record (ETX). */
  private lastFinal = false;
  /** NAKs sent since the last accepted frame. */
  private rejections = 0;
  private partial = '';
  /** nowMs of the last accepted frame, or of the ENQ/STX that opened the transmission. */
  private lastProgressMs = 0;
  private stray = 0;
  private strayEnds = 0;
  private readonly frameTimeoutMs: number;
  private readonly requireEnq: boolean;
  private readonly maxRejections: number;

  constructor(options: ReceiverOptions = {}) {
    this.frameTimeoutMs = options.frameTimeoutMs ?? 30_000;
    this.requireEnq = options.requireEnq ?? true;
    this.maxRejections = options.maxRejections ?? 6;
  }

  get receiving(): boolean {
    return this.state === 'receiving';
  }

  /** Bytes received outside any frame that are not link control, since construction. */
  get strayBytes(): number {
    return this.stray;
  }

  /** How many of the stray bytes were a frame end (ETX or ETB): a frame whose STX was lost. */
  get strayFrameEnds(): number {
    return this.strayEnds;
  }

  private strayByte(b: number): void {
    this.stray++;
    if (b === ETX || b === ETB) this.strayEnds++;
  }

  feed(bytes: Uint8Array, nowMs: number): LinkOutput<ReceiverEvent> {
    const out = this.poll(nowMs);
    for (const b of bytes) this.byte(b, nowMs, out);
    return out;
  }

  /** Fires the frame timeout when due. */
  poll(nowMs: number): LinkOutput<ReceiverEvent> {
    const out = emptyOutput<ReceiverEvent>();
    if (this.state === 'receiving' && nowMs - this.lastProgressMs >= this.frameTimeoutMs) {
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
    this.lastFrame = null;
    this.lastFinal = false;
    this.rejections = 0;
  }

  /**
   * Opens a transmission. From idle the receive timer starts now; a repeated ENQ in the middle of
   * one starts the transmission over but keeps the timer (and the NAK count) running: a sender
   * that bids forever, or alternates ENQ and bad frames, still runs out of time.
   */
  private establish(nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    const fresh = this.state === 'idle';
    const rejections = this.rejections;
    this.reset();
    this.state = 'receiving';
    if (fresh) this.lastProgressMs = nowMs;
    else this.rejections = rejections;
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
        this.strayByte(b);
      }
      return;
    }
    if (this.frame) {
      if (b === STX) {
        // A new frame started before the old one ended: the old one is broken.
        this.frame = null;
        this.reject('frame', out);
        if (this.state === 'receiving') this.frame = [b];
        else this.byte(b, nowMs, out); // the transmission was abandoned: STX is idle input now
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
        this.reject('frame', out);
      }
      return;
    }
    if (b === STX) this.frame = [b];
    else if (b === EOT) this.finish(out);
    else if (b === ENQ) {
      // The sender bids again (it missed our replies and gave up): start over.
      this.establish(nowMs, out);
      out.send.push(ACK_BYTES);
    } else if (!isLinkControl(b)) this.strayByte(b);
    // Between frames: noise (counted) and stray ACK/NAK are ignored.
  }

  private finish(out: LinkOutput<ReceiverEvent>): void {
    this.reset();
    out.events.push({ type: 'end' });
  }

  private reject(reason: RejectReason, out: LinkOutput<ReceiverEvent>, spoilsMessage = false): void {
    out.send.push(NAK_BYTES);
    out.events.push(spoilsMessage ? { type: 'frame-rejected', reason, spoilsMessage: true } : { type: 'frame-rejected', reason });
    if (++this.rejections < this.maxRejections) return;
    const rejections = this.rejections;
    this.reset();
    out.events.push({ type: 'aborted', rejections, lastReason: reason });
  }

  private accept(bytes: Uint8Array, fn: number, final: boolean, nowMs: number): void {
    this.lastFn = fn;
    this.lastFrame = bytes;
    this.lastFinal = final;
    this.rejections = 0;
    this.lastProgressMs = nowMs;
  }

  private completeFrame(bytes: Uint8Array, nowMs: number, out: LinkOutput<ReceiverEvent>): void {
    let frame;
    try {
      frame = decodeFrame(bytes);
    } catch (e) {
      if (e instanceof AstmError) return this.reject(e.code === 'astm-checksum' ? 'checksum' : 'frame', out);
      throw e;
    }
    const expected = (this.lastFn + 1) % 8;
    if (this.lastFrame !== null && frame.fn !== expected && frame.fn === 1 && this.lastFinal && !this.requireEnq && !sameBytes(bytes, this.lastFrame)) {
      // A capture of frames only: frame 1 after an end frame is the next transmission.
      this.reset();
      this.state = 'receiving';
      out.events.push({ type: 'established' });
    } else if (this.lastFrame !== null && frame.fn === this.lastFn) {
      // Retransmission of the frame we already took (our ACK was lost): acknowledge, keep once.
      // Only a byte-identical repeat is one: anything else under that number would be lost.
      if (sameBytes(bytes, this.lastFrame)) {
        out.send.push(ACK_BYTES);
        return;
      }
      return this.reject('sequence', out, true);
    } else if (frame.fn !== expected) {
      return this.reject('sequence', out);
    }
    this.accept(bytes, frame.fn, frame.final, nowMs);
    out.send.push(ACK_BYTES);
    this.partial += frame.text;
    if (!frame.final) return;
    // Some devices pack several CR-terminated records in one frame: split them.
    for (const record of this.partial.split('\r')) if (record !== '') out.events.push({ type: 'record', text: record });
    this.partial = '';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
