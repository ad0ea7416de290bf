// Level of a lead and its amplitude in the QRS band and in the high band, per window: both causal
// band-passes run in one pass over the samples with their state in locals (instead of two filtered
// copies of the lead and a second pass over each), and the window measures (finite count, mean, range,
// band peaks and sampled |band| values) are taken as the samples go by.
import { designFilter, type FilterSpec } from '../filters/index.ts';
import { HIGH_BAND_HIGH_HZ, HIGH_BAND_LOW_HZ, QRS_BAND_HIGH_HZ, QRS_BAND_LOW_HZ } from './thresholds.ts';
import { WindowSigma } from './window-sigma.ts';

/** Sample rate at which the window medians are taken. */
const MEDIAN_RATE_HZ = 120;

/** Per window: present (non-NaN; inputs are finite or NaN = missing) samples, their mean, min and max, max |band| and 1.4826 x median |band| (NaN where the window has no data). */
export interface BandWindowStats {
  readonly finite: Int32Array;
  readonly mean: Float64Array;
  /** Smallest and largest present sample (+Infinity and -Infinity where the window has none). */
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly bandPeak: Float64Array;
  readonly bandSigma: WindowSigma;
  readonly highPeak: Float64Array;
  readonly highSigma: WindowSigma;
}

function qrsBandSpecs(fsHz: number): FilterSpec[] {
  const specs: FilterSpec[] = [{ kind: 'highpass', cutoffHz: QRS_BAND_LOW_HZ, order: 2 }];
  const high = Math.min(QRS_BAND_HIGH_HZ, 0.45 * fsHz);
  if (high > QRS_BAND_LOW_HZ * 2) specs.push({ kind: 'lowpass', cutoffHz: high, order: 2 });
  return specs;
}

function highBandSpecs(fsHz: number): FilterSpec[] {
  const specs: FilterSpec[] = [{ kind: 'highpass', cutoffHz: HIGH_BAND_LOW_HZ, order: 2 }];
  const high = Math.min(HIGH_BAND_HIGH_HZ, 0.45 * fsHz);
  if (high > HIGH_BAND_LOW_HZ * 1.5) specs.push({ kind: 'lowpass', cutoffHz: high, order: 2 });
  return specs;
}

/** Both bands' causal sections [b0, b1, b2, a1, a2]: QRS band high-pass, low-pass, then the high band's; a missing low-pass is the identity section (y = x). */
function bandSections(fsHz: number): Float64Array {
  const s = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0);
  qrsBandSpecs(fsHz).forEach((spec, k) => s.set(designFilter(spec, fsHz, 'causal').sos, 5 * k));
  highBandSpecs(fsHz).forEach((spec, k) => s.set(designFilter(spec, fsHz, 'causal').sos, 10 + 5 * k));
  return s;
}

/**
 * Runs both bands over x (mV, NaN = missing) and measures each window. The arithmetic is that of
 * StreamingFilter (transposed direct form II, Float64 state, each section's output stored as Float32,
 * restart from the steady state of the next valid sample after a NaN), so the values are the same.
 * Both bands end at <= 45 Hz, so ~120 values a second describe their amplitude distribution: the median
 * is taken over every medianStride-th sample of the window (the peak over all of them), when asked for.
 */
export function bandWindowStats(x: Float32Array, fsHz: number, windowSamples: number, windows: number): BandWindowStats {
  const medianStride = Math.max(1, Math.floor(fsHz / MEDIAN_RATE_HZ));
  // The sampled |band| values of every window, kept for the sigmas (WindowSigma).
  const perWindow = Math.ceil(windowSamples / medianStride);
  const qSamples = new Float32Array(windows * perWindow);
  const hSamples = new Float32Array(windows * perWindow);
  const count = new Int32Array(windows);
  const finite = new Int32Array(windows);
  const mean = new Float64Array(windows);
  const low = new Float64Array(windows);
  const high = new Float64Array(windows);
  const bandPeak = new Float64Array(windows);
  const highPeak = new Float64Array(windows);
  const sections = bandSections(fsHz);
  const state = new Float64Array(STATE_SIZE);
  state[WAITING] = 1;
  for (let w = 0; w < windows; w++) {
    const from = w * windowSamples;
    const m = bandWindow(x, from, Math.min(x.length, from + windowSamples), sections, state, medianStride, qSamples, hSamples, w * perWindow);
    count[w] = m;
    const finiteCount = state[FINITE]!;
    finite[w] = finiteCount;
    mean[w] = finiteCount > 0 ? state[SUM]! / finiteCount : Number.NaN;
    low[w] = state[LOW]!;
    high[w] = state[HIGH]!;
    bandPeak[w] = m > 0 ? state[Q_PEAK]! : Number.NaN;
    highPeak[w] = m > 0 ? state[H_PEAK]! : Number.NaN;
  }
  return { finite, mean, low, high, bandPeak, bandSigma: new WindowSigma(qSamples, perWindow, count), highPeak, highSigma: new WindowSigma(hSamples, perWindow, count) };
}

// Slots of the state carried from one window to the next: the eight section states (z1, z2 of the
// QRS band's high-pass and low-pass, then the high band's), 1 while waiting for a valid sample; then
// the last window's measures: its two band peaks, finite samples, their sum, min and max.
const WAITING = 8;
const Q_PEAK = 9;
const H_PEAK = 10;
const FINITE = 11;
const SUM = 12;
const LOW = 13;
const HIGH = 14;
const STATE_SIZE = 15;

/**
 * Both bands over x[from, end): stores every medianStride-th |band| value from `at` (returning how
 * many) and the window's peaks, finite count, sum, min and max in `state`. One window per call, the filter states going from call
 * to call in `state`: called once per window, the function is compiled by the JIT with complete type
 * feedback early on (a single call running over the whole lead would be compiled mid-loop and then
 * thrown away at its next call, which costs a one-shot `station analyze` dearly).
 */
function bandWindow(x: Float32Array, from: number, end: number, sections: Float64Array, state: Float64Array, medianStride: number, qSamples: Float32Array, hSamples: Float32Array, at: number): number {
  // QRS band: high-pass q b/a, low-pass q c/d; high band: high-pass h b/a, low-pass h c/d (sos order).
  const qb0 = sections[0]!, qb1 = sections[1]!, qb2 = sections[2]!, qa1 = sections[3]!, qa2 = sections[4]!;
  const qc0 = sections[5]!, qc1 = sections[6]!, qc2 = sections[7]!, qd1 = sections[8]!, qd2 = sections[9]!;
  const hb0 = sections[10]!, hb1 = sections[11]!, hb2 = sections[12]!, ha1 = sections[13]!, ha2 = sections[14]!;
  const hc0 = sections[15]!, hc1 = sections[16]!, hc2 = sections[17]!, hd1 = sections[18]!, hd2 = sections[19]!;
  // Section states (z1, z2): QRS band high-pass s, low-pass t; high band high-pass u, low-pass v.
  let s1 = state[0]!, s2 = state[1]!, t1 = state[2]!, t2 = state[3]!, u1 = state[4]!, u2 = state[5]!, v1 = state[6]!, v2 = state[7]!;
  let waiting = state[WAITING] === 1;
  let m = at;
  let phase = 0;
  let qPeak = 0;
  let hPeak = 0;
  let finite = 0;
  let sum = 0;
  let low = Infinity;
  let high = -Infinity;
  for (let i = from; i < end; i++) {
    const xi = x[i]!;
    const sampled = phase === 0;
    if (++phase === medianStride) phase = 0;
    if (xi !== xi) {
      waiting = true;
      continue;
    }
    finite++;
    sum += xi;
    if (xi < low) low = xi;
    if (xi > high) high = xi;
    if (waiting) {
      // Each section at rest at the level of its first input (SciPy's lfilter_zi), as StreamingFilter
      // restarts after a NaN: output g x, z1 = (b1 + b2) x - (a1 + a2) g x, z2 = b2 x - a2 g x, g = DC gain.
      const sy = ((qb0 + qb1 + qb2) / (1 + qa1 + qa2)) * xi;
      s1 = (qb1 + qb2) * xi - (qa1 + qa2) * sy;
      s2 = qb2 * xi - qa2 * sy;
      const tx = Math.fround(qb0 * xi + s1);
      const ty = ((qc0 + qc1 + qc2) / (1 + qd1 + qd2)) * tx;
      t1 = (qc1 + qc2) * tx - (qd1 + qd2) * ty;
      t2 = qc2 * tx - qd2 * ty;
      const uy = ((hb0 + hb1 + hb2) / (1 + ha1 + ha2)) * xi;
      u1 = (hb1 + hb2) * xi - (ha1 + ha2) * uy;
      u2 = hb2 * xi - ha2 * uy;
      const vx = Math.fround(hb0 * xi + u1);
      const vy = ((hc0 + hc1 + hc2) / (1 + hd1 + hd2)) * vx;
      v1 = (hc1 + hc2) * vx - (hd1 + hd2) * vy;
      v2 = hc2 * vx - hd2 * vy;
      waiting = false;
    }
    const y1 = qb0 * xi + s1;
    s1 = qb1 * xi - qa1 * y1 + s2;
    s2 = qb2 * xi - qa2 * y1;
    const qIn = Math.fround(y1);
    const y2 = qc0 * qIn + t1;
    t1 = qc1 * qIn - qd1 * y2 + t2;
    t2 = qc2 * qIn - qd2 * y2;
    const z1 = hb0 * xi + u1;
    u1 = hb1 * xi - ha1 * z1 + u2;
    u2 = hb2 * xi - ha2 * z1;
    const hIn = Math.fround(z1);
    const z2 = hc0 * hIn + v1;
    v1 = hc1 * hIn - hd1 * z2 + v2;
    v2 = hc2 * hIn - hd2 * z2;
    const qa = Math.abs(Math.fround(y2));
    const ha = Math.abs(Math.fround(z2));
    if (sampled) {
      qSamples[m] = qa;
      hSamples[m] = ha;
      m++;
    }
    if (qa > qPeak) qPeak = qa;
    if (ha > hPeak) hPeak = ha;
  }
  state[0] = s1;
  state[1] = s2;
  state[2] = t1;
  state[3] = t2;
  state[4] = u1;
  state[5] = u2;
  state[6] = v1;
  state[7] = v2;
  state[WAITING] = waiting ? 1 : 0;
  state[Q_PEAK] = qPeak;
  state[H_PEAK] = hPeak;
  state[FINITE] = finite;
  state[SUM] = sum;
  state[LOW] = low;
  state[HIGH] = high;
  return m - at;
}
