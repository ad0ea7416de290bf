// Synthetic 12-lead EKG for tests (NAMED AS SUCH: not a physiological model): each beat is a sum of
// Gaussian waves (P, Q, R, S, T) whose extents (+-2.5 sigma) give known onsets and ends.
export interface SyntheticOptions {
  fsHz?: number;
  seconds?: number;
  /** Beat times (QRS onsets) in s; default: regular at hrBpm. */
  beatTimesS?: number[];
  hrBpm?: number;
  prMs?: number;
  qrsMs?: number;
  qtMs?: number;
  /** No P waves (fibrillation-like). */
  noP?: boolean;
  /** Multiplies every amplitude. */
  gain?: number;
  /** ST level (mV) added between J point and T onset in the named leads. */
  stMv?: Partial<Record<string, number>>;
  /** Gaussian-ish noise, mV RMS (deterministic). */
  noiseMv?: number;
  /** Beats (by index) drawn wide and different (ventricular-like). */
  wideBeats?: number[];
  /** Frontal QRS axis in degrees (default 60). */
  qrsAxisDeg?: number;
  /** Frontal P axis in degrees (default 50, a sinus P wave). */
  pAxisDeg?: number;
  /**
   * Continuous atrial flutter waves (use with noP): a sawtooth of this cycle, slow limb 80 % of it,
   * along -90 deg in the frontal plane (most negative in aVF), small in the chest leads.
   */
  flutter?: { cycleMs: number; amplitudeMv: number };
}

/** Lead weights of the frontal/horizontal projections: frontal leads from the axis, precordials fixed. */
const PRECORDIAL: Record<string, { q: number; r: number; s: number; t: number; p: number }> = {
  V1: { q: 0, r: 0.3, s: -1.0, t: 0.1, p: 0.5 },
  V2: { q: 0, r: 0.6, s: -1.2, t: 0.5, p: 0.6 },
  V3: { q: -0.05, r: 0.9, s: -0.7, t: 0.6, p: 0.7 },
  V4: { q: -0.1, r: 1.4, s: -0.4, t: 0.6, p: 0.8 },
  V5: { q: -0.1, r: 1.3, s: -0.2, t: 0.5, p: 0.8 },
  V6: { q: -0.1, r: 1.0, s: -0.1, t: 0.4, p: 0.8 },
};

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const gauss = (t: number, c: number, sigma: number) => Math.exp(-0.5 * ((t - c) / sigma) ** 2);

/** Leads I, II, V1..V6 (the cart set; the analysis derives III, aVR, aVL, aVF). */
export function syntheticEcg(o: SyntheticOptions = {}): { fsHz: number; leads: { name: string; mv: Float32Array }[]; beatSamples: Int32Array } {
  const fsHz = o.fsHz ?? 500;
  const n = Math.round((o.seconds ?? 10) * fsHz);
  const hr = o.hrBpm ?? 70;
  const pr = (o.prMs ?? 160) / 1000;
  const qrs = (o.qrsMs ?? 90) / 1000;
  const qt = (o.qtMs ?? 380) / 1000;
  const gain = o.gain ?? 1;
  const times = o.beatTimesS ?? Array.from({ length: Math.floor(((o.seconds ?? 10) - 0.9) / (60 / hr)) }, (_, i) => 0.45 + (i * 60) / hr);
  const axis = ((o.qrsAxisDeg ?? 60) * Math.PI) / 180;
  const pAxis = ((o.pAxisDeg ?? 50) * Math.PI) / 180;
  // Frontal projections of the QRS vector for I (0 deg) and II (60 deg); P (default) and T vectors at 50 deg.
  const frontal = (leadDeg: number, vecRad: number) => Math.cos(vecRad - (leadDeg * Math.PI) / 180);
  const weights: Record<string, { q: number; r: number; s: number; t: number; p: number }> = {
    I: { q: -0.1 * frontal(0, axis), r: 1.2 * frontal(0, axis), s: -0.2 * frontal(0, axis), t: 0.35 * frontal(0, (50 * Math.PI) / 180), p: frontal(0, pAxis) },
    II: { q: -0.1 * frontal(60, axis), r: 1.2 * frontal(60, axis), s: -0.2 * frontal(60, axis), t: 0.35 * frontal(60, (50 * Math.PI) / 180), p: frontal(60, pAxis) },
    ...PRECORDIAL,
  };
  const names = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
  const rnd = lcg(12345);
  const leads = names.map((name) => {
    const w = weights[name]!;
    const mv = new Float32Array(n);
    times.forEach((tb, b) => {
      const wide = o.wideBeats?.includes(b) ?? false;
      const q = wide ? 0.16 : qrs;
      const from = Math.max(0, Math.floor((tb - 0.4) * fsHz));
      const to = Math.min(n, Math.ceil((tb + 0.8) * fsHz));
      for (let i = from; i < to; i++) {
        const t = i / fsHz;
        let v = 0;
        if (!o.noP && !wide) v += 0.15 * w.p * gauss(t, tb - pr + 0.05, 0.02);
        if (wide) v += -1.1 * w.r * gauss(t, tb + q * 0.5, q / 5);
        else v += w.q * gauss(t, tb + q * 0.12, q / 20) + w.r * gauss(t, tb + q * 0.45, q / 9) + w.s * gauss(t, tb + q * 0.8, q / 14);
        v += (wide ? -w.t : w.t) * gauss(t, tb + qt - 0.09, 0.036);
        const st = o.stMv?.[name] ?? 0;
        if (st !== 0 && t >= tb + q && t <= tb + qt - 0.09) v += st * Math.min(1, (t - tb - q) / 0.01, (tb + qt - 0.09 - t) / 0.06);
        mv[i]! += gain * v;
      }
    });
    if (o.flutter) {
      const { cycleMs, amplitudeMv } = o.flutter;
      const lead = name === 'I' ? frontal(0, -Math.PI / 2) : name === 'II' ? frontal(60, -Math.PI / 2) : name === 'V1' ? -0.5 : 0.1;
      for (let i = 0; i < n; i++) {
        const phase = (((i * 1000) / fsHz) % cycleMs) / cycleMs;
        const saw = (phase < 0.8 ? -phase / 0.8 : -(1 - phase) / 0.2) + 0.5;
        mv[i]! += gain * amplitudeMv * saw * lead;
      }
    }
    if (o.noiseMv) for (let i = 0; i < n; i++) mv[i]! += o.noiseMv * 3.4 * rnd();
    return { name, mv };
  });
  return { fsHz, leads, beatSamples: Int32Array.from(times, (t) => Math.round((t + qrs * 0.45) * fsHz)) };
}
