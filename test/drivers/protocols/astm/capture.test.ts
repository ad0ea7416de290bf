import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeAstmCapture } from '../../../../drivers/protocols/astm/capture.ts';
import { encodeFrame, framesForRecords, ENQ, EOT } from '../../../../drivers/protocols/astm/frame.ts';
import { captureOf, concat, contourRecords } from './helpers.ts';
import { escapeText, type Delimiters } from '../../../../drivers/protocols/astm/records.ts';

const D: Delimiters = { field: '|', repeat: '\\', component: '^', escape: '&' };

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

  it('keeps each unit as the device sent it (R-5 component 1): case and spelling are not normalised', () => {
    const upper = contourRecords([{ value: '93', unit: 'MG/DL', ts: '201909221304' }, { value: '5.2', unit: 'mmol/l', ts: '201909221310' }], 'SIM-0001');
    expect(decodeAstmCapture(captureOf(upper)).readings.map((r) => r.unit)).toEqual(['MG/DL', 'mmol/l']);
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

  it('property: decode(capture(records)) gives back every value, unit and time, long records included (ETB frames)', () => {
    // A blank value is no reading (refused, tested below): every value here has a non-space character.
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,<>-+/#&|^\\'.split('')), minLength: 1, maxLength: 400 }).filter((v) => v.trim() !== '');
    const reading = fc.record({ value: text, unit: fc.constantFrom('mg/dL', 'mmol/L', '%'), minute: fc.integer({ min: 0, max: 59 }) });
    fc.assert(fc.property(fc.array(reading, { minLength: 1, maxLength: 6 }), fc.boolean(), (rs, handshake) => {
      const records = [
        'H|\\^&||SIM|SIMULATED^1^SIM-P|',
        'P|1',
        ...rs.map((r, i) => `R|${i + 1}|^^^Glucose|${escapeText(r.value, D)}|${r.unit}||||F||||202611220${8}${String(r.minute).padStart(2, '0')}00|SIM-P`),
        'L|1|N',
      ];
      const d = decodeAstmCapture(captureOf(records, handshake));
      expect(d.errors).toEqual([]);
      expect(d.readings.map((x) => [x.value, x.unit, x.observedAt.slice(11, 16)])).toEqual(rs.map((r) => [r.value, r.unit, `08:${String(r.minute).padStart(2, '0')}`]));
    }), { numRuns: 150 });
  });

  it('line noise with no frame is reported, not taken for an empty meter; a clean ENQ/EOT is a valid empty download', () => {
    const garbage = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);
    const d = decodeAstmCapture(garbage);
    expect(d.readings).toEqual([]);
    expect(d.errors).toEqual([expect.objectContaining({ code: 'astm-noise' })]);
    // An ENQ..EOT pair inside the noise does not make it a successful empty transmission.
    expect(decodeAstmCapture(concat([Uint8Array.of(0x41, 0xff, 0x13), Uint8Array.of(ENQ, EOT), Uint8Array.of(0x7e)])).errors).toEqual([expect.objectContaining({ code: 'astm-noise' })]);
    expect(decodeAstmCapture(Uint8Array.of(ENQ, EOT))).toEqual({ readings: [], errors: [], warnings: [], messages: 0 });
  });

  it('a capture with no transmission (empty, or only EOT/ACK/NAK) is an error, not an empty meter; ENQ/EOT stays a valid empty download', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(EOT), Uint8Array.of(0x06, 0x15, EOT)]) {
      expect(decodeAstmCapture(bytes)).toEqual({ readings: [], errors: [{ code: 'astm-empty', reason: expect.stringMatching(/no transmission/) }], warnings: [], messages: 0 });
    }
    expect(decodeAstmCapture(Uint8Array.of(EOT, ENQ, EOT))).toEqual({ readings: [], errors: [], warnings: [], messages: 0 });
    // A frames-only capture is a transmission too.
    expect(decodeAstmCapture(captureOf(msgB, false)).errors).toEqual([]);
  });

  it.each([
    ['a control character in the value', '09\x073', 'mg/dL', 'result record 2 contains a control character'],
    ['a control character elsewhere in the record', '93', 'mg\x00/dL', 'result record 2 contains a control character'],
    ['an empty value', '', 'mg/dL', 'result record 2 has no value (R-4)'],
    ['a blank value', '   ', 'mg/dL', 'result record 2 has no value (R-4)'],
  ])('a result record with %s refuses its message (astm-record, naming the record, not its value); other messages still count', (_what, value, unit, reason) => {
    const bad = contourRecords([{ value: '120', ts: '201909221300' }, { value, unit, ts: '201909221304' }], 'SIM-0001');
    const d = decodeAstmCapture(concat([captureOf(bad), captureOf(msgB)]));
    expect(d.readings.map((r) => r.value)).toEqual(['101']);
    expect(d.errors).toEqual([{ code: 'astm-record', reason }]);
  });

  it('noise between good frames that cost nothing is reported once as a warning; the checksummed messages count', () => {
    const frames = framesForRecords(msgA).map(encodeFrame);
    const noisy = concat([Uint8Array.of(ENQ), frames[0]!, Uint8Array.of(0x55, 0xaa), ...frames.slice(1), Uint8Array.of(EOT)]);
    const d = decodeAstmCapture(noisy);
    expect(d.readings.map((r) => r.value)).toEqual(['93', 'HI']);
    expect(d.errors).toEqual([]);
    expect(d.warnings).toEqual([{ code: 'astm-noise', reason: expect.stringMatching(/^2 byte\(s\) outside any frame, between frames: no message was lost to them/) }]);
  });

  it('a frame whose STX was lost in the noise fails the capture: the frame end among the noise shows a message may be gone', () => {
    // Message A in its frames, then message B packed whole in one frame (some devices do), whose
    // STX arrived as noise: B's bytes are all outside any frame, and nothing else shows B is missing.
    const framesA = framesForRecords(msgA).map(encodeFrame);
    const whole = encodeFrame({ fn: (framesA.length + 1) % 8, text: `${msgB.join('\r')}\r`, final: true });
    const lost = Uint8Array.from(whole, (b, i) => (i === 0 ? 0xff : b));
    const d = decodeAstmCapture(concat([Uint8Array.of(ENQ), ...framesA, lost, Uint8Array.of(EOT)]));
    expect(d.readings.map((r) => r.value)).toEqual(['93', 'HI']);
    expect(d.warnings).toEqual([]);
    expect(d.errors).toEqual([{ code: 'astm-noise', reason: expect.stringMatching(/outside any frame, with the end of a frame among them: a frame whose start was lost may have held a whole message/) }]);
    // The same frame received whole is read (the message packing is valid).
    expect(decodeAstmCapture(concat([Uint8Array.of(ENQ), ...framesA, whole, Uint8Array.of(EOT)]))).toMatchObject({ errors: [], warnings: [], messages: 2 });
  });

  it('property: random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
      const d = decodeAstmCapture(bytes);
      expect(Array.isArray(d.readings)).toBe(true);
    }));
  });
});

describe('decodeAstmCapture: repeated frame numbers', () => {
  const H = 'H|\\^&||SIMULATED|METER^1.00^SIM-ASTM-0001^|A=1^U=mg/dL|1|||||||1|202611220800';
  const R = (seq: number, v: string, t: string) => `R|${seq}|^^^Glucose|${v}|mg/dL||||F||||${t}|SIM-ASTM-0001`;
  const oneFrame = (v: string, t: string) => encodeFrame({ fn: 1, text: `${H}\rP|1\r${R(1, v, t)}\rL|1|N\r`, final: true });

  it('two frames-only transmissions, each a single frame numbered 1: both are read (frame 1 after an end frame is a new transmission)', () => {
    const d = decodeAstmCapture(concat([oneFrame('105', '20261122080000'), oneFrame('250', '20261122081000')]));
    expect(d.errors).toEqual([]);
    expect(d.readings.map((r) => r.value)).toEqual(['105', '250']);
    expect(d.messages).toBe(2);
  });

  it('two frames-only transmissions of several frames each are both read', () => {
    const d = decodeAstmCapture(concat([captureOf(msgA, false), captureOf(msgB, false)]));
    expect(d.errors).toEqual([]);
    expect(d.readings.map((r) => r.value)).toEqual(['93', 'HI', '101']);
  });

  it('a byte-identical repeat of a frame (a retransmission) is kept once', () => {
    const frames = framesForRecords(msgA).map(encodeFrame);
    const d = decodeAstmCapture(concat([Uint8Array.of(ENQ), ...frames.slice(0, 3), frames[2]!, ...frames.slice(3), Uint8Array.of(EOT)]));
    expect(d.errors).toEqual([]);
    expect(d.readings.map((r) => r.value)).toEqual(['93', 'HI']);
  });

  it('two different frames with the same number: the whole message is rejected and reported, never one of them silently dropped', () => {
    const f = (fn: number, text: string) => encodeFrame({ fn, text: `${text}\r`, final: true });
    const bytes = concat([
      Uint8Array.of(ENQ),
      f(1, H),
      f(2, 'P|1'),
      f(3, R(1, '45', '20261122080000')),
      f(3, R(2, '38', '20261122080500')),
      f(4, 'L|1|N'),
      Uint8Array.of(EOT),
      captureOf(msgB),
    ]);
    const d = decodeAstmCapture(bytes);
    expect(d.readings.map((r) => r.value)).toEqual(['101']);
    expect(d.errors).toEqual([{ code: 'astm-sequence', reason: expect.stringMatching(/same frame number/) }]);
  });

  it('the same in a frames-only capture, also for frame number 1 in the middle of a record (ETB)', () => {
    const long = `R|1|^^^Glucose|93|mg/dL||||F||||20261122080000|${'X'.repeat(300)}`;
    const frames = framesForRecords([H, long, 'L|1|N'], 1).map(encodeFrame);
    // frames: 1 H (ETX), 2 R part (ETB), 3 R end (ETX), 4 L. A different frame 2 after frame 2:
    const other = encodeFrame({ fn: 2, text: 'R|1|^^^Glucose|38', final: false });
    const d = decodeAstmCapture(concat([frames[0]!, frames[1]!, other, ...frames.slice(2)]));
    expect(d.readings).toEqual([]);
    expect(d.errors).toEqual([expect.objectContaining({ code: 'astm-sequence' })]);
  });
});
