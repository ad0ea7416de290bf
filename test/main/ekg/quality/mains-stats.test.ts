import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainsPairKernel } from '../../../../main/ekg/quality/mains-pair-kernel.ts';
import { mainsLeadsWindowStats, type MainsKernel, type MainsWindowStats } from '../../../../main/ekg/quality/mains-stats.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const ECG = new URL('../../../../../shared/ecg/', import.meta.url).pathname;

/** Per window: present samples and their mean, as bandWindowStats measures them. */
function levels(x: Float32Array, windowSamples: number): { finite: Int32Array; mean: Float64Array } {
  const windows = Math.ceil(x.length / windowSamples);
  const finite = new Int32Array(windows);
  const mean = new Float64Array(windows);
  for (let w = 0; w < windows; w++) {
    let sum = 0;
    let count = 0;
    for (let i = w * windowSamples; i < Math.min(x.length, (w + 1) * windowSamples); i++) {
      if (x[i] === x[i]) {
        sum += x[i]!;
        count++;
      }
    }
    finite[w] = count;
    mean[w] = count > 0 ? sum / count : Number.NaN;
  }
  return { finite, mean };
}

function stats(leads: Float32Array[], fsHz: number, windowSamples: number, mainsHz: readonly number[], kernel: MainsKernel): MainsWindowStats[] {
  const l = leads.map((x) => levels(x, windowSamples));
  return mainsLeadsWindowStats(
    leads,
    fsHz,
    windowSamples,
    l.map((v) => v.finite),
    l.map((v) => v.mean),
    mainsHz,
    kernel,
  );
}

/** Every amplitude of both kernels as bytes (a last-bit difference shows). */
function expectSame(leads: Float32Array[], fsHz: number, windowSamples: number, mainsHz: readonly number[]): MainsWindowStats[] {
  const simd = stats(leads, fsHz, windowSamples, mainsHz, 'wasm-simd');
  const scalar = stats(leads, fsHz, windowSamples, mainsHz, 'scalar');
  const bytes = (s: MainsWindowStats[]) => s.flatMap((v) => [...v.mainsAmplitude, ...v.mainsNeighbour].map((a) => Array.from(new Uint8Array(a.buffer))));
  expect(bytes(simd)).toEqual(bytes(scalar));
  return simd;
}

describe('mains check: WebAssembly SIMD and JavaScript resonators', () => {
  it('the SIMD kernel is available in Node (else both paths below would be the JavaScript one)', () => {
    expect(mainsPairKernel()).not.toBeNull();
  });

  it('same amplitudes on a 30-min MIT-BIH record, clean and with gaps, and on 12-lead LUDB with an odd lead count', async () => {
    const mit = await readRecord(`${ECG}mitdb-ds1/203.hea`);
    const leads = mit.signals.map(toPhysical);
    const clean = expectSame(leads, mit.fsHz, mit.fsHz, [50, 60]);
    expect(clean[0]!.mainsAmplitude[0]!.some((v) => v > 0)).toBe(true);
    const gapped = leads.map((x) => x.slice(0, 100_000));
    gapped[0]!.fill(Number.NaN, 3600, 7300); // whole windows missing in lead A only
    gapped[1]!.fill(Number.NaN, 20_000, 20_100);
    gapped[1]![50_000] = Number.NaN;
    expectSame(gapped, mit.fsHz, mit.fsHz, [60]);
    const ludb = await readRecord(`${ECG}ludb-dev/59.hea`);
    const twelve = ludb.signals.map(toPhysical);
    expectSame(twelve, ludb.fsHz, ludb.fsHz, [50, 60]);
    expectSame(twelve.slice(0, 3), ludb.fsHz, 37, [50]);
  });

  it('same amplitudes for random leads with NaN runs, rails, zeros of both signs, short and partial windows', () => {
    const sample = fc.oneof(
      { weight: 20, arbitrary: fc.float({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 2.5, -2.5, 0, -0) },
    );
    const run = fc.tuple(fc.nat(), fc.nat({ max: 500 }), fc.constantFrom(Number.NaN, 2.5, -0));
    fc.assert(
      fc.property(
        fc.constantFrom(125, 250, 360, 500, 1000),
        fc.integer({ min: 1, max: 1200 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(sample, { minLength: 1, maxLength: 3000 }),
        fc.array(run, { maxLength: 4 }),
        fc.constantFrom([50], [60], [50, 60]),
        (fsHz, windowSamples, leadCount, values, runs, mainsHz) => {
          const leads = Array.from({ length: leadCount }, (_, l) => Float32Array.from(values, (v, i) => (l === 0 ? v : v * (l + 1) + 0.3 * Math.sin(i * (0.9 + l)))));
          runs.forEach(([start, length, value], k) => leads[k % leadCount]!.fill(value, start % values.length, (start % values.length) + length));
          expectSame(leads, fsHz, windowSamples, mainsHz);
        },
      ),
      { numRuns: 300 },
    );
  });
});
