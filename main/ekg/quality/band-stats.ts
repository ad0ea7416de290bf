// Level of a lead and its amplitude in the QRS band and in the high band, per window: both causal
// band-passes run in one pass over the samples with their state in locals (instead of two filtered
// copies of the lead and a second pass over each), and the window measures (finite count, mean, range,
// band peaks and sampled |band| values) are taken as the samples go by. The loop runs in WebAssembly SIMD
// for two leads at a time (band-pair-kernel.ts, same values); the JavaScript loop (bandWindow) runs the
// windows with missing data, and everything where the engine refuses wasm SIMD.
import { designFilter, type FilterSpec } from '../filters/index.ts';
import { HIGH_BAND_HIGH_HZ, HIGH_BAND_LOW_HZ, QRS_BAND_HIGH_HZ, QRS_BAND_LOW_HZ } from './thresholds.ts';
import { bandPairKernel, COEF_OFFSET, DATA_OFFSET, RESTART_OFFSET, STATE_OFFSET, type BandPairKernel } from './band-pair-kernel.ts';
import { reserveBytes } from '../wasm/runtime.ts';
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

/** Which implementation of the band pass runs: the WebAssembly SIMD one (two leads at a time, where the engine has it) or the JavaScript one. */
export type BandKernel = 'wasm-simd' | 'scalar';

/** Samples (both leads) and sampled values per chunk copied into the wasm memory: bounds its size whatever the recording's length. */
const CHUNK_BYTES = 1 << 20;

/**
 * Runs both bands over each lead (mV, NaN = missing, all the same length) and measures each window. The
 * arithmetic is that of StreamingFilter (transposed direct form II, Float64 state, each section's output
 * stored as Float32, restart from the steady state of the next valid sample after a NaN), so the values
 * are the same. Both bands end at <= 45 Hz, so ~120 values a second describe their amplitude distribution:
 * the median is taken over every medianStride-th sample of the window (the peak over all of them), when asked
 * for. Both kernels give bit-identical results; 'wasm-simd' falls back to 'scalar' where wasm SIMD is unavailable.
 */
export function bandWindowStats(leads: readonly Float32Array[], fsHz: number, windowSamples: number, windows: number, kernel: BandKernel = 'wasm-simd'): BandWindowStats[] {
  const n = leads[0]?.length ?? 0;
  if (leads.some((x) => x.length !== n)) throw new RangeError('leads must have equal length');
  const medianStride = Math.max(1, Math.floor(fsHz / MEDIAN_RATE_HZ));
  const perWindow = Math.ceil(windowSamples / medianStride);
  const sections = bandSections(fsHz);
  const outs = leads.map(() => newOutputs(windows, perWindow));
  const scalar = (li: number): void => {
    const out = outs[li]!;
    const state = new Float64Array(STATE_SIZE);
    state[WAITING] = 1;
    for (let w = 0; w < windows; w++) {
      const from = w * windowSamples;
      const m = bandWindow(leads[li]!, from, Math.min(n, from + windowSamples), sections, state, medianStride, out.qSamples, out.hSamples, w * perWindow);
      record(out, w, m, state, 0, 1);
    }
  };
  const simd = kernel === 'wasm-simd' ? bandPairKernel() : null;
  if (simd === null) {
    leads.forEach((_, li) => scalar(li));
  } else {
    // Leads in pairs; an odd last lead runs in both lanes. Decided by index, not by array identity: the
    // same array may be given for two leads, and each must still get its own measures.
    for (let li = 0; li < leads.length; li += 2) {
      const single = li + 1 === leads.length;
      const b = single ? li : li + 1;
      // False when the kernel's memory could not grow to the chunk (nothing of these leads written yet).
      if (!bandPairStats(simd, leads[li]!, leads[b]!, single, outs[li]!, outs[b]!, sections, windowSamples, windows, medianStride, perWindow)) {
        scalar(li);
        if (!single) scalar(b);
      }
    }
  }
  return outs.map((o) => ({
    finite: o.finite,
    mean: o.mean,
    low: o.low,
    high: o.high,
    bandPeak: o.bandPeak,
    bandSigma: new WindowSigma(o.qSamples, perWindow, o.count),
    highPeak: o.highPeak,
    highSigma: new WindowSigma(o.hSamples, perWindow, o.count),
  }));
}

interface Outputs {
  /** The sampled |band| values of every window (perWindow slots each), kept for the sigmas (WindowSigma), and how many each window holds. */
  readonly qSamples: Float32Array;
  readonly hSamples: Float32Array;
  readonly count: Int32Array;
  readonly finite: Int32Array;
  readonly mean: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly bandPeak: Float64Array;
  readonly highPeak: Float64Array;
}

function newOutputs(windows: number, perWindow: number): Outputs {
  const f64 = () => new Float64Array(windows);
  return { qSamples: new Float32Array(windows * perWindow), hSamples: new Float32Array(windows * perWindow), count: new Int32Array(windows), finite: new Int32Array(windows), mean: f64(), low: f64(), high: f64(), bandPeak: f64(), highPeak: f64() };
}

/** Window w's measures from a state whose slot k is at state[base + k * step]; m sampled values. */
function record(out: Outputs, w: number, m: number, state: Float64Array, base: number, step: number): void {
  const finiteCount = state[base + FINITE * step]!;
  out.count[w] = m;
  out.finite[w] = finiteCount;
  out.mean[w] = finiteCount > 0 ? state[base + SUM * step]! / finiteCount : Number.NaN;
  out.low[w] = state[base + LOW * step]!;
  out.high[w] = state[base + HIGH * step]!;
  out.bandPeak[w] = m > 0 ? state[base + Q_PEAK * step]! : Number.NaN;
  out.highPeak[w] = m > 0 ? state[base + H_PEAK * step]! : Number.NaN;
}

/**
 * Leads a and b (single: a alone, in both lanes) through the wasm kernel (false, with nothing written,
 * when its memory cannot grow to a chunk), window by window, in chunks of
 * windows copied into its memory. A window where either lead misses a sample is run by bandWindow, lead by
 * lead, from the state the kernel left (its lanes), which then goes back to the kernel.
 */
function bandPairStats(simd: BandPairKernel, a: Float32Array, b: Float32Array, single: boolean, outA: Outputs, outB: Outputs, sections: Float64Array, windowSamples: number, windows: number, medianStride: number, perWindow: number): boolean {
  const n = a.length;
  const chunkWindows = Math.max(1, Math.floor(CHUNK_BYTES / (8 * windowSamples + 16 * perWindow)));
  const xBytes = 4 * chunkWindows * windowSamples;
  const sBytes = 4 * chunkWindows * perWindow;
  const xA = DATA_OFFSET;
  const xB = single ? xA : xA + xBytes;
  const qA = xA + 2 * xBytes;
  const qB = single ? qA : qA + sBytes;
  const hA = qA + 2 * sBytes;
  const hB = single ? hA : hA + sBytes;
  if (!reserveBytes(simd.memory, hA + 2 * sBytes)) return false;
  const buffer = simd.memory.buffer;
  const f64 = new Float64Array(buffer);
  const f32 = new Float32Array(buffer);
  const view = (at: number, bytes: number) => f32.subarray(at / 4, (at + bytes) / 4);
  const lanes = [
    { x: view(xA, xBytes), q: view(qA, sBytes), h: view(hA, sBytes), out: outA },
    { x: view(xB, xBytes), q: view(qB, sBytes), h: view(hB, sBytes), out: outB },
  ];
  f64.set(sections, COEF_OFFSET / 8);
  for (let k = 0; k < 4; k++) {
    const c = (j: number) => sections[5 * k + j]!;
    // The same expressions as bandWindow's restart, so the same doubles.
    f64.set([(c(0) + c(1) + c(2)) / (1 + c(3) + c(4)), c(1) + c(2), c(3) + c(4)], RESTART_OFFSET / 8 + 3 * k);
  }
  const stateAt = STATE_OFFSET / 8;
  f64.fill(0, stateAt, stateAt + 2 * STATE_SIZE);
  f64[stateAt + 2 * WAITING] = 1;
  f64[stateAt + 2 * WAITING + 1] = 1;
  const scratch = new Float64Array(STATE_SIZE);
  for (let w0 = 0; w0 < windows; w0 += chunkWindows) {
    const w1 = Math.min(windows, w0 + chunkWindows);
    const s0 = w0 * windowSamples;
    const s1 = Math.min(n, w1 * windowSamples);
    lanes[0]!.x.set(a.subarray(s0, s1));
    if (!single) lanes[1]!.x.set(b.subarray(s0, s1));
    for (let w = w0; w < w1; w++) {
      const from = w * windowSamples - s0;
      const end = Math.min(s1 - s0, from + windowSamples);
      const at = (w - w0) * perWindow;
      // An empty window (past the lead's end) goes the JavaScript way too: the kernel's loop takes one sample at least.
      const m = end > from ? simd.bandPair(xA + 4 * from, xB + 4 * from, xA + 4 * end, qA + 4 * at, qB + 4 * at, hA + 4 * at, hB + 4 * at, medianStride) : -1;
      for (let lane = 0; lane < (single ? 1 : 2); lane++) {
        const { x, q, h, out } = lanes[lane]!;
        let count = m;
        if (m >= 0) f64[stateAt + 2 * FINITE + lane] = end - from;
        else {
          // Missing data in this window: the JavaScript kernel on this lead, from the same state.
          for (let k = 0; k < STATE_SIZE; k++) scratch[k] = f64[stateAt + 2 * k + lane]!;
          count = bandWindow(x, from, end, sections, scratch, medianStride, q, h, at);
          // A single lead keeps both lanes equal.
          for (let k = 0; k < STATE_SIZE; k++) {
            f64[stateAt + 2 * k + lane] = scratch[k]!;
            if (single) f64[stateAt + 2 * k + 1] = scratch[k]!;
          }
        }
        record(out, w, count, f64, stateAt + lane, 2);
      }
    }
    for (const { q, h, out } of single ? lanes.slice(0, 1) : lanes) {
      out.qSamples.set(q.subarray(0, (w1 - w0) * perWindow), w0 * perWindow);
      out.hSamples.set(h.subarray(0, (w1 - w0) * perWindow), w0 * perWindow);
    }
  }
  return true;
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
