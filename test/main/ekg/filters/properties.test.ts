import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bridgedGapSamples } from '../../../../main/ekg/gaps.ts';
import {
  chainSpecs,
  designFilter,
  filterZeroPhase,
  isStable,
  StreamingFilter,
  type FilterDesign,
  type FilterForm,
  type FilterSettings,
} from '../../../../main/ekg/filters/index.ts';

const settingsArb: fc.Arbitrary<FilterSettings> = fc.record({
  highPassHz: fc.constantFrom(0.05 as const, 0.5 as const),
  mainsHz: fc.constantFrom(50 as const, 60 as const, null),
  lowPassHz: fc.constantFrom(40 as const, 100 as const, 150 as const, null),
});
const fsArb = fc.constantFrom(360, 500, 1000);
const signalArb = fc.array(fc.float({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 400 }).map((a) => Float32Array.from(a));

function designs(settings: FilterSettings, fsHz: number, form: FilterForm): FilterDesign[] {
  return chainSpecs(settings).map((s) => designFilter(s, fsHz, form));
}

function streamed(ds: FilterDesign[], x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  new StreamingFilter(ds).process(x, y);
  return y;
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

describe('filter properties', () => {
  it('every preset design is stable (poles inside the unit circle) and bounded input gives bounded output', () => {
    fc.assert(
      fc.property(settingsArb, fsArb, fc.constantFrom<FilterForm>('causal', 'zero-phase'), signalArb, (settings, fsHz, form, x) => {
        const ds = designs(settings, fsHz, form);
        expect(ds.every(isStable)).toBe(true);
        const y = form === 'causal' ? streamed(ds, x) : filterZeroPhase(ds, x);
        expect(y.every(Number.isFinite)).toBe(true);
        expect(maxAbs(y)).toBeLessThanOrEqual(8 * Math.max(maxAbs(x), 1e-6));
      }),
    );
  });

  it('is linear: f(a x + b y) = a f(x) + b f(y), in both forms', () => {
    fc.assert(
      fc.property(settingsArb, fsArb, signalArb, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (settings, fsHz, x, a, b) => {
        const y = x.map((_, i) => Math.sin(i / 7) * 2);
        const mix = x.map((v, i) => a * v + b * y[i]!);
        for (const form of ['causal', 'zero-phase'] as FilterForm[]) {
          const ds = designs(settings, fsHz, form);
          const f = (s: Float32Array) => (form === 'causal' ? streamed(ds, s) : filterZeroPhase(ds, s));
          const fx = f(x);
          const fy = f(y);
          const fm = f(mix);
          const scale = Math.max(maxAbs(fm), 1);
          for (let i = 0; i < x.length; i++) expect(Math.abs(fm[i]! - (a * fx[i]! + b * fy[i]!))).toBeLessThan(1e-4 * scale * (1 + Math.abs(a) + Math.abs(b)));
        }
      }),
    );
  });

  it('streaming: output does not depend on chunking, and reset() gives a fresh filter', () => {
    fc.assert(
      fc.property(settingsArb, fsArb, signalArb, fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), signalArb, (settings, fsHz, x, cuts, junk) => {
        const ds = designs(settings, fsHz, 'causal');
        const whole = streamed(ds, x);
        const filter = new StreamingFilter(ds);
        filter.process(junk, new Float32Array(junk.length));
        filter.reset();
        const pieces = new Float32Array(x.length);
        let at = 0;
        for (let c = 0; at < x.length; c++) {
          const len = Math.min(cuts[c % cuts.length]!, x.length - at);
          filter.process(x.subarray(at, at + len), pieces.subarray(at, at + len));
          at += len;
        }
        expect(pieces).toEqual(whole);
      }),
    );
  });

  it('missing samples (NaN) stay NaN and do not leak into valid neighbours; live, a bridged gap runs on the last sample', () => {
    fc.assert(
      fc.property(settingsArb, fsArb, signalArb, signalArb, fc.integer({ min: 1, max: 40 }), (settings, fsHz, left, right, gap) => {
        const x = new Float32Array(left.length + gap + right.length);
        x.set(left, 0);
        x.fill(Number.NaN, left.length, left.length + gap);
        x.set(right, left.length + gap);
        const zp = designs(settings, fsHz, 'zero-phase');
        const batch = filterZeroPhase(zp, x);
        expect(batch.subarray(0, left.length)).toEqual(filterZeroPhase(zp, left));
        expect(batch.subarray(left.length + gap)).toEqual(filterZeroPhase(zp, right));
        expect(batch.subarray(left.length, left.length + gap).every(Number.isNaN)).toBe(true);
        const causal = designs(settings, fsHz, 'causal');
        const live = streamed(causal, x);
        expect(live.subarray(left.length, left.length + gap).every(Number.isNaN)).toBe(true);
        if (gap <= bridgedGapSamples(fsHz)) {
          // A frame or two lost: the filter goes on as if the last sample had come again; no restart.
          const held = x.slice();
          held.fill(left[left.length - 1]!, left.length, left.length + gap);
          expect(live.subarray(left.length + gap)).toEqual(streamed(causal, held).subarray(left.length + gap));
        } else {
          expect(live.subarray(left.length + gap)).toEqual(streamed(causal, right));
        }
      }),
    );
  });
});
