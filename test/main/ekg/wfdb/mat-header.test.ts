import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matHeaderDescribes, readMatShape } from '../../../../main/ekg/wfdb/mat-header.ts';

const ECG = '../shared/ecg';

describe('MATLAB v4 header of a WFDB .mat signal file', () => {
  it('describes the CinC 2017 (1 x 9000) and CinC 2021 (12 x 5000) int16 matrices, and nothing else', () => {
    const c17 = new Uint8Array(readFileSync(`${ECG}/cinc2017-dev/A00066.mat`));
    expect(matHeaderDescribes(c17, 24, 16, 1, 9000)).toBe(true);
    expect(matHeaderDescribes(c17, 24, 16, 1, 9001)).toBe(false);
    expect(matHeaderDescribes(c17, 22, 16, 1, 9000)).toBe(false);
    expect(matHeaderDescribes(c17, 24, 32, 1, 9000)).toBe(false);
    expect(matHeaderDescribes(c17, 24, 212, 1, 9000)).toBe(false);
    const c21 = new Uint8Array(readFileSync(`${ECG}/cinc2021-dev/E07500.mat`));
    expect(matHeaderDescribes(c21, 24, 16, 12, 5000)).toBe(true);
    // The same count stored signal after signal (5000 x 12) is not WFDB's frame order.
    expect(matHeaderDescribes(c21, 24, 16, 5000, 12)).toBe(false);
    const transposed = c21.slice(0, 64);
    new DataView(transposed.buffer).setInt32(4, 5000, true);
    new DataView(transposed.buffer).setInt32(8, 12, true);
    expect(matHeaderDescribes(transposed, 24, 16, 12, 5000)).toBe(false);
    // A .dat file has no such header.
    expect(matHeaderDescribes(new Uint8Array(readFileSync(`${ECG}/ludb-dev/1.dat`)), 24, 16, 12, 5000)).toBe(false);
  });

  it('reads the shape of a matrix of the right type at the right offset, whatever its size', () => {
    const c17 = new Uint8Array(readFileSync(`${ECG}/cinc2017-dev/A00003.mat`));
    expect(readMatShape(c17, 24, 16)).toEqual({ rows: 1, cols: 18000 });
    expect(readMatShape(c17, 22, 16)).toBeNull();
    expect(readMatShape(c17, 24, 32)).toBeNull();
    expect(readMatShape(new Uint8Array(readFileSync(`${ECG}/ludb-dev/1.dat`)), 24, 16)).toBeNull();
  });

  it('random bytes give an answer, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 80 }), fc.constantFrom(16, 32, 80, 212), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 1e6 }), (bytes, offset, format, frameSize, frames) => {
        expect(typeof matHeaderDescribes(bytes, offset, format, frameSize, frames)).toBe('boolean');
        const shape = readMatShape(bytes, offset, format);
        expect(shape === null || (Number.isInteger(shape.rows) && Number.isInteger(shape.cols))).toBe(true);
      }),
    );
  });
});
