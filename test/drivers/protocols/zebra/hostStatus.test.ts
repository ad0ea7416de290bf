import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HostStatusDecoder,
  ZebraStatusError,
  encodeHostStatus,
  encodeHostStatusRequest,
  statusFaults,
  type HostStatus,
} from '../../../../drivers/protocols/zebra/hostStatus.ts';

const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const frame = (s: string) => `\x02${s}\x03\r\n`;
/** A ZD421-style reply: ready, 203-dot label length, nothing buffered. */
const READY = frame('030,0,0,0203,000,0,0,0,000,0,0,0') + frame('001,0,0,0,0,2,6,0,00000000,1,000') + frame('1234,0');

const statusArb: fc.Arbitrary<HostStatus> = fc.record({
  commSettings: fc.integer({ min: 0, max: 999 }),
  paperOut: fc.boolean(),
  paused: fc.boolean(),
  labelLengthDots: fc.integer({ min: 0, max: 9999 }),
  formatsInBuffer: fc.integer({ min: 0, max: 999 }),
  bufferFull: fc.boolean(),
  commDiagnosticMode: fc.boolean(),
  partialFormat: fc.boolean(),
  corruptRam: fc.boolean(),
  underTemperature: fc.boolean(),
  overTemperature: fc.boolean(),
  functionSettings: fc.integer({ min: 0, max: 999 }),
  headOpen: fc.boolean(),
  ribbonOut: fc.boolean(),
  thermalTransfer: fc.boolean(),
  printMode: fc.integer({ min: 0, max: 9 }),
  printWidthMode: fc.integer({ min: 0, max: 9 }),
  labelWaiting: fc.boolean(),
  labelsRemaining: fc.integer({ min: 0, max: 99_999_999 }),
  graphicsStored: fc.integer({ min: 0, max: 999 }),
  password: fc.integer({ min: 0, max: 9999 }),
  staticRamInstalled: fc.boolean(),
});

describe('~HS host status decoder', () => {
  it('encodes the ~HS request as the three ASCII bytes', () => {
    expect([...encodeHostStatusRequest()]).toEqual([0x7e, 0x48, 0x53]);
  });

  it('decodes a ready reply with no faults', () => {
    const events = new HostStatusDecoder().feed(ascii(READY), 5);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    if (e.kind !== 'status') throw new Error('expected a status');
    expect(e.status.labelLengthDots).toBe(203);
    expect(e.status.printMode).toBe(2);
    expect(statusFaults(e.status)).toEqual([]);
  });

  it('maps each flag to its fault', () => {
    const reply = frame('030,1,1,0203,003,1,0,0,000,1,1,1') + frame('001,0,1,1,1,2,6,0,00000002,1,000') + frame('1234,0');
    const e = new HostStatusDecoder().feed(ascii(reply), 0)[0]!;
    if (e.kind !== 'status') throw new Error('expected a status');
    expect(e.status.formatsInBuffer).toBe(3);
    expect(e.status.labelsRemaining).toBe(2);
    expect(statusFaults(e.status)).toEqual(['paper-out', 'head-open', 'paused', 'ribbon-out', 'buffer-full', 'corrupt-ram', 'under-temperature', 'over-temperature']);
  });

  it('rejects a reply with a missing field as a typed error, then resynchronises', () => {
    const bad = frame('030,0,0,0203,000,0,0,0,000,0,0') + frame('001,0,0,0,0,2,6,0,00000000,1,000') + frame('1234,0');
    const d = new HostStatusDecoder();
    const events = d.feed(ascii(bad + READY), 0);
    expect(events.map((e) => e.kind)).toEqual(['error', 'status']);
    expect(events[0]!.kind === 'error' && events[0]!.error).toBeInstanceOf(ZebraStatusError);
  });

  it('property: decode(encode(status)) == status, for any chunking', () => {
    fc.assert(
      fc.property(statusArb, fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 20 }), (status, cuts) => {
        const bytes = encodeHostStatus(status);
        const d = new HostStatusDecoder();
        const events = [];
        let at = 0;
        for (const n of cuts) {
          events.push(...d.feed(bytes.subarray(at, at + n), 0));
          at = Math.min(bytes.length, at + n);
        }
        events.push(...d.feed(bytes.subarray(at), 0));
        expect(events).toEqual([{ kind: 'status', status, atMs: 0 }]);
      }),
    );
  });

  it('property: random bytes give only status or typed-error events, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const events = new HostStatusDecoder().feed(bytes, 0);
        for (const e of events) if (e.kind === 'error') expect(e.error).toBeInstanceOf(ZebraStatusError);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: garbage before a reply never hides the reply that follows it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.array(fc.constantFrom(0x02, 0x03, 0x0d, 0x2c, 0x30, 0x31), { maxLength: 100 }).map((a) => Uint8Array.from(a))), statusArb, (junk, status) => {
        const d = new HostStatusDecoder();
        const events = [...d.feed(junk, 0), ...d.feed(encodeHostStatus(status), 1)];
        expect(events.at(-1)).toEqual({ kind: 'status', status, atMs: 1 });
      }),
    );
  });
});
