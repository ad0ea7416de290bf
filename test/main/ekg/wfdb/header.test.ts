import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StationError } from '../../../../common/errors.ts';
import { parseHeader, WfdbFormatError } from '../../../../main/ekg/wfdb/index.ts';

describe('parseHeader', () => {
  it('reads an MIT-BIH header with CRLF line ends', () => {
    const h = parseHeader('100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n');
    expect(h).toMatchObject({ name: '100', fsHz: 360, samples: 650000, comments: ['69 M 1085 1629 x1'] });
    expect(h.signals[0]).toMatchObject({ fileName: '100.dat', format: 212, adcGain: 200, baseline: 1024, adcZero: 1024, adcResolutionBits: 11, initialValue: 995, checksum: -22131, description: 'MLII', units: 'mV' });
  });

  it('reads gain(baseline)/units, fmtxN+offset and a description with spaces', () => {
    const h = parseHeader('E1 2 500 5000\nE1.mat 16x1+24 1000.0(-3)/uV 16 0 -68 1250 0 lead I\nE1.mat 16x1+24 1716(6)/mV 0 0 -58 -5598 0 II');
    expect(h.signals[0]).toMatchObject({ format: 16, samplesPerFrame: 1, byteOffset: 24, adcGain: 1000, baseline: -3, units: 'uV', description: 'lead I' });
    // Resolution 0 means the format's default; baseline defaults to ADC zero.
    expect(h.signals[1]).toMatchObject({ adcGain: 1716, baseline: 6, adcResolutionBits: 16 });
  });

  it('applies WFDB defaults: gain 0 -> 200 adu/mV, no sample count -> from file size', () => {
    const h = parseHeader('bw 1 360\nbw.dat 212 0 12 0 -29 -3562 0 noise1');
    expect(h.samples).toBeNull();
    expect(h.signals[0]).toMatchObject({ adcGain: 200, baseline: 0 });
  });

  it('reads formats 8, 61, 160, 310 and 311 with their default ADC resolution, and a skew', () => {
    const h = parseHeader('r 6 250 10\na.dat 8\nb.dat 61\nc.dat 160\nd.dat 310\ne.dat 311\nf.dat 16x2:3+8 200 0');
    expect(h.signals.map((s) => [s.format, s.adcResolutionBits])).toEqual([[8, 10], [61, 16], [160, 16], [310, 10], [311, 10], [16, 16]]);
    expect(h.signals[5]).toMatchObject({ samplesPerFrame: 2, skew: 3, byteOffset: 8 });
  });

  it('refuses unsupported and malformed headers with the typed error', () => {
    for (const text of ['', '# only a comment', 'r 2 360 10\nr.dat 16', 'r 1 360 10\nr.dat 311x', 'r 1 360 10\nr.dat 7 200', 'r 1 360 10\nr.dat 0 200', 'r/2 1 360', 'r 1 -5 10\nr.dat 16', 'r 1 360 10\n../x.dat 16', 'r 1 360 10\nr.dat 16:-3', 'r 1 360 10\nr.dat 16:99999999999999999999', 'r 1 360 10\nr.dat 16 1e-320']) {
      expect(() => parseHeader(text), text).toThrow(WfdbFormatError);
    }
  });

  it('never throws anything but a StationError on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseHeader(text);
        } catch (e) {
          expect(e).toBeInstanceOf(StationError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but a StationError on header-like token soup', () => {
    const token = fc.constantFrom('r', 'r.dat', '2', '1', '0', '360', '16', '212', '80', '24', '32', '8', '61', '160', '310', '311', '16x2', '16+24', '16:2', '310x3:1+4', '200(3)/mV', '1e3', '-1', 'x', '#', '\r\n', '\n', ' ', '/', '99999999999999999999');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        try {
          parseHeader(tokens.join(' '));
        } catch (e) {
          expect(e).toBeInstanceOf(StationError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
