import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AstmReceiver, type ReceiverEvent } from '../../../../drivers/protocols/astm/receiver.ts';
import { AstmMessageAssembler } from '../../../../drivers/protocols/astm/assembler.ts';
import { ACK, ENQ, NAK, encodeFrame } from '../../../../drivers/protocols/astm/frame.ts';

const frame = (fn: number, text: string, final = true) => encodeFrame({ fn, text, final });
const badChecksum = (bytes: Uint8Array): Uint8Array => {
  const b = bytes.slice();
  b[b.length - 4] = b[b.length - 4] === 0x30 ? 0x31 : 0x30; // first checksum digit
  return b;
};
const H = 'H|\\^&||SIM|METER^1^SIM-1\r';
const R = (seq: number, value: string) => `R|${seq}|^^^Glucose|${value}|mg/dL||||F||||20261122080000|SIM-1\r`;

describe('AstmReceiver: a repeated frame number', () => {
  it('a byte-identical repeat of the frame just accepted is ACKed and kept once', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    r.feed(frame(1, H), 1);
    const f2 = frame(2, R(1, '45'));
    expect(r.feed(f2, 2).events).toEqual([{ type: 'record', text: R(1, '45').slice(0, -1) }]);
    expect(r.feed(f2, 3)).toEqual({ send: [Uint8Array.of(ACK)], events: [] });
  });

  it('a different frame under the number just accepted is NAKed as a sequence error that spoils the message, never dropped silently', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    r.feed(frame(1, H), 1);
    r.feed(frame(2, R(1, '45')), 2);
    expect(r.feed(frame(2, R(2, '38')), 3)).toEqual({ send: [Uint8Array.of(NAK)], events: [{ type: 'frame-rejected', reason: 'sequence', spoilsMessage: true }] });
  });

  it('live link: the spoiled message is reported broken even though NAKed frames normally get retransmitted', () => {
    const r = new AstmReceiver();
    const a = new AstmMessageAssembler(false);
    const out: ReturnType<AstmMessageAssembler['handle']> = [];
    const feed = (b: Uint8Array, t: number) => {
      for (const e of r.feed(b, t).events) out.push(...a.handle(e));
    };
    feed(Uint8Array.of(ENQ), 0);
    feed(frame(1, H), 1);
    feed(frame(2, 'P|1\r'), 2);
    feed(frame(3, R(1, '45')), 3);
    feed(frame(3, R(2, '38')), 4);
    feed(frame(4, 'L|1|N\r'), 5);
    expect(out).toEqual([{ type: 'broken', code: 'astm-sequence', reason: expect.stringMatching(/same frame number/) }]);
  });
});

describe('AstmReceiver: a device that keeps the link busy without progress', () => {
  it('gives up after 6 NAKs in a row (E1381 retry limit) with an aborted event; the 6th NAK is still sent', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    const bad = badChecksum(frame(1, H));
    for (let i = 1; i <= 5; i++) expect(r.feed(bad, i)).toEqual({ send: [Uint8Array.of(NAK)], events: [{ type: 'frame-rejected', reason: 'checksum' }] });
    expect(r.feed(bad, 6)).toEqual({
      send: [Uint8Array.of(NAK)],
      events: [{ type: 'frame-rejected', reason: 'checksum' }, { type: 'aborted', rejections: 6, lastReason: 'checksum' }],
    });
    expect(r.receiving).toBe(false);
  });

  it('a frame accepted on its 6th try resets the count', () => {
    const r = new AstmReceiver();
    r.feed(Uint8Array.of(ENQ), 0);
    const good = frame(1, H);
    for (let i = 1; i <= 5; i++) r.feed(badChecksum(good), i);
    expect(r.feed(good, 6).send).toEqual([Uint8Array.of(ACK)]);
    const f2 = frame(2, 'P|1\r');
    for (let i = 1; i <= 5; i++) expect(r.feed(badChecksum(f2), 6 + i).events).toEqual([{ type: 'frame-rejected', reason: 'checksum' }]);
    expect(r.receiving).toBe(true);
  });

  it('rejected frames do not restart the receive timer', () => {
    const r = new AstmReceiver({ frameTimeoutMs: 1000, maxRejections: Infinity });
    r.feed(Uint8Array.of(ENQ), 0);
    const bad = badChecksum(frame(1, H));
    let events: ReceiverEvent[] = [];
    for (let t = 100; t <= 1000; t += 100) events = r.feed(bad, t).events;
    expect(events[0]).toEqual({ type: 'timeout' });
    expect(r.receiving).toBe(false);
  });

  it('repeated ENQs and identical repeats do not restart the receive timer; an accepted frame does', () => {
    const r = new AstmReceiver({ frameTimeoutMs: 1000 });
    r.feed(Uint8Array.of(ENQ), 0);
    expect(r.feed(Uint8Array.of(ENQ), 600).events).toEqual([{ type: 'established' }]);
    expect(r.poll(1000).events).toEqual([{ type: 'timeout' }]);

    const r2 = new AstmReceiver({ frameTimeoutMs: 1000 });
    r2.feed(Uint8Array.of(ENQ), 0);
    const f1 = frame(1, H);
    r2.feed(f1, 500);
    expect(r2.poll(1499).events).toEqual([]);
    r2.feed(f1, 1400); // identical repeat: ACKed, not progress
    expect(r2.poll(1500).events).toEqual([{ type: 'timeout' }]);
  });

  it('property: random bytes never throw, and an open transmission never outlives the receive timer', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 60 }), (chunks) => {
        const r = new AstmReceiver({ frameTimeoutMs: 1000 });
        r.feed(Uint8Array.of(ENQ), 0);
        let accepted = false;
        let t = 0;
        for (const c of chunks) {
          t += 50;
          const out = r.feed(c, t);
          if (out.events.some((e) => e.type === 'record')) accepted = true;
        }
        if (!accepted && r.receiving) {
          // At most 1 s after the ENQ (or a later fresh ENQ from idle), the transmission is gone.
          expect(r.poll(t + 1000).events.map((e) => e.type)).toContain('timeout');
        }
      }),
      { numRuns: 200 },
    );
  });
});
