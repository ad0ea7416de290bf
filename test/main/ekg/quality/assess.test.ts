import { describe, expect, it } from 'vitest';
import { assessQuality, assessQualityDetailed, type QualityInterval, type QualityKind } from '../../../../main/ekg/quality/index.ts';

const FS = 500;

/** A synthetic ECG: Gaussian-shaped QRS (1.2 mV, 30 ms sigma... narrow) every 0.8 s, plus a small T wave. */
function ecg(seconds: number, amplitudeMv = 1.2): Float32Array {
  const n = seconds * FS;
  const x = new Float32Array(n);
  for (let beat = 0.4 * FS; beat < n; beat += 0.8 * FS) {
    for (let i = Math.max(0, beat - 50); i < Math.min(n, beat + 150); i++) {
      const t = (i - beat) / FS;
      x[i] = x[i]! + amplitudeMv * Math.exp(-((t / 0.012) ** 2)) + 0.25 * amplitudeMv * Math.exp(-(((t - 0.25) / 0.04) ** 2));
    }
  }
  return x;
}

/** Deterministic pseudo-random Gaussian noise (Box-Muller on a LCG) so the test is repeatable. */
function gaussian(n: number, sigma: number, seed = 1): Float32Array {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 1) / 4294967297;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

function covered(q: readonly QualityInterval[], lead: string | null, kind: QualityKind, from: number, to: number): number {
  let c = 0;
  for (const i of q) if (i.lead === lead && i.kind === kind) c += Math.max(0, Math.min(to, i.end) - Math.max(from, i.start));
  return c / (to - from);
}

describe('assessQuality', () => {
  it('a clean tracing has no artifact flags', () => {
    const q = assessQuality([ecg(20), ecg(20, 0.6)], FS, ['II', 'V1'], { mainsHz: 50 });
    expect(q.filter((i) => i.kind !== 'baseline-wander')).toEqual([]);
    expect(q).toEqual([]);
  });

  it('reports missing samples exactly as gaps, and all-lead gaps with lead null', () => {
    const a = ecg(10);
    const b = ecg(10);
    a.fill(Number.NaN, 1000, 1500);
    b.fill(Number.NaN, 1200, 2000);
    const q = assessQuality([a, b], FS, ['I', 'II'], { mainsHz: 60 });
    expect(q).toContainEqual({ lead: 'I', start: 1000, end: 1500, kind: 'gap' });
    expect(q).toContainEqual({ lead: 'II', start: 1200, end: 2000, kind: 'gap' });
    expect(q).toContainEqual({ lead: null, start: 1200, end: 1500, kind: 'gap' });
  });

  it('a constant lead is lead-off, a near-zero one flatline, and both together give lead: null', () => {
    const off = new Float32Array(10 * FS).fill(-4.5);
    const flat = gaussian(10 * FS, 0.003);
    const q = assessQuality([off, flat], FS, ['I', 'II'], { mainsHz: 50 });
    expect(covered(q, 'I', 'lead-off', 0, 10 * FS)).toBe(1);
    expect(covered(q, 'II', 'flatline', 0, 10 * FS)).toBe(1);
    expect(covered(q, null, 'lead-off', 0, 10 * FS) + covered(q, null, 'flatline', 0, 10 * FS)).toBe(1);
  });

  it('flags clipping at the lead extreme as saturation, only where it happens', () => {
    // 0.5 mV beats, then 1.2 mV beats clipped by a 0.6 mV rail (the lead's extreme).
    const x = new Float32Array(10 * FS);
    x.set(ecg(5, 0.5), 0);
    x.set(ecg(5, 1.2).map((v) => Math.min(v, 0.6)), 5 * FS);
    const q = assessQuality([x], FS, ['II'], { mainsHz: 50 });
    expect(covered(q, 'II', 'saturation', 5 * FS, 10 * FS)).toBeGreaterThan(0.9);
    expect(covered(q, 'II', 'saturation', 0, 4 * FS)).toBe(0);
  });

  it('muscle-like noise is flagged; noise that hides every QRS makes the lead unusable and, on all leads, lead null', () => {
    const n = 20 * FS;
    const noisy = ecg(20);
    const noise = gaussian(n, 0.4, 7);
    for (let i = 10 * FS; i < n; i++) noisy[i] = noisy[i]! + noise[i]!;
    const q1 = assessQuality([noisy, ecg(20)], FS, ['II', 'V1'], { mainsHz: 50 });
    expect(covered(q1, 'II', 'noise', 11 * FS, 19 * FS)).toBe(1);
    expect(covered(q1, 'II', 'noise', 0, 9 * FS)).toBe(0);
    expect(q1.some((i) => i.lead === null)).toBe(false);

    const buried = gaussian(n, 1.0, 3);
    const buried2 = gaussian(n, 1.0, 5);
    const d = assessQualityDetailed([buried, buried2], FS, ['II', 'V1'], { mainsHz: 50 });
    expect(covered(d.intervals, null, 'noise', FS, n - FS)).toBeGreaterThan(0.9);
    expect(d.unusable.some((u) => u.lead === null)).toBe(true);
  });

  it('mains hum is powerline at the configured frequency; with mains unknown both 50 and 60 Hz are checked', () => {
    const x = ecg(10);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + 0.1 * Math.sin((2 * Math.PI * 60 * i) / FS);
    expect(covered(assessQuality([x], FS, ['II'], { mainsHz: 60 }), 'II', 'powerline', 0, 10 * FS)).toBe(1);
    expect(covered(assessQuality([x], FS, ['II'], { mainsHz: null }), 'II', 'powerline', 0, 10 * FS)).toBe(1);
    expect(covered(assessQuality([x], FS, ['II'], { mainsHz: 50 }), 'II', 'powerline', 0, 10 * FS)).toBe(0);
  });

  it('a 1.5 mV baseline swing within a second is baseline wander; slow respiration drift is not', () => {
    const x = ecg(20);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + 0.15 * Math.sin((2 * Math.PI * 0.25 * i) / FS);
    for (let i = 10 * FS; i < x.length; i++) x[i] = x[i]! + 1.5;
    const q = assessQuality([x], FS, ['II'], { mainsHz: 50 });
    expect(covered(q, 'II', 'baseline-wander', 9 * FS, 11 * FS)).toBeGreaterThan(0.9);
    expect(covered(q, 'II', 'baseline-wander', 0, 8 * FS)).toBe(0);
  });

  it('rejects leads of unequal length or a missing name', () => {
    expect(() => assessQuality([new Float32Array(10), new Float32Array(11)], FS, ['a', 'b'], { mainsHz: 50 })).toThrow(RangeError);
    expect(() => assessQuality([new Float32Array(10)], FS, [], { mainsHz: 50 })).toThrow(RangeError);
  });
});

/** x with a mains line of `amplitudeMv` at `hz` added (phase per lead, as hum couples differently into each). */
function withHum(x: Float32Array, hz: number, amplitudeMv: number, phase = 0): Float32Array {
  return x.map((v, i) => v + amplitudeMv * Math.sin((2 * Math.PI * hz * i) / FS + phase));
}

describe('mains heard in a recording whose mains frequency is not given', () => {
  it('names the line the leads carry, even hum far too small to report (10 uV), and nothing on a clean or noisy tracing', () => {
    const heard = (leads: Float32Array[], mainsHz: 50 | 60 | null = null) =>
      assessQualityDetailed(leads, FS, leads.map((_, k) => `L${k}`), { mainsHz }).mainsHeardHz;
    const clean = [ecg(10), ecg(10, 0.6)];
    expect(heard(clean)).toBeNull();
    expect(heard(clean.map((x, k) => withHum(x, 60, 0.01, k)))).toBe(60);
    expect(heard(clean.map((x, k) => withHum(x, 50, 0.01, k)))).toBe(50);
    // Hum on one lead of twelve is still the mains (a loose electrode picks it up).
    const twelve = Array.from({ length: 12 }, (_, k) => (k === 3 ? withHum(ecg(10), 60, 0.02) : ecg(10)));
    expect(heard(twelve)).toBe(60);
    // Broadband noise has no line.
    expect(heard(clean.map((x, k) => x.map((v, i) => v + gaussian(x.length, 0.05, k + 1)[i]!)))).toBeNull();
    // Below 5 uV it is not a line worth a notch.
    expect(heard(clean.map((x) => withHum(x, 60, 0.003)))).toBeNull();
    // Given, the station's mains frequency is used as it is: nothing is heard.
    expect(heard(clean.map((x) => withHum(x, 50, 0.05)), 60)).toBeNull();
  });

  it('hears hum the quality check reports anywhere, small hum spread over the leads, and the stronger of two', () => {
    const heard = (leads: Float32Array[]) => assessQualityDetailed(leads, FS, leads.map((_, k) => `L${k}`), { mainsHz: null }).mainsHeardHz;
    /** Hum in the seconds [fromS, toS) of x only. */
    const humIn = (x: Float32Array, hz: number, mv: number, fromS: number, toS: number) => x.map((v, i) => (i >= fromS * FS && i < toS * FS ? v + mv * Math.sin((2 * Math.PI * hz * i) / FS) : v));
    // A loose electrode: 200 uV of 60 Hz on one lead of twelve for the last 4 s (reported as
    // powerline; a review found it analysed with no notch, WIDE_QRS and PROLONGED_QTC on LUDB 95).
    const loose = Array.from({ length: 12 }, (_, k) => (k === 1 ? humIn(ecg(10), 60, 0.2, 6, 10) : ecg(10)));
    expect(assessQuality(loose, FS, loose.map((_, k) => `L${k}`), { mainsHz: null }).some((q) => q.kind === 'powerline')).toBe(true);
    expect(heard(loose)).toBe(60);
    // 8 uV, under the powerline report, in 4 s of each lead at staggered times: no lead has it in half
    // its windows, the record in 40 % of them.
    const spread = Array.from({ length: 12 }, (_, k) => humIn(ecg(10), 50, 0.008, (k * 2) % 8, ((k * 2) % 8) + 4));
    expect(heard(spread)).toBe(50);
    // 50 Hz in every window against 60 Hz reported in two seconds of one lead: the mains is 50 Hz.
    const both = Array.from({ length: 12 }, (_, k) => {
      const x = withHum(ecg(10), 50, 0.01, k);
      return k === 4 ? humIn(x, 60, 0.05, 2, 4) : x;
    });
    expect(heard(both)).toBe(50);
  });
});

