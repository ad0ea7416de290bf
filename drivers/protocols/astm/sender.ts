/**
 * ASTM E1381 sender (the side that bids with ENQ and transmits frames), as a pure state machine.
 * `start(records)` bids; `feed(bytes)` handles the receiver's ACK/NAK/EOT/ENQ; `poll(nowMs)` fires
 * timers. Rules (E1381 as implemented in roy-harmon/UniversaLIS, standards-notes §2.2):
 * - ENQ answered by NAK = receiver busy: bid again after `busyRetryMs` (10 s).
 * - ENQ answered by ENQ = contention: the instrument waits `contentionBackoffMs` (>= 1 s), the
 *   computer system yields longer (20 s) and lets the instrument send first.
 * - A frame NAKed is retransmitted; the 6th NAK of one frame aborts (EOT).
 * - No reply within `replyTimeoutMs` (15 s) aborts (EOT).
 * - EOT in reply to a frame is a receiver interrupt request; it counts as ACK (we finish).
 */
import { ACK, ENQ, EOT, NAK, encodeFrame, framesForRecords, type Frame } from './frame.ts';
import { emptyOutput, type LinkOutput } from './link.ts';

export type SenderEvent =
  | { readonly type: 'frame-sent'; readonly fn: number; readonly attempt: number }
  | { readonly type: 'busy' }
  | { readonly type: 'contention' }
  | { readonly type: 'done' }
  | { readonly type: 'aborted'; readonly reason: 'nak-limit' | 'timeout' | 'bid-refused' };

export interface SenderOptions {
  readonly replyTimeoutMs?: number;
  readonly busyRetryMs?: number;
  readonly contentionBackoffMs?: number;
  /** NAKs on one frame that abort the transfer (6 per E1381). */
  readonly maxNaks?: number;
  /** ENQ bids refused (NAK) before giving up. */
  readonly maxBids?: number;
}

type State = 'idle' | 'await-enq-reply' | 'wait-to-bid' | 'await-frame-reply' | 'done' | 'aborted';

export class AstmSender {
  private state: State = 'idle';
  private frames: Frame[] = [];
  private index = 0;
  private naks = 0;
  private bids = 0;
  private deadlineMs = 0;
  private readonly o: Required<SenderOptions>;

  constructor(options: SenderOptions = {}) {
    this.o = { replyTimeoutMs: 15_000, busyRetryMs: 10_000, contentionBackoffMs: 1_000, maxNaks: 6, maxBids: 6, ...options };
  }

  get status(): State {
    return this.state;
  }

  /** Starts a transmission of these records (each without its CR). */
  start(records: readonly string[], nowMs: number): LinkOutput<SenderEvent> {
    this.frames = framesForRecords(records);
    this.index = 0;
    this.naks = 0;
    this.bids = 0;
    return this.bid(nowMs);
  }

  private bid(nowMs: number): LinkOutput<SenderEvent> {
    this.bids++;
    this.state = 'await-enq-reply';
    this.deadlineMs = nowMs + this.o.replyTimeoutMs;
    return { send: [Uint8Array.of(ENQ)], events: [] };
  }

  private sendFrame(nowMs: number): LinkOutput<SenderEvent> {
    const frame = this.frames[this.index];
    if (!frame) {
      this.state = 'done';
      return { send: [Uint8Array.of(EOT)], events: [{ type: 'done' }] };
    }
    this.state = 'await-frame-reply';
    this.deadlineMs = nowMs + this.o.replyTimeoutMs;
    return { send: [encodeFrame(frame)], events: [{ type: 'frame-sent', fn: frame.fn, attempt: this.naks + 1 }] };
  }

  private abort(reason: 'nak-limit' | 'timeout' | 'bid-refused'): LinkOutput<SenderEvent> {
    this.state = 'aborted';
    return { send: [Uint8Array.of(EOT)], events: [{ type: 'aborted', reason }] };
  }

  feed(bytes: Uint8Array, nowMs: number): LinkOutput<SenderEvent> {
    const out = this.poll(nowMs);
    for (const b of bytes) {
      const step = this.byte(b, nowMs);
      out.send.push(...step.send);
      out.events.push(...step.events);
    }
    return out;
  }

  private byte(b: number, nowMs: number): LinkOutput<SenderEvent> {
    if (this.state === 'await-enq-reply') {
      if (b === ACK) return this.sendFrame(nowMs);
      if (b === NAK) {
        if (this.bids >= this.o.maxBids) return this.abort('bid-refused');
        this.state = 'wait-to-bid';
        this.deadlineMs = nowMs + this.o.busyRetryMs;
        return { send: [], events: [{ type: 'busy' }] };
      }
      if (b === ENQ) {
        this.state = 'wait-to-bid';
        this.deadlineMs = nowMs + this.o.contentionBackoffMs;
        return { send: [], events: [{ type: 'contention' }] };
      }
    } else if (this.state === 'await-frame-reply') {
      if (b === ACK || b === EOT) {
        this.index++;
        this.naks = 0;
        return this.sendFrame(nowMs);
      }
      if (b === NAK) {
        this.naks++;
        if (this.naks >= this.o.maxNaks) return this.abort('nak-limit');
        return this.sendFrame(nowMs);
      }
    }
    // Noise, or a reply when none is awaited: ignored.
    return emptyOutput();
  }

  poll(nowMs: number): LinkOutput<SenderEvent> {
    if (nowMs < this.deadlineMs) return emptyOutput();
    if (this.state === 'wait-to-bid') return this.bid(nowMs);
    if (this.state === 'await-enq-reply' || this.state === 'await-frame-reply') return this.abort('timeout');
    return emptyOutput();
  }
}
