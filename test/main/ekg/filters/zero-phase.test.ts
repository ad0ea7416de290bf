import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainSpecs, designFilter, filterZeroPhase, filterZeroPhaseLeads, highPass, lowPass, mainsNotch, type FilterDesign, type FilterSettings } from '../../../../main/ekg/filters/index.ts';
import { cascadeOf } from '../../../../main/ekg/filters/sections.ts';
import { PassesPair } from '../../../../main/ekg/filters/sections-kernel.ts';
import { toPhysical } from '../../../../main/ekg/wfdb/index.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const ECG = new URL('../../../../../shared/ecg/', import.meta.url).pathname;

const designs = (settings: FilterSettings, fsHz: number): FilterDesign[] => chainSpecs(settings).map((s) => designFilter(s, fsHz, 'zero-phase'));

/**
 * Cascades whose first section is of each kind the section loops tell apart: first order (the
 * presets' high-pass), symmetric numerator (notch, low-pass) and a general one (the low-pass with
 * b2 moved off b0: same poles, so still stable).
 */
function firstSectionKinds(fsHz: number): FilterDesign[][] {
  const notch = designFilter(mainsNotch(50), fsHz, 'zero-phase');
  const low = designFilter(lowPass(40), fsHz, 'zero-phase');
  const general = { ...low, sos: low.sos.slice() };
  general.sos[2] = 0.9 * general.sos[0]!;
  return [designs({ highPassHz: 0.05, mainsHz: 60, lowPassHz: 100 }, fsHz), [notch, low], [low], [general, notch]];
}

/** Index of the first sample whose bits differ (NaN payloads and signed zeros included), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/**
 * filterZeroPhaseLeads (leads two by two, the first forward run read from the input with its finite
 * test) gives, bit for bit, what filterZeroPhase (one lead at a time, split at NaN) gives, and leaves
 * its input untouched.
 */
function expectSame(ds: FilterDesign[], leads: Float32Array[]): void {
  const before = leads.map((x) => x.slice());
  const out = filterZeroPhaseLeads(ds, leads);
  const scalar = filterZeroPhaseLeads(ds, leads, 'scalar');
  expect(out.length).toBe(leads.length);
  out.forEach((y, k) => {
    expect(y === leads[k]).toBe(false);
    expect(firstDifference(y, filterZeroPhase(ds, leads[k]!))).toBe(-1);
    expect(firstDifference(y, scalar[k]!)).toBe(-1);
    expect(firstDifference(leads[k]!, before[k]!)).toBe(-1);
  });
}

/** The filtering of the per-section order (each section forward, then backward, in turn), all in Float64 (also between runs: a reference without the Float32 rounding of the code under test). */
function sectionBySection(ds: FilterDesign[], x: Float32Array): Float64Array {
  const y = Float64Array.from(x);
  for (const d of ds) {
    for (let k = 0; k + 4 < d.sos.length; k += 5) {
      const [b0, b1, b2, a1, a2] = [d.sos[k]!, d.sos[k + 1]!, d.sos[k + 2]!, d.sos[k + 3]!, d.sos[k + 4]!];
      for (const step of [1, -1]) {
        const first = step === 1 ? 0 : y.length - 1;
        const g = (b0 + b1 + b2) / (1 + a1 + a2);
        let z1 = (b1 + b2) * y[first]! - (a1 + a2) * g * y[first]!;
        let z2 = b2 * y[first]! - a2 * g * y[first]!;
        for (let i = first; i >= 0 && i < y.length; i += step) {
          const u = y[i]!;
          const out = b0 * u + z1;
          z1 = b1 * u - a1 * out + z2;
          z2 = b2 * u - a2 * out;
          y[i] = out;
        }
      }
    }
  }
  return y;
}

describe('zero-phase filtering of several leads', () => {
  it('runs its passes in WebAssembly SIMD here (the JavaScript passes are the fallback)', () => {
    const c = cascadeOf(designs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }, 500).map((d) => d.sos));
    const x = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    expect(PassesPair.of(c, [{ lo: 0, hi: 3, step: 1 }])?.run(x, x, new Float32Array(100), new Float32Array(100), 0, 100, true)).toBe(0);
  });

  it('runs in blocks through the kernel memory when the memory cannot grow to hold a run, with the same bits', () => {
    // A chain shape no other test here uses (two first-order sections): its kernel's memory is fresh, one
    // 64 KiB page, too small for 2 x 20000 samples but room for the blocks.
    const ds = [designFilter(highPass(0.5), 500, 'zero-phase'), designFilter(highPass(0.05), 500, 'zero-phase')];
    const n = 20_001;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 37) + 0.3 * Math.sin(i / 5) - 0.4);
    const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i / 23) + 1.5);
    const grow = WebAssembly.Memory.prototype.grow;
    let refused = 0;
    WebAssembly.Memory.prototype.grow = () => {
      refused++;
      throw new RangeError('simulated: the memory cannot grow');
    };
    try {
      const c = cascadeOf(ds.map((d) => d.sos));
      const passes = [{ lo: 0, hi: 1, step: 1 }, { lo: 0, hi: 2, step: -1 }, { lo: 1, hi: 2, step: 1 }] as const;
      const outX = new Float32Array(n);
      const outY = new Float32Array(n);
      expect(PassesPair.of(c, passes)!.run(x, y, outX, outY, 0, n, false)).toBe(0);
      expect(refused).toBeGreaterThan(0);
      const simd = filterZeroPhaseLeads(ds, [x, y]);
      const scalar = filterZeroPhaseLeads(ds, [x, y], 'scalar');
      expect(firstDifference(outX, scalar[0]!)).toBe(-1);
      expect(firstDifference(outY, scalar[1]!)).toBe(-1);
      expect(firstDifference(simd[0]!, scalar[0]!)).toBe(-1);
      expect(firstDifference(simd[1]!, scalar[1]!)).toBe(-1);
    } finally {
      WebAssembly.Memory.prototype.grow = grow;
    }
  });

  it('filters each run between NaN samples as that run alone, for many short runs (lengths 1 to 70, through both the short-run and the kernel path)', () => {
    const ds = designs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }, 500);
    const x = Float32Array.from({ length: 20_000 }, (_, i) => Math.sin(i / 37) + 0.3 * Math.sin(i / 5) - 0.4);
    const runs: [number, number][] = [];
    for (let i = 0, len = 1; i < x.length; len = (len % 70) + 1) {
      runs.push([i, Math.min(x.length, i + len)]);
      i += len;
      x.fill(Number.NaN, i, i + 1 + (len % 3));
      i += 1 + (len % 3);
    }
    const y = filterZeroPhase(ds, x);
    // Runs under 16 samples take the JavaScript passes: the kernel gives the same bits for them too.
    const kernel = PassesPair.of(cascadeOf(ds.map((d) => d.sos)), [{ lo: 0, hi: 1, step: 1 }, { lo: 0, hi: 3, step: -1 }, { lo: 1, hi: 3, step: 1 }])!;
    for (const [from, to] of runs) {
      expect(firstDifference(y.subarray(from, to), filterZeroPhase(ds, x.slice(from, to)))).toBe(-1);
      const alone = x.slice(from, to);
      kernel.run(alone, alone, alone, alone, 0, alone.length, false);
      expect(firstDifference(y.subarray(from, to), alone)).toBe(-1);
    }
    expect(firstDifference(y, filterZeroPhase(ds, x, 'scalar'))).toBe(-1);
    expect(firstDifference(filterZeroPhaseLeads(ds, [x, x])[1]!, y)).toBe(-1);
  });

  it('returns copies, bit for bit, when there is nothing to filter (no designs)', () => {
    const x = Float32Array.from([1.5, Number.NaN, -0, Number.POSITIVE_INFINITY, 2]);
    const [y] = filterZeroPhaseLeads([], [x]);
    expect(y === x).toBe(false);
    expect(firstDifference(y!, x)).toBe(-1);
    expect(firstDifference(filterZeroPhase([], x), x)).toBe(-1);
  });

  it('same bits for runs too long to stay in the kernel memory (passed through it in blocks) as in JavaScript', () => {
    // 2^21 samples a lead stay in the memory; these pairs go through it block by block, pass by pass.
    const n = (1 << 21) + 5001; // odd: the look-ahead pass leaves a last sample over
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 37) + 0.3 * Math.sin(i / 5) - 0.4);
    const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i / 23) + 1.5);
    const ds = designs({ highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 }, 500);
    const simd = filterZeroPhaseLeads(ds, [x, y]);
    const scalar = filterZeroPhaseLeads(ds, [x, y], 'scalar');
    expect(firstDifference(simd[0]!, scalar[0]!)).toBe(-1);
    expect(firstDifference(simd[1]!, scalar[1]!)).toBe(-1);
    x[n - 3] = Number.NaN;
    expect(firstDifference(filterZeroPhaseLeads(ds, [x, y])[0]!, filterZeroPhase(ds, x, 'scalar'))).toBe(-1);
  });

  it('equals the per-section forward-backward filtering within 0.1 µV more than 1 s from the ends, and within 0.1 mV nearer, on 12-lead LUDB', async () => {
    // The first section (0.05 Hz high-pass) runs forward-backward alone as before; the notch and low-pass
    // run fused backward-forward, which differs only where their short memory reaches the record's ends.
    const rec = await readRecord(`${ECG}ludb-dev/1.hea`);
    const ds = designs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }, rec.fsHz);
    for (const x of rec.signals.map(toPhysical)) {
      const y = filterZeroPhase(ds, x);
      const r = sectionBySection(ds, x);
      const edge = rec.fsHz; // 1 s
      let inside = 0;
      let atEdges = 0;
      for (let i = 0; i < x.length; i++) {
        const d = Math.abs(y[i]! - r[i]!);
        if (i < edge || i >= x.length - edge) atEdges = Math.max(atEdges, d);
        else inside = Math.max(inside, d);
      }
      expect(inside).toBeLessThan(1e-4); // 0.1 µV
      expect(atEdges).toBeLessThan(0.1);
    }
  });

  it('same bits as lead by lead on a 30-min MIT-BIH record (2 leads), for the pipeline filters at 50 and 60 Hz and none', async () => {
    const rec = await readRecord(`${ECG}mitdb-ds1/203.hea`);
    const leads = rec.signals.map(toPhysical);
    expectSame(designs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }, rec.fsHz), leads);
    expectSame(designs({ highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 }, rec.fsHz), leads);
    expectSame([designFilter(highPass(0.05), rec.fsHz, 'zero-phase')], leads);
    expectSame([], leads);
    for (const ds of firstSectionKinds(rec.fsHz)) expectSame(ds, leads);
  });

  it('same bits on 12-lead LUDB with leads that are not finite (their partners paired again) and an odd lead count', async () => {
    const rec = await readRecord(`${ECG}ludb-dev/59.hea`);
    const leads = rec.signals.map(toPhysical);
    const ds = designs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 }, rec.fsHz);
    expectSame(ds, leads);
    const gapped = leads.map((x) => x.slice());
    gapped[3]!.fill(Number.NaN, 1000, 1700); // lead 2 loses its partner
    gapped[8]![0] = Number.NaN; // lead 9 too: 2 and 9 are paired again
    gapped[10]![4000] = Number.NEGATIVE_INFINITY; // and 11 is left alone
    expectSame(ds, gapped);
    expectSame(ds, gapped.slice(0, 11));
    expectSame(ds, gapped.slice(0, 1));
  });

  it('same bits (and the same as the JavaScript passes) for random sets of leads with NaN runs, infinities, rails, zeros of both signs, empty and 1-sample leads', () => {
    const sample = fc.oneof(
      { weight: 20, arbitrary: fc.float({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2.5, -2.5, 0, -0) },
    );
    const run = fc.tuple(fc.nat(), fc.nat({ max: 300 }), fc.constantFrom(Number.NaN, 2.5, -0));
    const lead = fc.tuple(fc.array(sample, { maxLength: 600 }), fc.array(run, { maxLength: 2 })).map(([values, runs]) => {
      const x = Float32Array.from(values);
      for (const [start, length, value] of runs) x.fill(value, start % Math.max(1, x.length), (start % Math.max(1, x.length)) + length);
      return x;
    });
    const settings: fc.Arbitrary<FilterSettings> = fc.record({
      highPassHz: fc.constantFrom(0.05 as const, 0.5 as const),
      mainsHz: fc.constantFrom(50 as const, 60 as const, null),
      lowPassHz: fc.constantFrom(40 as const, 100 as const, 150 as const, null),
    });
    fc.assert(
      fc.property(settings, fc.integer({ min: 0, max: 4 }), fc.constantFrom(360, 500, 1000), fc.integer({ min: 1, max: 600 }), fc.array(lead, { minLength: 1, maxLength: 5 }), (s, kind, fsHz, n, shapes) => {
        // Most sets have leads of one length (as a recording's), some keep their own lengths.
        const leads = n % 4 === 0 ? shapes : shapes.map((x) => Float32Array.from({ length: n }, (_, i) => x[i % Math.max(1, x.length)] ?? 0.1 * Math.sin(i)));
        expectSame(kind === 4 ? designs(s, fsHz) : firstSectionKinds(fsHz)[kind]!, leads);
      }),
      { numRuns: 300 },
    );
  });
});
