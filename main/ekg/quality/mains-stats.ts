// Mains interference per window: the Hann-windowed amplitude at each mains frequency and at the
// frequencies MAINS_NEIGHBOUR_OFFSET_HZ either side, by three Goertzel resonators run side by side
// (Goertzel 1958, Amer. Math. Monthly 65:34) with their state in locals.
import { HANN_OFFSET, MEAN_OFFSET, OUT_OFFSET, COEF_OFFSET, mainsPairKernel, type MainsPairKernel } from './mains-pair-kernel.ts';
import { MAINS_NEIGHBOUR_OFFSET_HZ } from './thresholds.ts';
import { reserveBytes } from '../wasm/runtime.ts';

/** Per mains frequency asked for (same order), per window: its amplitude and the larger neighbour amplitude (mV). */
export interface MainsWindowStats {
  readonly mainsAmplitude: Float64Array[];
  readonly mainsNeighbour: Float64Array[];
}

/**
 * Measures every full window holding data (others stay 0). NaN samples count as the window mean.
 * Mains frequencies whose upper neighbour is at or above Nyquist are not measured (all 0).
 */
export function mainsWindowStats(x: Float32Array, fsHz: number, windowSamples: number, finite: Int32Array, mean: Float64Array, mainsFrequenciesHz: readonly number[]): MainsWindowStats {
  const windows = finite.length;
  const mainsAmplitude = mainsFrequenciesHz.map(() => new Float64Array(windows));
  const mainsNeighbour = mainsFrequenciesHz.map(() => new Float64Array(windows));
  const hann = hannWindow(windowSamples);
  const amps = new Float64Array(3);
  for (let slot = 0; slot < mainsFrequenciesHz.length; slot++) {
    const f0 = mainsFrequenciesHz[slot]!;
    if (f0 + MAINS_NEIGHBOUR_OFFSET_HZ >= fsHz / 2) continue;
    const amplitude = mainsAmplitude[slot]!;
    const neighbour = mainsNeighbour[slot]!;
    const omegaMains = (2 * Math.PI * f0) / fsHz;
    const omegaBelow = (2 * Math.PI * (f0 - MAINS_NEIGHBOUR_OFFSET_HZ)) / fsHz;
    const omegaAbove = (2 * Math.PI * (f0 + MAINS_NEIGHBOUR_OFFSET_HZ)) / fsHz;
    for (let w = 0; w < windows; w++) {
      const from = w * windowSamples;
      if (finite[w]! === 0 || from + windowSamples > x.length) continue;
      hannAmplitudes3(x, from, mean[w]!, hann, omegaMains, omegaBelow, omegaAbove, amps);
      amplitude[w] = amps[0]!;
      neighbour[w] = Math.max(amps[1]!, amps[2]!);
    }
  }
  return { mainsAmplitude, mainsNeighbour };
}

function hannWindow(windowSamples: number): Float32Array {
  const hann = new Float32Array(windowSamples);
  for (let k = 0; k < windowSamples; k++) hann[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / Math.max(1, windowSamples - 1));
  return hann;
}

/** Which implementation runs the resonators: WebAssembly SIMD (two leads at a time, where the engine has it) or JavaScript. */
export type MainsKernel = 'wasm-simd' | 'scalar';

/** Samples of both leads per chunk copied into the wasm memory: bounds its size whatever the recording's length. */
const CHUNK_BYTES = 1 << 20;

/**
 * mainsWindowStats of every lead (all the same length; finite and mean per lead, as bandWindowStats gives
 * them), with the same values: leads two at a time in the wasm kernel (mains-pair-kernel.ts), an odd last
 * lead, and every lead where the engine refuses wasm SIMD, by mainsWindowStats.
 */
export function mainsLeadsWindowStats(leads: readonly Float32Array[], fsHz: number, windowSamples: number, finite: readonly Int32Array[], mean: readonly Float64Array[], mainsFrequenciesHz: readonly number[], kernel: MainsKernel = 'wasm-simd'): MainsWindowStats[] {
  const simd = kernel === 'wasm-simd' ? mainsPairKernel() : null;
  const out: MainsWindowStats[] = [];
  let li = 0;
  const scalar = (k: number) => mainsWindowStats(leads[k]!, fsHz, windowSamples, finite[k]!, mean[k]!, mainsFrequenciesHz);
  for (; simd !== null && li + 1 < leads.length; li += 2) {
    // Null when the kernel's memory cannot grow to a chunk: these two leads run in JavaScript.
    out.push(...(mainsPairStats(simd, [leads[li]!, leads[li + 1]!], fsHz, windowSamples, [finite[li]!, finite[li + 1]!], [mean[li]!, mean[li + 1]!], mainsFrequenciesHz) ?? [scalar(li), scalar(li + 1)]));
  }
  for (; li < leads.length; li++) out.push(scalar(li));
  return out;
}

/** Two leads through the kernel, window by window, in chunks of windows copied into its memory (null when it cannot grow to a chunk). */
function mainsPairStats(simd: MainsPairKernel, x: readonly [Float32Array, Float32Array], fsHz: number, windowSamples: number, finite: readonly [Int32Array, Int32Array], mean: readonly [Float64Array, Float64Array], mainsFrequenciesHz: readonly number[]): [MainsWindowStats, MainsWindowStats] | null {
  const windows = finite[0].length;
  const n = x[0].length;
  const stats = x.map(() => ({ mainsAmplitude: mainsFrequenciesHz.map(() => new Float64Array(windows)), mainsNeighbour: mainsFrequenciesHz.map(() => new Float64Array(windows)) }));
  const chunkWindows = Math.max(1, Math.floor(CHUNK_BYTES / (8 * windowSamples)));
  const chunkBytes = 4 * chunkWindows * windowSamples;
  const dataA = HANN_OFFSET + 4 * windowSamples;
  const dataB = dataA + chunkBytes;
  if (!reserveBytes(simd.memory, dataB + chunkBytes)) return null;
  const f32 = new Float32Array(simd.memory.buffer);
  const f64 = new Float64Array(simd.memory.buffer);
  f32.set(hannWindow(windowSamples), HANN_OFFSET / 4);
  const o = OUT_OFFSET / 8;
  for (let w0 = 0; w0 < windows; w0 += chunkWindows) {
    const w1 = Math.min(windows, w0 + chunkWindows);
    const from = w0 * windowSamples;
    const to = Math.min(n, w1 * windowSamples);
    f32.set(x[0].subarray(from, to), dataA / 4);
    f32.set(x[1].subarray(from, to), dataB / 4);
    for (let slot = 0; slot < mainsFrequenciesHz.length; slot++) {
      const f0 = mainsFrequenciesHz[slot]!;
      if (f0 + MAINS_NEIGHBOUR_OFFSET_HZ >= fsHz / 2) continue;
      const omegas = [f0, f0 - MAINS_NEIGHBOUR_OFFSET_HZ, f0 + MAINS_NEIGHBOUR_OFFSET_HZ].map((f) => (2 * Math.PI * f) / fsHz) as [number, number, number];
      omegas.forEach((omega, k) => (f64[COEF_OFFSET / 8 + k] = 2 * Math.cos(omega)));
      for (let w = w0; w < w1; w++) {
        const start = w * windowSamples;
        const useA = finite[0][w]! !== 0;
        const useB = finite[1][w]! !== 0;
        if ((!useA && !useB) || start + windowSamples > n) continue;
        f64[MEAN_OFFSET / 8] = mean[0][w]!;
        f64[MEAN_OFFSET / 8 + 1] = mean[1][w]!;
        simd.goertzelPair(dataA + 4 * (start - from), dataB + 4 * (start - from), windowSamples);
        for (let lane = 0; lane < 2; lane++) {
          if (!(lane === 0 ? useA : useB)) continue;
          const wsum = f64[o + 12 + lane]!;
          stats[lane]!.mainsAmplitude[slot]![w] = amplitude(f64[o + lane]!, f64[o + 2 + lane]!, omegas[0], wsum);
          stats[lane]!.mainsNeighbour[slot]![w] = Math.max(amplitude(f64[o + 4 + lane]!, f64[o + 6 + lane]!, omegas[1], wsum), amplitude(f64[o + 8 + lane]!, f64[o + 10 + lane]!, omegas[2], wsum));
        }
      }
    }
  }
  return [stats[0]!, stats[1]!];
}

/** Amplitudes at three angular frequencies of x[from, from + hann.length) minus `mean`, Hann-windowed, into out. */
function hannAmplitudes3(x: Float32Array, from: number, mean: number, hann: Float32Array, omegaA: number, omegaB: number, omegaC: number, out: Float64Array): void {
  const ca = 2 * Math.cos(omegaA);
  const cb = 2 * Math.cos(omegaB);
  const cc = 2 * Math.cos(omegaC);
  // Resonator states s[n-1], s[n-2] of the three frequencies.
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, c1 = 0, c2 = 0;
  let wsum = 0;
  for (let k = 0; k < hann.length; k++) {
    const v = x[from + k]!;
    const h = hann[k]!;
    const xi = v === v ? (v - mean) * h : 0;
    wsum += h;
    const a0 = xi + ca * a1 - a2;
    a2 = a1;
    a1 = a0;
    const b0 = xi + cb * b1 - b2;
    b2 = b1;
    b1 = b0;
    const c0 = xi + cc * c1 - c2;
    c2 = c1;
    c1 = c0;
  }
  out[0] = amplitude(a1, a2, omegaA, wsum);
  out[1] = amplitude(b1, b2, omegaB, wsum);
  out[2] = amplitude(c1, c2, omegaC, wsum);
}

/** Goertzel's final step: |X(omega)| from the last two states, scaled to a sinusoid's amplitude by the window sum. */
function amplitude(s1: number, s2: number, omega: number, wsum: number): number {
  const re = s1 - s2 * Math.cos(omega);
  const im = s2 * Math.sin(omega);
  return wsum > 0 ? (2 * Math.sqrt(re * re + im * im)) / wsum : 0;
}
