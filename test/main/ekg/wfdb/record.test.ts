import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StationError } from '../../../../common/errors.ts';
import {
  decodeRecord,
  encodeRecord,
  formatHeader,
  parseHeader,
  toPhysical,
  WfdbChecksumError,
  WfdbFormatError,
  type WfdbRecord,
  type WfdbSignal,
} from '../../../../main/ekg/wfdb/index.ts';
import { formatRange } from '../../../../main/ekg/wfdb/sample-codec.ts';

const FORMATS = [8, 16, 24, 32, 61, 80, 160, 212, 310, 311] as const;

/** Digital samples a format can hold: for format 8, a walk whose steps fit in a signed byte. */
function digitalArb(samples: number, format: number): fc.Arbitrary<Int32Array> {
  if (format === 8) {
    return fc
      .tuple(fc.integer({ min: -5000, max: 5000 }), fc.array(fc.integer({ min: -128, max: 127 }), { minLength: samples, maxLength: samples }))
      .map(([start, steps]) => {
        let v = start;
        return Int32Array.from(steps, (step, i) => (i === 0 ? v : (v += step)));
      });
  }
  const { min, max } = formatRange(format);
  return fc.array(fc.integer({ min, max }), { minLength: samples, maxLength: samples }).map((a) => Int32Array.from(a));
}

function signalArb(samples: number, format: number): fc.Arbitrary<WfdbSignal> {
  return fc.record({
    name: fc.constantFrom('I', 'II', 'MLII', 'V1', 'lead aVR'),
    units: fc.constantFrom('mV', 'uV'),
    adcGain: fc.constantFrom(200, 1000, 1716, 2.5),
    baseline: fc.integer({ min: -2048, max: 2047 }),
    adcResolutionBits: fc.integer({ min: 8, max: 32 }),
    format: fc.constant(format),
    digital: digitalArb(samples, format),
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
  it('decode(encode(record)) == record for every format, mixed formats and partial 212/310/311 groups', () => {
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

  it("says when the header gives no sampling frequency and WFDB's 250 Hz is assumed; a header saved with a byte-order mark reads as without", () => {
    const bytes = new Map([['r.dat', Uint8Array.of(10, 0, 20, 0)]]);
    const noRate = decodeRecord(parseHeader('r 1\nr.dat 16 200/mV 16 0 10 0 0 I'), bytes);
    expect(noRate.fsHz).toBe(250);
    expect(noRate.readNotices).toEqual(["the header gives no sampling frequency, so the record is read at WFDB's default of 250 Hz: if it was recorded at another rate, every rate and interval is wrong"]);
    expect(decodeRecord(parseHeader('r 1 250\nr.dat 16 200/mV 16 0 10 0 0 I'), bytes).readNotices).toBeUndefined();
    // As read from a file, byte by byte (main/io/wfdb.ts), and as text.
    for (const bom of ['\u00EF\u00BB\u00BF', '\uFEFF']) expect(decodeRecord(parseHeader(`${bom}r 1 500 2\nr.dat 16 200/mV 16 0 10 0 0 I`), bytes)).toMatchObject({ name: 'r', fsHz: 500 });
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

describe('format 8 (first differences) in a record', () => {
  const read = (lines: string, bytes: readonly number[]) => decodeRecord(parseHeader(lines), new Map([['r.dat', Uint8Array.from(bytes)]]));

  it('seeds the running sum with the header\'s initial value: sample k = initial value + bytes 0..k (signal.c getskewedframe)', () => {
    // `seq 1 5 | wrsamp -O 8` writes bytes 00 01 01 01 01 and initial value 1; rdsamp reads 1..5
    // (github.com/MIT-LCP/wfdb-python pull 327). Checksum 1+2+3+4+5 = 15.
    const rec = read('x8 1 250 5\nr.dat 8 200 10 0 1 15 0 s', [0, 1, 1, 1, 1]);
    expect(Array.from(rec.signals[0]!.digital)).toEqual([1, 2, 3, 4, 5]);
    expect(rec.readNotices).toBeUndefined();
  });

  it('the initial value is decoder state, not a check: a first byte other than 0 gives another sample 0, with no error or notice', () => {
    // Differences 0x05, 0xfb (-5), 0x80 (-128), 0x7f (127) from 100.
    const rec = read('r 1 250 4\nr.dat 8 200 10 0 100 0 0 s', [0x05, 0xfb, 0x80, 0x7f]);
    expect(Array.from(rec.signals[0]!.digital)).toEqual([105, 100, -28, 99]);
    expect(rec.readNotices).toBeUndefined();
    // Without it (no initial value field), WFDB starts from the ADC zero.
    expect(Array.from(read('r 1 250 2\nr.dat 8 200 10 7', [1, 1]).signals[0]!.digital)).toEqual([8, 9]);
  });

  it('sums past the ADC range are kept as the file says (the library neither clamps nor wraps)', () => {
    // 8-bit ADC (-128..127), yet 120 + 100 + 100: signal.c adds each byte to an int.
    expect(Array.from(read('r 1 250 3\nr.dat 8 200 8 0 120 0 0 s', [0, 100, 100]).signals[0]!.digital)).toEqual([120, 220, 320]);
  });

  it('differences a multiplexed file by signal, each from its own initial value', () => {
    const rec = read('r 2 250 3\nr.dat 8 200 10 0 10 0 0 a\nr.dat 8 200 10 0 -10 0 0 b', [0, 0, 1, 0xff, 2, 0xfe]);
    expect(rec.signals.map((x) => Array.from(x.digital))).toEqual([[10, 11, 13], [-10, -11, -13]]);
  });

  it('checks the checksum on the integrated samples', () => {
    expect(() => read('r 1 250 2\nr.dat 8 200 10 0 1 5 0 s', [0, 1])).toThrow(WfdbChecksumError);
    expect(read('r 1 250 2\nr.dat 8 200 10 0 1 3 0 s', [0, 1]).signals[0]!.digital).toEqual(Int32Array.of(1, 2));
  });

  it('writes the first sample as the initial value and refuses a step a signed byte cannot hold', () => {
    const signal: WfdbSignal = { name: 'II', units: 'mV', adcGain: 200, baseline: 0, adcResolutionBits: 10, format: 8, digital: Int32Array.of(300, 301, 299) };
    const { headerText, files } = encodeRecord({ name: 'r', fsHz: 250, samples: 3, signals: [signal], comments: [] });
    expect(headerText.split('\n')[1]).toBe('r.dat 8 200(0)/mV 10 0 300 900 0 II');
    expect(Array.from(files.get('r.dat')!)).toEqual([0x00, 0x01, 0xfe]);
    expect(() => encodeRecord({ name: 'r', fsHz: 250, samples: 2, signals: [{ ...signal, digital: Int32Array.of(0, 128) }], comments: [] })).toThrow(WfdbFormatError);
  });
});

describe('skew', () => {
  // Two format-16 signals, four stored frames: a = 1 2 3 4, b = 10 20 30 40.
  const BYTES = Uint8Array.from([1, 10, 2, 20, 3, 30, 4, 40].flatMap((v) => [v, 0]));
  const read = (lineB: string) => decodeRecord(parseHeader(`r 2 100 4\nr.dat 16 200 16 0 1 10 0 a\n${lineB}`), new Map([['r.dat', BYTES]]));

  it('reads sample i of a signal with skew k from frame i + k; the record has k fewer frames (WFDB getframe)', () => {
    const rec = read('r.dat 16:1 200 16 0 10 100 0 b');
    expect(rec.samples).toBe(3);
    expect(rec.signals.map((x) => Array.from(x.digital))).toEqual([[1, 2, 3], [20, 30, 40]]);
    // The record is shorter than its file: said, not silent.
    expect(rec.readNotices).toEqual([expect.stringContaining('read 3 of the 4 frames stored')]);
  });

  it('the checksum and initial value cover the stored samples, skipped ones included (header(5))', () => {
    // 100 = 10+20+30+40; 90 would be the sum of the deskewed samples only.
    expect(() => read('r.dat 16:1 200 16 0 10 90 0 b')).toThrow(WfdbChecksumError);
    // Initial value 20 (the deskewed first sample) is not the stored first sample 10: no checksum vouches.
    expect(() => read('r.dat 16:1 200 16 0 20 0 0 b')).toThrow(WfdbChecksumError);
  });

  it('converts a skew in samples to frames as readheader does, (int)(skew/spf + 0.5)', () => {
    // b at 2 samples per frame: b = 10 20 | 30 40; a has 2 frames: 1 | 2. Skew 1 sample -> 1 frame.
    const header = parseHeader('r 2 100 2\nr.dat 16 200 16 0 1 0 0 a\nr.dat 16x2:1 200 16 0 10 0 0 b');
    const bytes = Uint8Array.from([1, 10, 20, 2, 30, 40].flatMap((v) => [v, 0]));
    const rec = decodeRecord(header, new Map([['r.dat', bytes]]));
    expect(rec.samples).toBe(1);
    expect(rec.signals.map((x) => Array.from(x.digital))).toEqual([[1], [30, 40]]);
  });

  it('a skew of every stored frame is refused (nothing left to read, not a too-short recording), and the header writes skew back', () => {
    expect(() => read('r.dat 16:4 200 16 0 10 100 0 b')).toThrow(/skew \(4 frames\) is as long as the 4 frames stored/);
    expect(() => read('r.dat 16:9 200 16 0 10 100 0 b')).toThrow(WfdbFormatError);
    const header = parseHeader('r 1 100 4\nr.dat 16:2 200 16 0 1 0 0 a');
    expect(parseHeader(formatHeader(header))).toEqual(header);
  });
});
