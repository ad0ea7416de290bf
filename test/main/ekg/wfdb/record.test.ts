import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StationError } from '../../../../common/errors.ts';
import {
  decodeRecord,
  encodeRecord,
  parseHeader,
  toPhysical,
  WfdbChecksumError,
  WfdbFormatError,
  type WfdbRecord,
  type WfdbSignal,
} from '../../../../main/ekg/wfdb/index.ts';
import { formatRange } from '../../../../main/ekg/wfdb/sample-codec.ts';

const FORMATS = [16, 24, 32, 80, 212] as const;

function signalArb(samples: number, format: number): fc.Arbitrary<WfdbSignal> {
  const { min, max } = formatRange(format);
  return fc.record({
    name: fc.constantFrom('I', 'II', 'MLII', 'V1', 'lead aVR'),
    units: fc.constantFrom('mV', 'uV'),
    adcGain: fc.constantFrom(200, 1000, 1716, 2.5),
    baseline: fc.integer({ min: -2048, max: 2047 }),
    adcResolutionBits: fc.integer({ min: 8, max: 32 }),
    format: fc.constant(format),
    digital: fc.array(fc.integer({ min, max }), { minLength: samples, maxLength: samples }).map((a) => Int32Array.from(a)),
  });
}

const recordArb: fc.Arbitrary<WfdbRecord> = fc
  .record({ samples: fc.integer({ min: 0, max: 40 }), nsig: fc.integer({ min: 1, max: 4 }), mixed: fc.boolean(), format: fc.constantFrom(...FORMATS) })
  .chain(({ samples, nsig, mixed, format }) =>
    fc.record({
      name: fc.constantFrom('rec1', 'A00003', 'x_y-z'),
      fsHz: fc.constantFrom(250, 300, 360, 500, 1000, 128.5),
      samples: fc.constant(samples),
      signals: fc.tuple(...Array.from({ length: nsig }, () => (mixed ? fc.constantFrom(...FORMATS) : fc.constant(format)).chain((f) => signalArb(samples, f)))),
      comments: fc.array(fc.constantFrom('Age: 51', 'Dx: 426783006', 'SIMULATED'), { maxLength: 3 }),
    }),
  );

function roundTrip(record: WfdbRecord): WfdbRecord {
  const { headerText, files } = encodeRecord(record);
  return decodeRecord(parseHeader(headerText), files);
}

describe('WFDB record codec', () => {
  it('decode(encode(record)) == record for every format, mixed formats and odd 212 lengths', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        expect(roundTrip(record)).toEqual(record);
      }),
      { numRuns: 300 },
    );
  });

  it('packs format 212 as signal(5) describes', () => {
    // Samples 1 and -2 (0xffe): byte0 = 0x01, byte1 = (0xf << 4) | 0x0, byte2 = 0xfe.
    const header = parseHeader('r 2 360 1\nr.dat 212 200 12 0 1 0 0 a\nr.dat 212 200 12 0 -2 0 0 b');
    const rec = decodeRecord(header, new Map([['r.dat', Uint8Array.of(0x01, 0xf0, 0xfe)]]));
    expect([rec.signals[0]!.digital[0], rec.signals[1]!.digital[0]]).toEqual([1, -2]);
  });

  it('de-interleaves fmtxN signals frame by frame', () => {
    const header = parseHeader('r 2 100 2\nr.dat 16x2 200 16 0 1 0 0 fast\nr.dat 16 200 16 0 3 0 0 slow');
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6].flatMap((v) => [v, 0]));
    const rec = decodeRecord(header, new Map([['r.dat', bytes]]));
    expect(Array.from(rec.signals[0]!.digital)).toEqual([1, 2, 4, 5]);
    expect(rec.signals[0]!.samplesPerFrame).toBe(2);
    expect(Array.from(rec.signals[1]!.digital)).toEqual([3, 6]);
  });

  it('refuses a wrong checksum, a short file and an unvouched wrong first value with typed errors; a vouched one is a notice', () => {
    const bytes = Uint8Array.of(10, 0, 20, 0);
    const decode = (line: string, b = bytes) => decodeRecord(parseHeader(`r 1 100 2\n${line}`), new Map([['r.dat', b]]));
    const verified = decode('r.dat 16 200 16 0 10 30 0 x');
    expect(verified.signals[0]!.digital).toEqual(Int32Array.of(10, 20));
    expect(verified.readNotices).toBeUndefined();
    expect(() => decode('r.dat 16 200 16 0 10 31 0 x')).toThrow(WfdbChecksumError);
    // The checksum, when recorded, still has to match even if the first value disagrees too.
    expect(() => decode('r.dat 16 200 16 0 11 31 0 x')).toThrow(WfdbChecksumError);
    const firstDiffers = decode('r.dat 16 200 16 0 11 30 0 x');
    expect(firstDiffers.signals[0]!.digital).toEqual(Int32Array.of(10, 20));
    expect(firstDiffers.readNotices).toEqual([
      "signal 1 (x): the header's initial value 11 is not the first stored sample 10; the checksum matches; samples read as stored",
    ]);
    // Nothing else vouches for the samples: the first value is the only check left, and it fails.
    expect(() => decode('r.dat 16 200 16 0 11 0 0 x')).toThrow(WfdbChecksumError);
    // A .mat file's own MATLAB v4 header (int16, 1 x 2, name "val") vouches for them.
    const mat = (type: number, rows: number, cols: number) => {
      const b = new Uint8Array(28);
      const v = new DataView(b.buffer);
      [type, rows, cols, 0, 4].forEach((x, k) => v.setInt32(4 * k, x, true));
      b.set([0x76, 0x61, 0x6c, 0], 20);
      b.set(bytes, 24);
      return b;
    };
    const decodeMat = (b: Uint8Array) => decodeRecord(parseHeader('r 1 100 2\nr.mat 16+24 200 16 0 11 0 0 x'), new Map([['r.mat', b]]));
    expect(decodeMat(mat(30, 1, 2)).readNotices).toEqual([
      "signal 1 (x): the header's initial value 11 is not the first stored sample 10; the file's MATLAB header gives the samples' type and count; samples read as stored",
    ]);
    expect(() => decodeMat(mat(30, 1, 3))).toThrow(WfdbChecksumError); // another shape
    expect(() => decodeMat(mat(20, 1, 2))).toThrow(WfdbChecksumError); // int32, not int16
    expect(() => decode('r.dat 16 200 16 0 10 30 0 x', bytes.subarray(0, 3))).toThrow(WfdbFormatError);
    expect(() => decodeRecord(parseHeader('r 1 100 2\nr.dat 16'), new Map())).toThrow(WfdbFormatError);
  });

  it('says when a signal is uncalibrated (gain 0 or none): WFDB\'s default gain is assumed, never silently; a re-written record stays uncalibrated', () => {
    // An independent tester's headers with '0/mV' and no gain read 5x the amplitude of the same
    // samples at 1000/mV, and LOW_VOLTAGE vanished without a word.
    const bytes = Uint8Array.of(10, 0, 20, 0);
    const decode = (lines: string) => decodeRecord(parseHeader(`r 2 100 2\n${lines}`), new Map([['r.dat', Uint8Array.of(10, 0, 1, 0, 20, 0, 2, 0)]]));
    const zero = decode('r.dat 16 0/mV 16 0 10 0 0 I\nr.dat 16 1000/mV 16 0 1 0 0 II');
    expect(zero.signals.map((x) => [x.adcGain, x.uncalibrated])).toEqual([[200, true], [1000, undefined]]);
    expect(zero.readNotices).toEqual(["signal 1 (I): the header gives no gain (0 or none: uncalibrated), so it is read at WFDB's default gain of 200 per unit and its amplitudes are not known"]);
    const none = decodeRecord(parseHeader('r 1 100 2\nr.dat 16'), new Map([['r.dat', bytes]]));
    expect(none.signals[0]!.uncalibrated).toBe(true);
    expect(none.readNotices).toEqual(["signal 1: the header gives no gain (0 or none: uncalibrated), so it is read at WFDB's default gain of 200 per unit and its amplitudes are not known"]);
    // Written back, the gain field says 0 again: the assumed 200 does not become a measured one.
    const { headerText, files } = encodeRecord({ ...zero, name: 'r' });
    expect(headerText.split('\n')[1]).toMatch(/^r\.dat 16 0\(0\)\/mV /);
    expect(decodeRecord(parseHeader(headerText), files).signals.map((x) => x.uncalibrated)).toEqual([true, undefined]);
    // A calibrated record has no such notice.
    expect(decode('r.dat 16 200/mV 16 0 10 0 0 I\nr.dat 16 1000/mV 16 0 1 0 0 II').readNotices).toBeUndefined();
  });

  it('says when a .mat file\'s MATLAB header gives another element type (double, complex, big-endian) than the WFDB format', () => {
    // An independent tester's .mat files with such headers were read with no word; the WFDB header
    // still decides how the samples are read (as the WFDB library does), and says so.
    const samples = Uint8Array.of(10, 0, 20, 0);
    const mat = (fields: readonly number[], little: boolean) => {
      const b = new Uint8Array(28);
      const v = new DataView(b.buffer);
      fields.forEach((x, k) => v.setInt32(4 * k, x, little));
      b.set([0x76, 0x61, 0x6c, 0], 20);
      b.set(samples, 24);
      return b;
    };
    const read = (b: Uint8Array) => decodeRecord(parseHeader('r 1 100 2\nr.mat 16+24 200 16 0 10 30 0 x'), new Map([['r.mat', b]]));
    expect(read(mat([30, 1, 2, 0, 4], true)).readNotices).toBeUndefined();
    expect(read(mat([0, 1, 2, 0, 4], true)).readNotices).toEqual(["signal file r.mat: its MATLAB header gives element type 0, not format 16's; read as the WFDB header says"]);
    expect(read(mat([30, 1, 2, 1, 4], true)).readNotices).toEqual(["signal file r.mat: its MATLAB header gives element type 30 (complex), not format 16's; read as the WFDB header says"]);
    expect(read(mat([1030, 1, 2, 0, 4], false)).readNotices).toEqual(["signal file r.mat: its MATLAB header gives element type 1030, not format 16's; read as the WFDB header says"]);
    expect(read(mat([0, 1, 2, 0, 4], true)).signals[0]!.digital).toEqual(Int32Array.of(10, 20));
  });

  it('maps the format invalid-sample marker to NaN in physical units', () => {
    const s: WfdbSignal = { name: 'II', units: 'mV', adcGain: 200, baseline: 0, adcResolutionBits: 12, format: 212, digital: Int32Array.of(200, -2048, -100) };
    const p = toPhysical(s);
    expect(p[0]).toBeCloseTo(1, 6);
    expect(Number.isNaN(p[1])).toBe(true);
    expect(p[2]).toBeCloseTo(-0.5, 6);
  });

  it('random signal bytes under a valid header give a record or a typed error, never another throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMATS), fc.integer({ min: 1, max: 3 }), fc.uint8Array({ maxLength: 200 }), fc.option(fc.integer({ min: 1, max: 80 })), (format, nsig, bytes, samples) => {
        const lines = [`r ${nsig} 360${samples === null ? '' : ` ${samples}`}`];
        for (let i = 0; i < nsig; i++) lines.push(`r.dat ${format} 200 12 0 0 0 0 s${i}`);
        try {
          const rec = decodeRecord(parseHeader(lines.join('\n')), new Map([['r.dat', bytes]]));
          expect(rec.signals.every((s) => s.digital.length === rec.samples)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(StationError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
