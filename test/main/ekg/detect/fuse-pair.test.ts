import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamingRPeakDetector, type UnusableInterval } from '../../../../main/ekg/detect/index.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const ECG = new URL('../../../../../shared/ecg/', import.meta.url).pathname;

/**
 * What the fusion writes (private detector state): the fused feature ring and the per-lead levels,
 * weights and flags that the decisions read. Compared as bytes, so a last-bit difference shows.
 */
interface Fused {
  readonly fusedRing: Float32Array;
  readonly qrsLevel: Float64Array;
  readonly noiseLevel: Float64Array;
  readonly weight: Float64Array;
  readonly lastQrsSized: Float64Array;
  readonly usableNow: Uint8Array;
  readonly votingNow: Uint8Array;
  readonly blockedUntil: Float64Array;
  readonly nextBlockCheck: Float64Array;
}

/** FNV-1a over the fused ring and the first two leads' fusion state. */
function fusedHash(detector: StreamingRPeakDetector): number {
  const r = detector as unknown as Fused;
  let h = 0x811c9dc5;
  for (const a of [r.fusedRing, r.qrsLevel, r.noiseLevel, r.weight, r.lastQrsSized, r.usableNow, r.votingNow, r.blockedUntil, r.nextBlockCheck]) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a === r.fusedRing ? a.byteLength : 2 * a.BYTES_PER_ELEMENT);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return h >>> 0;
}

/** Beats and the fusion state after every chunk, streaming `leads` in chunks of the given lengths (cycled). */
function stream(leads: Float32Array[], fsHz: number, unusable: readonly UnusableInterval[], chunks: readonly number[]): { beats: number[]; fused: number[] } {
  const detector = new StreamingRPeakDetector(leads.length, fsHz, { unusable });
  const beats: number[] = [];
  const fused: number[] = [];
  const n = leads[0]!.length;
  for (let at = 0, k = 0; at < n; k++) {
    const len = Math.min(n - at, chunks[k % chunks.length]!);
    beats.push(...detector.push(leads.map((x) => x.subarray(at, at + len))));
    fused.push(fusedHash(detector));
    at += len;
  }
  beats.push(...detector.flush());
  return { beats, fused };
}

/**
 * Two leads run the detector's two-lead fusion (fuseBlockPair); the same two leads plus a third that
 * is all NaN run the general one (fuseBlock, fuseLeads), where the NaN lead is never usable and never
 * votes, so everything the detector computes must be the same, bit for bit.
 */
function expectSame(leads: Float32Array[], fsHz: number, unusable: readonly UnusableInterval[], chunks: readonly number[]): { beats: number[] } {
  const pair = stream(leads, fsHz, unusable, chunks);
  const general = stream([...leads, new Float32Array(leads[0]!.length).fill(Number.NaN)], fsHz, unusable, chunks);
  expect(pair.beats).toEqual(general.beats);
  expect(pair.fused).toEqual(general.fused);
  return pair;
}

describe('detector fusion: the two-lead path and the general one', () => {
  it('same beats and fusion state on 30-min MIT-BIH records, whole and in odd chunks with gaps and unusable intervals', async () => {
    const rec = await readRecord(`${ECG}mitdb-ds1/203.hea`);
    const leads = rec.signals.map(toPhysical);
    expect(expectSame(leads, rec.fsHz, [], [leads[0]!.length]).beats.length).toBeGreaterThan(2900);
    const gapped = leads.map((x) => x.slice(0, 250_000));
    gapped[1]!.fill(Number.NaN, 5000, 5100);
    gapped[0]!.fill(Number.NaN, 90_000, 96_000);
    gapped[0]![20_000] = Number.NaN;
    gapped[1]![150_000] = Number.POSITIVE_INFINITY;
    gapped[0]!.fill(0, 200_000, 203_000); // flat: no QRS-sized slope, the lead stops voting
    const unusable = [
      { lead: 0, start: 30_000, end: 40_000 },
      { lead: 1, start: 35_000, end: 36_000 },
      { lead: null, start: 60_000, end: 61_000 },
      { lead: 1, start: 120_000, end: 180_000 },
    ];
    expectSame(gapped, rec.fsHz, unusable, [1, 7, 300, 256, 1000, 33]);
  });

  it('same beats and fusion state on random two-lead streams with NaN runs, rails, flat stretches and unusable intervals', () => {
    const run = fc.tuple(fc.nat(), fc.nat({ max: 2000 }), fc.constantFrom(Number.NaN, 2.5, 0));
    const interval = fc.tuple(fc.constantFrom(0, 1, null), fc.nat(), fc.nat({ max: 3000 }));
    fc.assert(
      fc.property(
        fc.constantFrom(250, 360, 500, 1000),
        fc.integer({ min: 1, max: 12_000 }),
        fc.integer(),
        fc.array(run, { maxLength: 6 }),
        fc.array(interval, { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 }),
        (fsHz, n, seed, runs, intervals, chunks) => {
          let s = seed >>> 0;
          const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const leads = [0, 1].map((lead) => {
            const x = new Float32Array(n);
            let level = 0;
            for (let i = 0; i < n; i++) {
              level += 0.05 * (u() - 0.5);
              x[i] = level + (i % Math.round(0.8 * fsHz) < 10 ? 1.5 - lead : 0) + 0.1 * (u() - 0.5);
            }
            return x;
          });
          runs.forEach(([start, length, value], k) => leads[k % 2]!.fill(value, start % n, (start % n) + length));
          const unusable = intervals.map(([lead, start, length]) => ({ lead, start: start % n, end: (start % n) + length }));
          expectSame(leads, fsHz, unusable, chunks);
        },
      ),
      { numRuns: 40 },
    );
  });
});
