// Synthetic 12-lead EKG with ventricular ectopic beats, for tests (NAMED AS SUCH: not a
// physiological model). Frontal-plane dipole model: the limb leads are projections of one frontal
// vector on I (0 deg) and II (60 deg), and III, aVR, aVL and aVF are derived from them (Einthoven,
// Goldberger), so a complex is isoelectric in the limb lead at right angles to its axis, as in a
// real tracing. Conducted (sinus) beats: P wave, narrow QRS; ectopic beats: no P wave, wide QRS of
// another axis, T wave opposite to the QRS.

export const TWELVE_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

export interface EctopyOptions {
  fsHz?: number;
  seconds?: number;
  /** Successive RR intervals (ms), cycled; the first beat's QRS starts at 300 ms. */
  rrMs: readonly number[];
  /** Beats (by index) that are ventricular ectopics. */
  ectopic: (b: number) => boolean;
  /** Frontal QRS axis of the conducted beats (deg, default 60). */
  sinusAxisDeg?: number;
  sinusQrsMs?: number;
  /** Frontal QRS axis of the ectopic beats (deg, default -60). */
  ectopicAxisDeg?: number;
  ectopicQrsMs?: number;
  /**
   * Ventricle the ectopic beats arise in: right (default; left-bundle-branch-block-like, negative in
   * V1-V3, positive in V4-V6) or left (right-bundle-branch-block-like, the other way round).
   */
  ectopicOrigin?: 'right' | 'left';
  /** Noise, mV RMS (deterministic). */
  noiseMv?: number;
}

const hann = (t: number, start: number, width: number) => (t < start || t > start + width ? 0 : 0.5 * (1 - Math.cos((2 * Math.PI * (t - start)) / width)));
// Asymmetric T wave: rises to its peak, falls to its end.
const tWave = (t: number, on: number, peak: number, end: number) =>
  t < on || t > end ? 0 : t <= peak ? 0.5 * (1 - Math.cos((Math.PI * (t - on)) / (peak - on))) : 0.5 * (1 + Math.cos((Math.PI * (t - peak)) / (end - peak)));
// A frontal vector of `mv` at `deg` projected on leads I (0 deg) and II (60 deg).
const project = (deg: number, mv: number): [number, number] => [mv * Math.cos((deg * Math.PI) / 180), mv * Math.cos(((deg - 60) * Math.PI) / 180)];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export interface EctopyEcg {
  fsHz: number;
  leads: { name: string; mv: Float32Array }[];
  /** QRS onset of every beat, samples. */
  onsets: Int32Array;
  /** Sample of each beat's largest QRS deflection in lead V5 (a QRS mid-point for matching). */
  beatSamples: Int32Array;
  isEctopic: boolean[];
}

export function syntheticEctopyEcg(o: EctopyOptions): EctopyEcg {
  const fsHz = o.fsHz ?? 500;
  const n = Math.round((o.seconds ?? 10) * fsHz);
  const onsetsMs: number[] = [];
  for (let t = 300, k = 0; t < (n / fsHz) * 1000 - 500; k++) {
    onsetsMs.push(t);
    t += o.rrMs[k % o.rrMs.length]!;
  }
  const I = new Float64Array(n);
  const II = new Float64Array(n);
  const V = Array.from({ length: 6 }, () => new Float64Array(n));
  const precR = [0.2, 0.5, 0.9, 1.4, 1.5, 1.2];
  const precS = [1.0, 1.5, 0.9, 0.5, 0.3, 0.2];
  const precT = [-0.1, 0.5, 0.6, 0.5, 0.4, 0.3];
  const isEctopic = onsetsMs.map((_, b) => o.ectopic(b));
  const mid: number[] = [];
  onsetsMs.forEach((on, b) => {
    const ect = isEctopic[b]!;
    const w = ect ? (o.ectopicQrsMs ?? 160) : (o.sinusQrsMs ?? 90);
    const [rI, rII] = project(ect ? (o.ectopicAxisDeg ?? -60) : (o.sinusAxisDeg ?? 60), ect ? 1.6 : 1.2);
    const [sI, sII] = [-0.2 * rI, -0.2 * rII];
    const [tI, tII] = project(ect ? 120 : 45, ect ? -0.5 : 0.35);
    const [pI, pII] = project(60, 0.15);
    const qt = ect ? 440 : 400;
    const tOn = w + 60;
    const tPeak = qt - 0.4 * (qt - tOn);
    const from = Math.max(0, Math.floor(((on - 200) * fsHz) / 1000));
    const to = Math.min(n - 1, Math.ceil(((on + qt + 20) * fsHz) / 1000));
    for (let i = from; i <= to; i++) {
      const x = (i * 1000) / fsHz - on; // ms from QRS onset
      const p = ect ? 0 : hann(x, -160, 100);
      const r = hann(x, 0, 0.7 * w);
      const s = hann(x, 0.45 * w, 0.55 * w);
      const t = tWave(x, tOn, tPeak, qt);
      I[i]! += p * pI + r * rI + s * sI + t * tI;
      II[i]! += p * pII + r * rII + s * sII + t * tII;
      for (let v = 0; v < 6; v++) {
        const qrs = ect ? hann(x, 0, w) * (v < 3 ? -1.5 : 1.5) * (o.ectopicOrigin === 'left' ? -1 : 1) : r * precR[v]! - s * precS[v]!;
        V[v]![i]! += p * (v < 2 ? 0.08 : 0.1) + qrs + t * precT[v]! * (ect ? (o.ectopicOrigin === 'left' ? 1.5 : -1.5) : 1);
      }
    }
    mid.push(Math.round(((on + 0.35 * w) * fsHz) / 1000));
  });
  const rnd = lcg(4242);
  const noisy = (x: Float64Array) => Float32Array.from(x, (v) => v + (o.noiseMv ?? 0.008) * 3.4 * rnd());
  const lI = noisy(I);
  const lII = noisy(II);
  const limb: Record<string, Float32Array> = {
    I: lI,
    II: lII,
    III: Float32Array.from(lII, (v, i) => v - lI[i]!),
    aVR: Float32Array.from(lI, (v, i) => -(v + lII[i]!) / 2),
    aVL: Float32Array.from(lI, (v, i) => v - lII[i]! / 2),
    aVF: Float32Array.from(lII, (v, i) => v - lI[i]! / 2),
  };
  const leads = TWELVE_LEADS.map((name, k) => ({ name, mv: k < 6 ? limb[name]! : noisy(V[k - 6]!) }));
  return { fsHz, leads, onsets: Int32Array.from(onsetsMs, (t) => Math.round((t * fsHz) / 1000)), beatSamples: Int32Array.from(mid), isEctopic };
}

/** Ventricular bigeminy: an ectopic beat after every sinus beat, full compensatory pause (two sinus cycles from sinus beat to sinus beat). */
export function bigeminyRr(sinusCycleMs: number, couplingMs: number): number[] {
  return [couplingMs, 2 * sinusCycleMs - couplingMs];
}

/** Ventricular trigeminy: an ectopic beat after every second sinus beat. */
export function trigeminyRr(sinusCycleMs: number, couplingMs: number): number[] {
  return [couplingMs, 2 * sinusCycleMs - couplingMs, sinusCycleMs];
}
