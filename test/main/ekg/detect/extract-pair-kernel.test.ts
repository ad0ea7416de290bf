import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtractPairSimd } from '../../../../main/ekg/detect/extract-pair-kernel.ts';
import { StreamingRPeakDetector } from '../../../../main/ekg/detect/index.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const ECG = new URL('../../../../../shared/ecg/', import.meta.url).pathname;

/**
 * The detector's rings and per-lead extraction state (private): what the extraction writes, read here
 * to compare the two kernels bit for bit (the Float64 states too: a last-bit difference there rarely
 * shows in the Float32 rings).
 */
interface Extracted {
  readonly rawRing: Float32Array;
  readonly energyRing: Float32Array;
  readonly activityRing: Float32Array;
  readonly inputOkRing: Uint8Array;
  readonly hpState: Float64Array;
  readonly lpState: Float64Array;
  readonly lp2State: Float64Array;
  readonly prevY: Float64Array;
  readonly activity: Float64Array;
  readonly lastActive: Float64Array;
}

/** FNV-1a over the bytes of the rings and states. */
function ringHash(detector: StreamingRPeakDetector): number {
  const r = detector as unknown as Extracted;
  let h = 0x811c9dc5;
  for (const a of [r.rawRing, r.energyRing, r.activityRing, r.inputOkRing, r.hpState, r.lpState, r.lp2State, r.prevY, r.activity, r.lastActive]) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return h >>> 0;
}

/** Beats and the rings after every chunk, streaming `leads` in chunks of the given lengths (cycled). */
function stream(leads: Float32Array[], fsHz: number, extraction: 'wasm-simd' | 'scalar', chunks: readonly number[]): { beats: number[]; rings: number[] } {
  const detector = new StreamingRPeakDetector(leads.length, fsHz, { extraction });
  const beats: number[] = [];
  const rings: number[] = [];
  const n = leads[0]!.length;
  for (let at = 0, k = 0; at < n; k++) {
    const len = Math.min(n - at, chunks[k % chunks.length]!);
    beats.push(...detector.push(leads.map((x) => x.subarray(at, at + len))));
    rings.push(ringHash(detector));
    at += len;
  }
  beats.push(...detector.flush());
  return { beats, rings };
}

function expectSame(leads: Float32Array[], fsHz: number, chunks: readonly number[]): void {
  const simd = stream(leads, fsHz, 'wasm-simd', chunks);
  const scalar = stream(leads, fsHz, 'scalar', chunks);
  expect(simd.beats).toEqual(scalar.beats);
  expect(simd.rings).toEqual(scalar.rings);
}

describe('detector feature extraction: WebAssembly SIMD and JavaScript pair loops', () => {
  it('the SIMD kernel is available in Node (else both paths below would be the JavaScript one)', () => {
    expect(ExtractPairSimd.create(1024, 2, Array<number>(14).fill(0))).not.toBeNull();
  });

  it('same beats, rings and states on a 30-min MIT-BIH record, whole and in odd chunks with gaps and an infinite sample', async () => {
    const rec = await readRecord(`${ECG}mitdb-ds1/208.hea`);
    const leads = rec.signals.map(toPhysical);
    const clean = stream(leads, rec.fsHz, 'wasm-simd', [leads[0]!.length]);
    expect(clean.beats.length).toBeGreaterThan(2900);
    expect(clean).toEqual(stream(leads, rec.fsHz, 'scalar', [leads[0]!.length]));
    const gapped = leads.map((x) => x.slice(0, 200_000));
    gapped[1]!.fill(Number.NaN, 5000, 5100);
    gapped[0]![20_000] = Number.NaN;
    gapped[0]![150_000] = Number.POSITIVE_INFINITY;
    expectSame(gapped, rec.fsHz, [1, 7, 300, 256, 1000, 33]);
  });

  it('same beats, rings and states on 12-lead LUDB (6 pairs), 3 leads (a pair and a single lead) and with a lead missing a stretch', async () => {
    const rec = await readRecord(`${ECG}ludb-dev/59.hea`);
    const leads = rec.signals.map(toPhysical);
    expectSame(leads, rec.fsHz, [5000]);
    expectSame(leads.slice(0, 3), rec.fsHz, [17, 256, 999]);
    const gapped = leads.map((x) => x.slice());
    gapped[4]!.fill(Number.NaN, 1000, 1700);
    gapped[11]!.fill(Number.NaN, 0, 10);
    expectSame(gapped, rec.fsHz, [128, 300]);
  });

  it('same beats, rings and states on random multi-lead streams with NaN runs and rails, in random chunks', () => {
    const run = fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.constantFrom(Number.NaN, 2.5));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(250, 360, 500, 1000),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer(),
        fc.array(run, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 }),
        (leadCount, fsHz, n, seed, runs, chunks) => {
          let s = seed >>> 0;
          const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const leads = Array.from({ length: leadCount }, () => {
            const x = new Float32Array(n);
            let level = 0;
            for (let i = 0; i < n; i++) {
              level += 0.05 * (u() - 0.5);
              x[i] = level + (i % Math.round(0.8 * fsHz) < 10 ? 1.5 : 0);
            }
            return x;
          });
          runs.forEach(([start, length, value], k) => leads[k % leadCount]!.fill(value, start % n, (start % n) + length));
          expectSame(leads, fsHz, chunks);
        },
      ),
      { numRuns: 40 },
    );
  });
});
