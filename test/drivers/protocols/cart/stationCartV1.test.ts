import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../../common/errors.ts';
import { electrodeMaskFromStatus, statusFromElectrodeMask } from '../../../../drivers/protocols/cart/leadOff.ts';
import { decodeIdentity, encodeIdentity, INT24_MAX, INT24_MIN } from '../../../../drivers/protocols/cart/messages.ts';
import { stationCartV1 } from '../../../../drivers/protocols/cart/stationCartV1.ts';
import { encodeAckFrame, encodeDataFrame, encodeIdentityFrame, encodeImpedanceFrame, StationCartV1CommandReader } from '../../../../drivers/protocols/cart/stationCartV1Device.ts';
import type { CartCommand, CartEvent, CartIdentity } from '../../../../drivers/protocols/cart/types.ts';

const sample = fc.record({
  leadOff: fc.integer({ min: 0, max: 0x3ff }),
  counts: fc.array(fc.integer({ min: INT24_MIN, max: INT24_MAX }), { minLength: 8, maxLength: 8 }),
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Feeds `bytes` cut at the given fractional positions. */
function feedChunked(bytes: Uint8Array, cuts: number[]): CartEvent[] {
  const dec = stationCartV1.createDecoder();
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const events: CartEvent[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    events.push(...dec.feed(bytes.subarray(prev, c), 0));
    prev = c;
  }
  return events;
}

const samplesOf = (ev: CartEvent[]): Array<{ seq: number; counts: number[]; leadOff: number }> =>
  ev.flatMap((e) => (e.type === 'samples' ? [{ seq: e.seq, counts: [...e.counts], leadOff: e.leadOff }] : []));

describe('station cart v1 protocol', () => {
  it('a data frame has the documented bytes (golden vector)', () => {
    const f = encodeDataFrame(1, 0, [1, -1, 0x7fffff, -0x7fffff, 0, 0, 0, 256]);
    expect(Buffer.from(f).toString('hex')).toBe(
      'a55a011f00' + '01000000' + 'c00000' + '000001' + 'ffffff' + '7fffff' + '800001' + '000000'.repeat(3) + '000100' + Buffer.from(f.subarray(-2)).toString('hex'),
    );
    expect(f.length).toBe(38);
  });

  it('decode(encode(x)) == x for data frames, under any chunking', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true })), (frames, cuts) => {
        const bytes = concat(frames.map((f, i) => encodeDataFrame(i, f.leadOff, f.counts)));
        const got = samplesOf(feedChunked(bytes, cuts));
        expect(got).toEqual(frames.map((f, i) => ({ seq: i, counts: f.counts, leadOff: f.leadOff })));
      }),
    );
  });

  it('resynchronises after garbage: every intact frame is decoded, none invented', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sample, fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 20 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (items, cuts) => {
          const bytes = concat(items.flatMap(([f, junk], i) => [junk, encodeDataFrame(i, f.leadOff, f.counts)]));
          const got = samplesOf(feedChunked(bytes, cuts));
          // Garbage may swallow at most the frame it precedes when it ends in a partial sync
          // (false header with a length that hides the real one); frames received are exact.
          for (const g of got) expect(g).toEqual({ seq: g.seq, counts: items[g.seq]![0].counts, leadOff: items[g.seq]![0].leadOff });
          expect(got.length).toBeGreaterThanOrEqual(Math.ceil(items.length / 2));
        },
      ),
    );
  });

  it('a lost byte costs exactly that frame, reported as a gap of one frame', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 3, maxLength: 20 }), fc.nat(), fc.nat(), (frames, whichFrame, whichByte) => {
        const lost = 1 + (whichFrame % (frames.length - 2));
        const parts = frames.map((f, i) => encodeDataFrame(i, f.leadOff, f.counts));
        const victim = parts[lost]!;
        const cut = whichByte % victim.length;
        parts[lost] = concat([victim.subarray(0, cut), victim.subarray(cut + 1)]);
        const ev = feedChunked(concat(parts), []);
        expect(samplesOf(ev).map((s) => s.seq)).toEqual(frames.map((_, i) => i).filter((i) => i !== lost));
        expect(ev.filter((e) => e.type === 'gap')).toEqual([{ type: 'gap', fromSeq: lost, toSeq: lost, frames: 1, receivedMs: 0 }]);
      }),
    );
  });

  it('a corrupted byte is caught by the CRC and counted', () => {
    const frames = [0, 1, 2].map((i) => encodeDataFrame(i, 0, [i, 0, 0, 0, 0, 0, 0, 0]));
    frames[1]![20]! ^= 0x10;
    const dec = stationCartV1.createDecoder();
    const ev = dec.feed(concat(frames), 5);
    expect(samplesOf(ev).map((s) => s.seq)).toEqual([0, 2]);
    expect(ev.find((e) => e.type === 'gap')).toMatchObject({ fromSeq: 1, toSeq: 1, frames: 1 });
    expect(dec.stats).toMatchObject({ framesOk: 2, framesMissing: 1, crcErrors: 1 });
  });

  it('random bytes never throw and never yield frames that fail their CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const dec = stationCartV1.createDecoder();
        const ev = dec.feed(bytes, 0);
        const discarded = ev.reduce((n, e) => n + (e.type === 'discarded' ? e.bytes : 0), 0);
        expect(discarded).toBeLessThanOrEqual(bytes.length);
      }),
    );
  });

  it('sequence going backwards is a reset, not a gap', () => {
    const dec = stationCartV1.createDecoder();
    const ev = dec.feed(concat([encodeDataFrame(7, 0, new Array(8).fill(0)), encodeDataFrame(0, 0, new Array(8).fill(0))]), 0);
    expect(ev.map((e) => e.type)).toEqual(['samples', 'sequenceReset', 'samples']);
  });

  it('identity, ack and impedance round-trip; commands round-trip through the cart-side reader', () => {
    const identity: CartIdentity = { model: 'SIMULATED CART', serial: 'SIM-0001', firmware: '1.0.0', supportedRatesHz: [500, 1000], resolutionNvPerLsb: 2400 / 6 / 8388608 * 1e6 };
    const dec = stationCartV1.createDecoder();
    const ev = dec.feed(concat([encodeIdentityFrame(identity), encodeAckFrame('setRate', 'unsupported'), encodeImpedanceFrame([1000, NaN, 5e3, 0, 1, 2, 3, 4, 5, 6])]), 0);
    expect(ev[0]).toEqual({ type: 'identity', identity });
    expect(ev[1]).toEqual({ type: 'ack', command: 'setRate', status: 'unsupported' });
    expect(ev[2]).toEqual({ type: 'impedance', ohms: Float64Array.of(1000, NaN, 5e3, 0, 1, 2, 3, 4, 5, 6) });
    const cmds: CartCommand[] = [{ type: 'identify' }, { type: 'start' }, { type: 'stop' }, { type: 'setRate', rateHz: 1000 }, { type: 'impedanceCheck' }];
    const reader = new StationCartV1CommandReader();
    expect(reader.feed(concat([Uint8Array.of(1, 2, 0xa5), ...cmds.map((c) => stationCartV1.encodeCommand(c))]))).toEqual(cmds);
    expect(() => stationCartV1.encodeCommand({ type: 'setRate', rateHz: 0 })).toThrow(FormatError);
  });

  it('refuses a resolution that is not a positive number of nV up to 1 mV per count (a sample times it could overflow)', () => {
    const base: CartIdentity = { model: 'X', serial: 'Y', firmware: 'Z', supportedRatesHz: [500], resolutionNvPerLsb: 1e6 };
    const payload = encodeIdentity(base);
    expect(decodeIdentity(payload).resolutionNvPerLsb).toBe(1e6);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e6 * 1.0001, 1e300]) {
      expect(() => encodeIdentity({ ...base, resolutionNvPerLsb: bad })).toThrow(FormatError);
      new DataView(payload.buffer, payload.byteOffset).setFloat64(0, bad, true);
      expect(() => decodeIdentity(payload)).toThrow(FormatError);
    }
  });

  it('identity payload decoder: random bytes -> FormatError or a valid identity', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (p) => {
        try {
          const id = decodeIdentity(p);
          expect(decodeIdentity(encodeIdentity(id))).toEqual(id);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
    );
  });

  it('lead-off: ADS1298 status word <-> electrode mask round-trips; RA from either IN1N or IN2N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x3ff }), (m) => {
        expect(electrodeMaskFromStatus(statusFromElectrodeMask(m))).toBe(m);
      }),
    );
    expect(electrodeMaskFromStatus(0xc00010)).toBe(1); // IN1N off -> RA
    expect(electrodeMaskFromStatus(0xc00020)).toBe(1); // IN2N off -> RA
    expect(electrodeMaskFromStatus(0xc01000)).toBe(2); // IN1P -> LA
    expect(electrodeMaskFromStatus(0xc80000)).toBe(1 << 9); // IN8P -> V6
  });
});
