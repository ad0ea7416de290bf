import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AstmReceiver, type ReceiverEvent } from '../../../../drivers/protocols/astm/receiver.ts';
import { AstmSender, type SenderEvent } from '../../../../drivers/protocols/astm/sender.ts';
import { ACK, ENQ, EOT, NAK, STX, encodeFrame } from '../../../../drivers/protocols/astm/frame.ts';

/**
 * Runs a sender and a receiver against each other through a lossy wire: sender bytes are cut
 * at random boundaries, may get noise between frames, and the first transmission of chosen
 * frames gets one byte corrupted. Returns what the receiver delivered.
 */
function transfer(records: string[], opts: { cuts: number[]; corrupt: Set<number>; noise: boolean; lostAcks?: Set<number> }) {
  const sender = new AstmSender();
  const receiver = new AstmReceiver();
  const delivered: string[] = [];
  const senderEvents: SenderEvent[] = [];
  const receiverEvents: ReceiverEvent[] = [];
  let now = 0;
  let sentFrames = 0;
  let queue: Uint8Array[] = [...sender.start(records, now).send];
  let cut = 0;
  let replies = 0;
  for (let guard = 0; guard < 10_000 && queue.length > 0; guard++) {
    const chunk = queue.shift()!;
    let bytes = chunk;
    if (chunk[0] === STX) {
      if (opts.corrupt.has(sentFrames)) {
        bytes = chunk.slice();
        bytes[2] = bytes[2]! ^ 0x01; // one flipped bit in the text
      }
      sentFrames++;
      if (opts.noise) bytes = Uint8Array.of(0x00, 0xff, 0x41, ...bytes);
    }
    // Random chunk boundaries.
    const pieces: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      const n = Math.max(1, opts.cuts[cut++ % opts.cuts.length]!);
      pieces.push(bytes.slice(at, at + n));
      at += n;
    }
    for (const p of pieces) {
      now += 1;
      const r = receiver.feed(p, now);
      receiverEvents.push(...r.events);
      for (const e of r.events) if (e.type === 'record') delivered.push(e.text);
      for (const sent of r.send) {
        // An ACK garbled into NAK on the way back: the sender repeats a frame the receiver already has.
        const reply = sent[0] === ACK && opts.lostAcks?.has(replies) ? Uint8Array.of(NAK) : sent;
        replies++;
        const s = sender.feed(reply, now);
        senderEvents.push(...s.events);
        queue.push(...s.send);
      }
    }
    if (queue.length === 0 && sender.status === 'done') break;
    if (sender.status === 'aborted') queue = [];
  }
  return { delivered, senderEvents, receiverEvents, sender };
}

const recordArb = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 600 }).map((s) => `R|${s}`);

describe('ASTM E1381 sender <-> receiver', () => {
  it('delivers every record exactly once, in order, whatever the chunk boundaries, noise and corrupted frames', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
        fc.boolean(),
        (records, cuts, corrupt, noise) => {
          const r = transfer(records, { cuts, corrupt: new Set(corrupt), noise });
          expect(r.sender.status).toBe('done');
          expect(r.delivered).toEqual(records);
          expect(r.receiverEvents.at(-1)).toEqual({ type: 'end' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ACKs garbled into NAKs cause repeats that the receiver keeps only once', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 8 }), fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 4 }), (records, lost) => {
        const r = transfer(records, { cuts: [7, 300], corrupt: new Set(), noise: false, lostAcks: new Set(lost) });
        expect(r.sender.status).toBe('done');
        expect(r.delivered).toEqual(records);
      }),
      { numRuns: 100 },
    );
  });

  it('a NAKed frame is retransmitted and the 6th NAK aborts with EOT', () => {
    const s = new AstmSender();
    expect(s.start(['H|\\^&', 'L|1'], 0).send).toEqual([Uint8Array.of(ENQ)]);
    const first = s.feed(Uint8Array.of(ACK), 1);
    expect(first.events[0]).toMatchObject({ type: 'frame-sent', fn: 1, attempt: 1 });
    for (let i = 1; i <= 5; i++) {
      const o = s.feed(Uint8Array.of(NAK), 1 + i);
      expect(o.send[0]).toEqual(first.send[0]);
      expect(o.events[0]).toMatchObject({ type: 'frame-sent', attempt: i + 1 });
    }
    const last = s.feed(Uint8Array.of(NAK), 10);
    expect(last.send).toEqual([Uint8Array.of(EOT)]);
    expect(last.events).toEqual([{ type: 'aborted', reason: 'nak-limit' }]);
  });

  it('a busy receiver (NAK to ENQ) is bid again after 10 s; no reply in 15 s aborts', () => {
    const s = new AstmSender();
    s.start(['H|\\^&', 'L|1'], 0);
    expect(s.feed(Uint8Array.of(NAK), 100).events).toEqual([{ type: 'busy' }]);
    expect(s.poll(10_099).send).toEqual([]);
    expect(s.poll(10_100).send).toEqual([Uint8Array.of(ENQ)]);
    expect(s.poll(25_099).send).toEqual([]);
    expect(s.poll(25_100)).toEqual({ send: [Uint8Array.of(EOT)], events: [{ type: 'aborted', reason: 'timeout' }] });
  });

  it('ENQ/ENQ contention: the sender backs off and bids again', () => {
    const s = new AstmSender({ contentionBackoffMs: 1000 });
    s.start(['H|\\^&', 'L|1'], 0);
    expect(s.feed(Uint8Array.of(ENQ), 5).events).toEqual([{ type: 'contention' }]);
    expect(s.poll(1005).send).toEqual([Uint8Array.of(ENQ)]);
  });

  it('receiver: 30 s without a frame discards the partial transmission', () => {
    const r = new AstmReceiver();
    expect(r.feed(Uint8Array.of(ENQ), 0).send).toEqual([Uint8Array.of(ACK)]);
    r.feed(encodeFrame({ fn: 1, text: 'H|\\^&\r', final: true }), 1000);
    expect(r.poll(30_999).events).toEqual([]);
    expect(r.poll(31_000).events).toEqual([{ type: 'timeout' }]);
    expect(r.receiving).toBe(false);
  });

  it('receiver: wrong frame number is NAKed; a repeat of the last frame is ACKed once and dropped', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    expect(r.feed(encodeFrame({ fn: 2, text: 'H|\\^&\r', final: true }), 1)).toEqual({ send: [Uint8Array.of(NAK)], events: [{ type: 'frame-rejected', reason: 'sequence' }] });
    const f1 = encodeFrame({ fn: 1, text: 'H|\\^&\r', final: true });
    expect(r.feed(f1, 2).events).toEqual([{ type: 'record', text: 'H|\\^&' }]);
    expect(r.feed(f1, 3)).toEqual({ send: [Uint8Array.of(ACK)], events: [] });
  });

  it('receiver: a first frame numbered 0 is a sequence error, not a silently dropped repeat', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    expect(r.feed(encodeFrame({ fn: 0, text: 'H|\\^&\r', final: true }), 1).events).toEqual([{ type: 'frame-rejected', reason: 'sequence' }]);
  });

  it('random bytes into the receiver never throw', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 10 }), (chunks) => {
      const r = new AstmReceiver({ requireEnq: false });
      let t = 0;
      for (const c of chunks) r.feed(c, (t += 10));
    }));
  });
});
