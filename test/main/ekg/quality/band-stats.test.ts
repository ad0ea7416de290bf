import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandPairKernel } from '../../../../main/ekg/quality/band-pair-kernel.ts';
import { bandWindowStats, type BandWindowStats } from '../../../../main/ekg/quality/band-stats.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const ECG = new URL('../../../../../shared/ecg/', import.meta.url).pathname;

/** Index of the first byte where the arrays differ (-1: same bytes). */
function firstDifference(a: ArrayBufferView, b: ArrayBufferView): number {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** Every field of the two results, bit for bit (sigmas through both their median and their threshold test). */
function expectIdentical(simd: BandWindowStats, scalar: BandWindowStats): void {
  for (const k of ['finite', 'mean', 'low', 'high', 'bandPeak', 'highPeak'] as const) expect(firstDifference(simd[k], scalar[k]), k).toBe(-1);
  for (const k of ['bandSigma', 'highSigma'] as const) {
    const windows = simd.finite.length;
    expect(simd[k].windows).toBe(windows);
    const exceeds = (s: BandWindowStats) => Array.from({ length: windows }, (_, w) => s[k].exceeds(w, 0.02));
    expect(exceeds(simd), k).toEqual(exceeds(scalar));
    const at = (s: BandWindowStats) => Float64Array.from({ length: windows }, (_, w) => s[k].at(w));
    expect(firstDifference(at(simd), at(scalar)), k).toBe(-1);
  }
}

function compare(leads: Float32Array[], fsHz: number, windowSamples = Math.round(fsHz)): void {
  const windows = Math.ceil((leads[0]?.length ?? 0) / windowSamples);
  const simd = bandWindowStats(leads, fsHz, windowSamples, windows, 'wasm-simd');
  const scalar = bandWindowStats(leads, fsHz, windowSamples, windows, 'scalar');
  expect(simd).toHaveLength(leads.length);
  simd.forEach((s, li) => expectIdentical(s, scalar[li]!));
}

describe('bandWindowStats: WebAssembly SIMD and JavaScript kernels', () => {
  it('the SIMD kernel is available in Node (else both paths below would be the JavaScript one)', () => {
    expect(bandPairKernel()).not.toBeNull();
  });

  it('bit-identical on a 30-min 2-lead MIT-BIH record (chunked, with the missing-data path exercised by gaps)', async () => {
    const rec = await readRecord(`${ECG}mitdb-ds1/203.hea`);
    const leads = rec.signals.map(toPhysical);
    compare(leads, rec.fsHz);
    // The same with gaps in one lead only, at window edges and inside, and at the very start of the other.
    const gapped = leads.map((x) => x.slice());
    gapped[0]!.fill(Number.NaN, 0, 1);
    gapped[1]!.fill(Number.NaN, 3600, 3960);
    gapped[1]!.fill(Number.NaN, 100_001, 100_002);
    gapped[1]!.fill(Number.NaN, gapped[1]!.length - 5);
    compare(gapped, rec.fsHz);
  });

  it('bit-identical on a 12-lead 500 Hz LUDB record (6 pairs) and on 3 of its leads (an odd lead in both lanes)', async () => {
    const rec = await readRecord(`${ECG}ludb-dev/7.hea`);
    const leads = rec.signals.map(toPhysical);
    expect(leads).toHaveLength(12);
    compare(leads, rec.fsHz);
    compare(leads.slice(0, 3), rec.fsHz);
    compare(leads.slice(5, 6), rec.fsHz);
  });

  it('bit-identical on random leads: NaN and infinite runs, rails, signed zeros, 0 to 7 leads, empty and 1-sample leads, any window length', () => {
    // A random walk with spikes (deterministic from the seed, fast to build), then runs of NaN, rails and zeros.
    const run = fc.tuple(fc.nat(), fc.nat({ max: 300 }), fc.constantFrom(Number.NaN, 2.5, -2.5, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
    const lead = fc.tuple(fc.integer(), fc.array(run, { maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(lead, { minLength: 1, maxLength: 7 }), fc.integer({ min: 0, max: 3000 }), fc.constantFrom(125, 250, 257, 360, 500, 1000), fc.integer({ min: 1, max: 600 }), (specs, n, fsHz, windowSamples) => {
        const leads = specs.map(([seed, runs]) => {
          let s = seed >>> 0;
          const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const x = new Float32Array(n);
          let level = 0;
          for (let i = 0; i < n; i++) {
            level += u() - 0.5;
            x[i] = level + (u() < 0.01 ? 4 * (u() - 0.5) : 0);
          }
          for (const [start, length, value] of runs) if (n > 0) x.fill(value, start % n, (start % n) + length);
          return x;
        });
        compare(leads, fsHz, windowSamples);
      }),
      { numRuns: 200 },
    );
  });

  it('empty, 1-sample and 2-sample leads, a NaN-only lead, and 1-sample windows', () => {
    for (const n of [0, 1, 2]) compare([Float32Array.from({ length: n }, (_, i) => i - 0.5), new Float32Array(n).fill(Number.NaN), new Float32Array(n).fill(1)], 360);
    compare([Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)), Float32Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? Number.NaN : i))], 500, 1);
  });

  it('the same array given for two leads gives each lead its measures; windows past the end are empty', () => {
    const flat = new Float32Array(1200).fill(0.1);
    const wave = Float32Array.from({ length: 1200 }, (_, i) => Math.sin(i / 9));
    for (const leads of [[flat, flat], [flat, flat, wave], [wave, flat, flat]]) compare(leads, 360);
    const [a, b] = bandWindowStats([flat, flat], 360, 360, 4);
    expect(Array.from(b!.finite)).toEqual(Array.from(a!.finite));
    expect(Array.from(b!.finite)).toEqual([360, 360, 360, 120]);
    // More windows than the lead fills: the extra ones hold no data, in both kernels alike.
    const simd = bandWindowStats([wave, flat], 360, 360, 6, 'wasm-simd');
    const scalar = bandWindowStats([wave, flat], 360, 360, 6, 'scalar');
    simd.forEach((s, li) => expectIdentical(s, scalar[li]!));
    expect(simd[0]!.finite[5]).toBe(0);
  });

  it('no leads, and leads of unequal length refused', () => {
    expect(bandWindowStats([], 500, 500, 0)).toEqual([]);
    expect(() => bandWindowStats([new Float32Array(10), new Float32Array(11)], 500, 500, 1)).toThrow(RangeError);
  });
});
