import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeAstmCapture } from '../../../../drivers/protocols/astm/capture.ts';
import { encodeFrame, framesForRecords, ENQ, EOT } from '../../../../drivers/protocols/astm/frame.ts';
import { captureOf, concat, contourRecords } from './helpers.ts';

const msgA = contourRecords([{ value: '93', ts: '201909221304' }, { value: 'HI', ts: '201909221310' }], 'SIM-0001');
const msgB = contourRecords([{ value: '101', ts: '201909230800' }], 'SIM-0001');

describe('decodeAstmCapture', () => {
  it('decodes a capture with the ENQ/EOT handshake', () => {
    const d = decodeAstmCapture(captureOf(msgA));
    expect(d.errors).toEqual([]);
    expect(d.readings).toEqual([
      { test: 'Glucose', value: '93', unit: 'mg/dL', observedAt: '2019-09-22T13:04:00', deviceSerial: 'SIM-0001', recordTime: '201909221304', protocol: 'astm', control: false, flags: '', simulated: true },
      { test: 'Glucose', value: 'HI', unit: 'mg/dL', observedAt: '2019-09-22T13:10:00', deviceSerial: 'SIM-0001', recordTime: '201909221310', protocol: 'astm', control: false, flags: '', simulated: true },
    ]);
  });

  it('decodes frames without any handshake', () => {
    expect(decodeAstmCapture(captureOf(msgA, false)).readings.map((r) => r.value)).toEqual(['93', 'HI']);
  });

  it('a bad checksum spoils only its own message: none of its readings, one error', () => {
    const framesA = framesForRecords(msgA).map(encodeFrame);
    framesA[2]![5] = framesA[2]![5]! ^ 0x04;
    const bytes = concat([Uint8Array.of(ENQ), ...framesA, Uint8Array.of(EOT), captureOf(msgB)]);
    const d = decodeAstmCapture(bytes);
    expect(d.readings.map((r) => r.value)).toEqual(['101']);
    expect(d.errors).toHaveLength(1);
  });

  it('a message cut short (no L) yields nothing and an error', () => {
    const cut = captureOf(msgA).slice(0, -20);
    const d = decodeAstmCapture(cut);
    expect(d.readings).toEqual([]);
    expect(d.errors.length).toBeGreaterThan(0);
  });

  it('property: any corruption of any byte never yields a reading that was not sent, nor a partial message', () => {
    const good = captureOf(msgA);
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const bad = good.slice();
      bad[at] = bad[at]! ^ x;
      const d = decodeAstmCapture(bad);
      // Either the whole message survives intact (the byte was outside any frame) or nothing does.
      if (d.readings.length > 0) expect(d.readings.map((r) => r.value)).toEqual(['93', 'HI']);
      else expect(d.errors.length).toBeGreaterThan(0);
    }));
  });

  it('property: random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
      const d = decodeAstmCapture(bytes);
      expect(Array.isArray(d.readings)).toBe(true);
    }));
  });
});
