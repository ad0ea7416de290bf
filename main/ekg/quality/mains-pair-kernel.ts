// The mains check's Goertzel resonators (mains-stats.ts, hannAmplitudes3) for one window of two leads at
// once in WebAssembly 128-bit SIMD, one lead per f64 lane. Each lane does the JavaScript loop's IEEE
// operations in the same order (`v === v ? (v - mean) * h : 0` as a lane mask and v128.bitselect; no fused
// multiply-add in standard wasm SIMD), so the resonator states and the window sum are bit-identical.
// Why: each resonator's recursion (s = x + c s1 - s2) is latency-bound; two leads in one register run it
// for both in the time of one (in JavaScript, six resonators side by side spilled and ran no faster).
import { Code, I32, moduleBytes, Op, Simd, V128, VOID_BLOCK, type ValueType } from '../wasm/emit.ts';
import { kernelInstance, type WasmMemory } from '../wasm/runtime.ts';

/** Memory layout (bytes): 2 cos(omega) of the three frequencies (f64), then the two leads' window means (f64 A, B). */
export const COEF_OFFSET = 0;
export const MEAN_OFFSET = 32;
/** The resonator states s1, s2 of the three frequencies and the window sum, f64 per lane (A, B): 7 x 16 bytes. */
export const OUT_OFFSET = 48;
/** The Hann window (f32), then the samples. */
export const HANN_OFFSET = 256;

// Locals: parameters, then the i32 counters, then the v128 values.
const P_A = 0; // byte address of lead A's sample (advances)
const P_B = 1;
const N = 2; // samples in the window
const PH = 3; // byte address of the Hann coefficient (advances)
const END = 4;
const CA = 5;
const CB = 6;
const CC = 7;
const MEAN = 8;
const ZERO = 9;
const A1 = 10; // resonator states: A1 A2 B1 B2 C1 C2, then the window sum
const WSUM = A1 + 6;
const V = WSUM + 1;
const H = V + 1;
const XI = H + 1;
const LOCALS: ValueType[] = [I32, I32, ...Array<ValueType>(XI - CA + 1).fill(V128)];

/** goertzelPair(pA, pB, n): the three resonators over n samples of each lead (f32 at pA, pB), states and window sum to OUT_OFFSET. */
function goertzelPairCode(): Code {
  const c = new Code();
  [CA, CB, CC].forEach((local, k) => c.i32(0).simdMem(Simd.load64Splat, 3, COEF_OFFSET + 8 * k).set(local));
  c.i32(0).simdMem(Simd.v128Load, 3, MEAN_OFFSET).set(MEAN);
  c.f64(0).simd(Simd.f64x2Splat).set(ZERO);
  for (let k = A1; k <= WSUM; k++) c.get(ZERO).set(k);
  c.i32(HANN_OFFSET).set(PH);
  c.get(N).i32(2).op(Op.i32Shl).i32(HANN_OFFSET).op(Op.i32Add).set(END);
  c.op(Op.block, VOID_BLOCK);
  c.get(PH).get(END).op(Op.i32Eq, Op.brIf, 0);
  c.op(Op.loop, VOID_BLOCK);
  c.get(P_B).get(P_A).simdMem(Simd.load32Zero, 2, 0).simdLane(Simd.load32Lane, 2, 0, 1).simd(Simd.f64x2PromoteLowF32x4).set(V);
  c.get(PH).simdMem(Simd.load32Splat, 2, 0).simd(Simd.f64x2PromoteLowF32x4).set(H);
  // xi = v === v ? (v - mean) * h : 0
  c.get(V).get(MEAN).simd(Simd.f64x2Sub).get(H).simd(Simd.f64x2Mul).get(ZERO).get(V).get(V).simd(Simd.f64x2Eq).simd(Simd.v128Bitselect).set(XI);
  c.get(WSUM).get(H).simd(Simd.f64x2Add).set(WSUM);
  // s0 = xi + coef * s1 - s2; s2 = s1; s1 = s0 (each frequency)
  [CA, CB, CC].forEach((coef, k) => {
    const s1 = A1 + 2 * k;
    const s2 = s1 + 1;
    c.get(XI).get(coef).get(s1).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).get(s2).simd(Simd.f64x2Sub);
    c.get(s1).set(s2);
    c.set(s1);
  });
  for (const p of [P_A, P_B, PH]) c.get(p).i32(4).op(Op.i32Add).set(p);
  c.get(PH).get(END).op(Op.i32Ne, Op.brIf, 0);
  c.op(Op.end, Op.end);
  for (let k = A1; k <= WSUM; k++) c.i32(0).get(k).simdMem(Simd.v128Store, 3, OUT_OFFSET + 16 * (k - A1));
  return c;
}

/** The module: imports its memory as env.memory and exports goertzelPair. */
export function mainsPairModule(): Uint8Array {
  return moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'goertzelPair', params: [I32, I32, I32], results: [], locals: LOCALS, code: goertzelPairCode() }] });
}

export interface MainsPairKernel {
  readonly memory: WasmMemory;
  readonly goertzelPair: (pA: number, pB: number, n: number) => void;
}

/** The compiled kernel (one per process), null where WebAssembly SIMD is unavailable; undefined until first asked. */
let shared: MainsPairKernel | null | undefined;

export function mainsPairKernel(): MainsPairKernel | null {
  if (shared === undefined) {
    const instance = kernelInstance(mainsPairModule());
    shared = instance === null ? null : { memory: instance.memory, goertzelPair: instance.exports['goertzelPair'] as MainsPairKernel['goertzelPair'] };
  }
  return shared;
}
