// The quality band pass (band-stats.ts, bandWindow) for two leads at once in WebAssembly 128-bit SIMD,
// one lead per f64 lane. Each lane does the JavaScript kernel's IEEE operations in the same order
// (standard wasm SIMD has no fused multiply-add; Math.fround is f32x4.demote_f64x2_zero then
// f64x2.promote_low_f32x4; `if (v < low) low = v` is f64x2.pmin), so the values are bit-identical.
// Why: in V8 the JavaScript loop holds ~30 live doubles in 16 xmm registers and waits on spills
// (docs/ekg-pipeline.md); here each register and each spill carries two leads.
// A window with a NaN (missing data) in either lead is not finished here: the function returns -1
// without writing its state, and the caller runs the JavaScript kernel on each lead of that window.
import { Code, I32, moduleBytes, Simd, V128, VOID_BLOCK, Op, type ValueType } from '../wasm/emit.ts';
import { kernelInstance, type WasmMemory } from '../wasm/runtime.ts';

/** Memory layout (bytes): the 20 section coefficients (f64), then the 4 sections' restart factors, then the state. */
export const COEF_OFFSET = 0;
/** Per section k: DC gain (b0 + b1 + b2) / (1 + a1 + a2), b1 + b2, a1 + a2 (f64 each), from RESTART_OFFSET + 24 k. */
export const RESTART_OFFSET = 160;
/** State slot k (band-stats.ts slot numbers) of lead A at STATE_OFFSET + 16 k, of lead B 8 bytes after. */
export const STATE_OFFSET = 256;
/** Samples and sampled |band| values from here on. */
export const DATA_OFFSET = 512;

// State slots, as in band-stats.ts (the eight section states, then these).
const WAITING = 8;
const Q_PEAK = 9;
const H_PEAK = 10;
const SUM = 12;
const LOW = 13;
const HIGH = 14;

// Locals: parameters, then the i32 counters, then the v128 values.
const P_A = 0; // byte address of lead A's sample (advances)
const P_B = 1;
const END_A = 2; // lead A's end address
const Q_A = 3; // where lead A's next sampled |QRS band| goes (advances)
const Q_B = 4;
const H_A = 5; // the same for the high band
const H_B = 6;
const STRIDE = 7; // medianStride
const PHASE = 8;
const M = 9; // sampled values stored
const COEF = 10; // 20 coefficients: QRS high-pass b0 b1 b2 a1 a2, low-pass, high band high-pass, low-pass
const ST = COEF + 20; // 8 section states: s1 s2 t1 t2 u1 u2 v1 v2
const X = ST + 8;
const Y = X + 1;
const IN = Y + 1;
const Y2 = IN + 1;
const QA = Y2 + 1; // |QRS band| as f32x4 (lanes 0, 1)
const HA = QA + 1;
const Q_PEAK_L = HA + 1;
const H_PEAK_L = Q_PEAK_L + 1;
const SUM_L = H_PEAK_L + 1;
const LOW_L = SUM_L + 1;
const HIGH_L = LOW_L + 1;
const MASK = HIGH_L + 1;
const LOCALS: ValueType[] = [I32, I32, ...Array<ValueType>(MASK - COEF + 1).fill(V128)];

/** x = both leads' samples at P_A, P_B as f64x2. */
function loadPair(c: Code): void {
  c.get(P_B).get(P_A).simdMem(Simd.load32Zero, 2, 0).simdLane(Simd.load32Lane, 2, 0, 1).simd(Simd.f64x2PromoteLowF32x4).set(X);
}

/** One transposed-direct-form-II step of section k on `input`, output in `out` (as StreamingFilter). */
function step(c: Code, k: number, input: number, out: number): void {
  const [b0, b1, b2, a1, a2] = [0, 1, 2, 3, 4].map((j) => COEF + 5 * k + j) as [number, number, number, number, number];
  const z1 = ST + 2 * k;
  const z2 = z1 + 1;
  c.get(b0).get(input).simd(Simd.f64x2Mul).get(z1).simd(Simd.f64x2Add).set(out);
  c.get(b1).get(input).simd(Simd.f64x2Mul).get(a1).get(out).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).get(z2).simd(Simd.f64x2Add).set(z1);
  c.get(b2).get(input).simd(Simd.f64x2Mul).get(a2).get(out).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(z2);
}

/** Section k at rest at the level of `input` in the lanes of MASK (SciPy's lfilter_zi, as bandWindow's restart). */
function restart(c: Code, k: number, input: number): void {
  const at = RESTART_OFFSET + 24 * k;
  const [b2, a2] = [COEF + 5 * k + 2, COEF + 5 * k + 4];
  const z1 = ST + 2 * k;
  c.i32(0).simdMem(Simd.load64Splat, 3, at).get(input).simd(Simd.f64x2Mul).set(Y);
  c.i32(0).simdMem(Simd.load64Splat, 3, at + 8).get(input).simd(Simd.f64x2Mul).i32(0).simdMem(Simd.load64Splat, 3, at + 16).get(Y).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub);
  c.get(z1).get(MASK).simd(Simd.v128Bitselect).set(z1);
  c.get(b2).get(input).simd(Simd.f64x2Mul).get(a2).get(Y).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub);
  c.get(z1 + 1).get(MASK).simd(Simd.v128Bitselect).set(z1 + 1);
}

/** Math.fround of each lane of `from`, into `to`. */
function fround(c: Code, from: number, to: number): void {
  c.get(from).simd(Simd.f32x4DemoteF64x2Zero).simd(Simd.f64x2PromoteLowF32x4).set(to);
}

const slot = (k: number) => STATE_OFFSET + 16 * k;

/**
 * bandPair(pA, pB, endA, qA, qB, hA, hB, medianStride) -> sampled values stored, or -1 (a NaN: nothing
 * written to the state). Runs both bands over the samples [pA, endA) of lead A and from pB of lead B
 * (f32, byte addresses; pB may equal pA), storing every medianStride-th |band| value (f32) of lead A at
 * qA, hA and of lead B at qB, hB, and the window's peaks, sum, min and max in the state.
 */
function bandPairCode(): Code {
  const c = new Code();
  for (let k = 0; k < 20; k++) c.i32(0).simdMem(Simd.load64Splat, 3, COEF_OFFSET + 8 * k).set(COEF + k);
  for (let k = 0; k < 8; k++) c.i32(0).simdMem(Simd.v128Load, 4, slot(k)).set(ST + k);
  c.f64(0).simd(Simd.f64x2Splat).set(Q_PEAK_L);
  c.f64(0).simd(Simd.f64x2Splat).set(H_PEAK_L);
  c.f64(0).simd(Simd.f64x2Splat).set(SUM_L);
  c.f64(Infinity).simd(Simd.f64x2Splat).set(LOW_L);
  c.f64(-Infinity).simd(Simd.f64x2Splat).set(HIGH_L);
  // Lanes waiting for a valid sample restart at the first one (the window is redone if it is NaN).
  c.i32(0).simdMem(Simd.v128Load, 4, slot(WAITING)).f64(1).simd(Simd.f64x2Splat).simd(Simd.f64x2Eq).tee(MASK).simd(Simd.v128AnyTrue);
  c.op(Op.if, VOID_BLOCK);
  loadPair(c);
  restart(c, 0, X);
  c.get(COEF).get(X).simd(Simd.f64x2Mul).get(ST).simd(Simd.f64x2Add).set(IN);
  fround(c, IN, IN);
  restart(c, 1, IN);
  restart(c, 2, X);
  c.get(COEF + 10).get(X).simd(Simd.f64x2Mul).get(ST + 4).simd(Simd.f64x2Add).set(IN);
  fround(c, IN, IN);
  restart(c, 3, IN);
  c.op(Op.end);

  c.op(Op.loop, VOID_BLOCK);
  loadPair(c);
  c.get(SUM_L).get(X).simd(Simd.f64x2Add).set(SUM_L);
  c.get(LOW_L).get(X).simd(Simd.f64x2Pmin).set(LOW_L);
  c.get(HIGH_L).get(X).simd(Simd.f64x2Pmax).set(HIGH_L);
  step(c, 0, X, Y);
  fround(c, Y, IN);
  step(c, 1, IN, Y2);
  c.get(Y2).simd(Simd.f32x4DemoteF64x2Zero).simd(Simd.f32x4Abs).set(QA);
  c.get(Q_PEAK_L).get(QA).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Pmax).set(Q_PEAK_L);
  step(c, 2, X, Y);
  fround(c, Y, IN);
  step(c, 3, IN, Y2);
  c.get(Y2).simd(Simd.f32x4DemoteF64x2Zero).simd(Simd.f32x4Abs).set(HA);
  c.get(H_PEAK_L).get(HA).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Pmax).set(H_PEAK_L);
  // Every medianStride-th sample: store both leads' |band| values.
  c.get(PHASE).op(Op.i32Eqz, Op.if, VOID_BLOCK);
  c.get(Q_A).get(QA).simdLane(Simd.store32Lane, 2, 0, 0).get(Q_B).get(QA).simdLane(Simd.store32Lane, 2, 0, 1);
  c.get(H_A).get(HA).simdLane(Simd.store32Lane, 2, 0, 0).get(H_B).get(HA).simdLane(Simd.store32Lane, 2, 0, 1);
  for (const p of [Q_A, Q_B, H_A, H_B]) c.get(p).i32(4).op(Op.i32Add).set(p);
  c.get(M).i32(1).op(Op.i32Add).set(M);
  c.op(Op.end);
  c.get(PHASE).i32(1).op(Op.i32Add).tee(PHASE).get(STRIDE).op(Op.i32Eq, Op.if, VOID_BLOCK).i32(0).set(PHASE).op(Op.end);
  c.get(P_A).i32(4).op(Op.i32Add).set(P_A);
  c.get(P_B).i32(4).op(Op.i32Add).set(P_B);
  c.get(P_A).get(END_A).op(Op.i32Ne, Op.brIf, 0);
  c.op(Op.end);

  // A NaN in either lead makes its sum NaN (one infinite sample does not, and runs as in JavaScript;
  // +Inf and -Inf in one window do, and the window is then redone in JavaScript from the untouched state).
  c.get(SUM_L).get(SUM_L).simd(Simd.f64x2Ne).simd(Simd.v128AnyTrue).op(Op.if, VOID_BLOCK).i32(-1).op(Op.return, Op.end);
  for (let k = 0; k < 8; k++) c.i32(0).get(ST + k).simdMem(Simd.v128Store, 4, slot(k));
  c.i32(0).f64(0).simd(Simd.f64x2Splat).simdMem(Simd.v128Store, 4, slot(WAITING));
  const measures: [number, number][] = [[Q_PEAK, Q_PEAK_L], [H_PEAK, H_PEAK_L], [SUM, SUM_L], [LOW, LOW_L], [HIGH, HIGH_L]];
  for (const [k, local] of measures) c.i32(0).get(local).simdMem(Simd.v128Store, 4, slot(k));
  c.get(M);
  return c;
}

/** The module: imports its memory as env.memory and exports bandPair. */
export function bandPairModule(): Uint8Array {
  const params: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, I32];
  return moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'bandPair', params, results: [I32], locals: LOCALS, code: bandPairCode() }] });
}

export interface BandPairKernel {
  readonly memory: WasmMemory;
  readonly bandPair: (pA: number, pB: number, endA: number, qA: number, qB: number, hA: number, hB: number, medianStride: number) => number;
}

/** The compiled kernel (one per process), null where WebAssembly SIMD is unavailable; undefined until first asked. */
let shared: BandPairKernel | null | undefined;

export function bandPairKernel(): BandPairKernel | null {
  if (shared === undefined) {
    const instance = kernelInstance(bandPairModule());
    shared = instance === null ? null : { memory: instance.memory, bandPair: instance.exports['bandPair'] as BandPairKernel['bandPair'] };
  }
  return shared;
}
