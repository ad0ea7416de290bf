// The detector's feature extraction (streaming.ts, extractPair) for two leads at once in WebAssembly
// 128-bit SIMD, one lead per f64 lane. Each lane does the JavaScript loop's IEEE operations in the
// same order (standard wasm SIMD has no fused multiply-add; a Float32Array store is
// f32x4.demote_f64x2_zero), so the rings and the state are bit-identical.
// Why: the JavaScript pair loop holds ~40 live doubles in 16 xmm registers and waits on spills
// (docs/ekg-pipeline.md); here each register and each spill carries two leads.
// As in JavaScript, a block with a sample that is not finite is not finished: the function returns 0
// without writing its state, and the caller redoes the block lead by lead (extractLead).
import { Code, F64, I32, moduleBytes, Op, Simd, V128, VOID_BLOCK, type ValueType } from '../wasm/emit.ts';
import { compile, instantiate, type WasmMemory, type WasmModule } from '../wasm/runtime.ts';

/** Memory layout (bytes): constants (f64), the pair's state (f64 pairs), the input block, then the rings. */
const CONST_OFFSET = 0;
/** Constants, f64 each: hb0 hb1 hb2 ha1 ha2 lb0 lb1 lb2 la1 la2, fs, activity alpha, flat length, active slope. */
const CONSTANTS = 14;
const STATE_OFFSET = 128;
/** State slots (f64 pairs: lead A, lead B): h1 h2 l1 l2 m1 m2, offset, prevY, activity, lastActive, missingUntil. */
const STATE_SLOTS = 11;
/** Input block: lead A's samples (f32) from here, lead B's INPUT_BLOCK samples after. */
const INPUT_OFFSET = 320;
/** Samples per lead and block, at most (the detector's EXTRACT_BLOCK). */
const INPUT_BLOCK = 256;

// Parameters.
const P_A = 0; // address of lead A's sample (advances); lead B's is P_A + IN_B
const IN_B = 1;
const END_A = 2;
const N0 = 3; // f64: the block's first sample index
const SLOT = 4; // n & ringMask (advances, wraps)
const MASK = 5; // ringMask
const RAW_A = 6; // byte addresses of the leads' rings (sample 0 of each): raw, energy, activity (f32), input ok (u8)
const RAW_B = 7;
const EN_A = 8;
const EN_B = 9;
const ACT_A = 10;
const ACT_B = 11;
const OK_A = 12;
const OK_B = 13;
const PARAMS: ValueType[] = [I32, I32, I32, F64, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32];
// Locals.
const AT4 = 14; // 4 * SLOT
const AT1 = 15; // SLOT
const C = 16; // 14 constants, splat
const ST = C + CONSTANTS; // 11 state pairs
const NV = ST + STATE_SLOTS; // n in both lanes
const NOT_FINITE = NV + 1;
const XF = NOT_FINITE + 1; // the samples as f32x4 (lanes 0, 1)
const U = XF + 1;
const HY = U + 1;
const Y1 = HY + 1;
const Y = Y1 + 1;
const E = Y + 1;
const ONE = E + 1; // i64x2 1 1 (input-ok bytes)
const LOCALS: ValueType[] = [I32, I32, ...Array<ValueType>(ONE - C + 1).fill(V128)];

const [HB0, HB1, HB2, HA1, HA2, LB0, LB1, LB2, LA1, LA2, FS, ALPHA, FLAT, ACTIVE] = Array.from({ length: CONSTANTS }, (_, k) => C + k) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number];
const [H1, H2, L1, L2, M1, M2, OFFSET, PREV, ACT, LAST_ACTIVE, MISSING_UNTIL] = Array.from({ length: STATE_SLOTS }, (_, k) => ST + k) as [number, number, number, number, number, number, number, number, number, number, number];

const f64x2 = (c: Code, sub: number) => c.simd(sub);

/** One transposed-direct-form-II biquad step (as extractPair): out = b0 in + z1; z1 = b1 in - a1 out + z2; z2 = b2 in - a2 out. */
function biquad(c: Code, [b0, b1, b2, a1, a2]: readonly number[], input: number, out: number, z1: number, z2: number): void {
  f64x2(c.get(b0!).get(input), Simd.f64x2Mul).get(z1).simd(Simd.f64x2Add).set(out);
  f64x2(f64x2(c.get(b1!).get(input), Simd.f64x2Mul).get(a1!).get(out), Simd.f64x2Mul).simd(Simd.f64x2Sub).get(z2).simd(Simd.f64x2Add).set(z1);
  f64x2(f64x2(c.get(b2!).get(input), Simd.f64x2Mul).get(a2!).get(out), Simd.f64x2Mul).simd(Simd.f64x2Sub).set(z2);
}

/** Stores lane 0 of `value` (f32x4) at `baseA + 4 slot` and lane 1 at `baseB + 4 slot`. */
function storeLanes32(c: Code, value: number, baseA: number, baseB: number): void {
  c.get(baseA).get(AT4).op(Op.i32Add).get(value).simdLane(Simd.store32Lane, 2, 0, 0);
  c.get(baseB).get(AT4).op(Op.i32Add).get(value).simdLane(Simd.store32Lane, 2, 0, 1);
}

/**
 * extractPair(pA, inB, endA, n0, slot0, ringMask, rawA, rawB, enA, enB, actA, actB, okA, okB) -> 1, or 0
 * when a sample of the block is not finite (state untouched). Lead A's samples are f32 at [pA, endA),
 * lead B's inB bytes further; ring entry `slot` of a lead is at its ring address + 4 slot (+ slot for
 * the input-ok bytes).
 */
function extractPairCode(): Code {
  const c = new Code();
  for (let k = 0; k < CONSTANTS; k++) c.i32(0).simdMem(Simd.load64Splat, 3, CONST_OFFSET + 8 * k).set(C + k);
  for (let k = 0; k < STATE_SLOTS; k++) c.i32(0).simdMem(Simd.v128Load, 4, STATE_OFFSET + 16 * k).set(ST + k);
  c.get(N0).simd(Simd.f64x2Splat).set(NV);
  c.f64(0).simd(Simd.f64x2Splat).set(NOT_FINITE);
  c.i32(1).op(Op.i64ExtendI32U).simd(Simd.i64x2Splat).set(ONE);
  c.op(Op.loop, VOID_BLOCK);
  c.get(SLOT).tee(AT1).i32(2).op(Op.i32Shl).set(AT4);
  // The two samples: f32 in lanes 0 and 1 (raw ring), then as f64x2.
  c.get(P_A).get(IN_B).op(Op.i32Add).get(P_A).simdMem(Simd.load32Zero, 2, 0).simdLane(Simd.load32Lane, 2, 0, 1).set(XF);
  storeLanes32(c, XF, RAW_A, RAW_B);
  c.get(XF).simd(Simd.f64x2PromoteLowF32x4).tee(U);
  // x - x: 0 for a finite sample, NaN otherwise, summed per lane.
  c.get(U).simd(Simd.f64x2Sub).get(NOT_FINITE).simd(Simd.f64x2Add).set(NOT_FINITE);
  c.get(U).get(OFFSET).simd(Simd.f64x2Sub).set(U);
  biquad(c, [HB0, HB1, HB2, HA1, HA2], U, HY, H1, H2);
  biquad(c, [LB0, LB1, LB2, LA1, LA2], HY, Y1, L1, L2);
  biquad(c, [LB0, LB1, LB2, LA1, LA2], Y1, Y, M1, M2);
  // |slope| = |(y - prevY) fs|, mV/s.
  c.get(Y).get(PREV).simd(Simd.f64x2Sub).get(FS).simd(Simd.f64x2Mul).simd(Simd.f64x2Abs).set(E);
  c.get(Y).set(PREV);
  c.get(E).simd(Simd.f32x4DemoteF64x2Zero).set(XF);
  storeLanes32(c, XF, EN_A, EN_B);
  // activity += alpha (e - activity)
  c.get(ACT).get(ALPHA).get(E).get(ACT).simd(Simd.f64x2Sub).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).tee(ACT);
  c.simd(Simd.f32x4DemoteF64x2Zero).set(XF);
  storeLanes32(c, XF, ACT_A, ACT_B);
  // lastActive = n where e > active slope
  c.get(NV).get(LAST_ACTIVE).get(E).get(ACTIVE).simd(Simd.f64x2Gt).simd(Simd.v128Bitselect).set(LAST_ACTIVE);
  // input ok = n >= missingUntil && n - lastActive < flatLen, as a 0/1 byte per lead
  c.get(NV).get(MISSING_UNTIL).simd(Simd.f64x2Ge).get(NV).get(LAST_ACTIVE).simd(Simd.f64x2Sub).get(FLAT).simd(Simd.f64x2Lt).simd(Simd.v128And).get(ONE).simd(Simd.v128And).set(XF);
  c.get(OK_A).get(AT1).op(Op.i32Add).get(XF).simdLane(Simd.store8Lane, 0, 0, 0);
  c.get(OK_B).get(AT1).op(Op.i32Add).get(XF).simdLane(Simd.store8Lane, 0, 0, 8);
  c.get(NV).f64(1).simd(Simd.f64x2Splat).simd(Simd.f64x2Add).set(NV);
  c.get(SLOT).i32(1).op(Op.i32Add).get(MASK).op(Op.i32And).set(SLOT);
  c.get(P_A).i32(4).op(Op.i32Add).tee(P_A).get(END_A).op(Op.i32Ne, Op.brIf, 0);
  c.op(Op.end);
  c.get(NOT_FINITE).f64(0).simd(Simd.f64x2Splat).simd(Simd.f64x2Ne).simd(Simd.v128AnyTrue).op(Op.if, VOID_BLOCK).i32(0).op(Op.return, Op.end);
  for (const k of [H1, H2, L1, L2, M1, M2, PREV, ACT, LAST_ACTIVE]) c.i32(0).get(k).simdMem(Simd.v128Store, 4, STATE_OFFSET + 16 * (k - ST));
  c.i32(1);
  return c;
}

/** The module: imports its memory as env.memory and exports extractPair. */
export function extractPairModule(): Uint8Array {
  return moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'extractPair', params: PARAMS, results: [I32], locals: LOCALS, code: extractPairCode() }] });
}

/** Ring storage starts here (after the input block of two leads). */
const RING_OFFSET = 4096;

let compiled: WasmModule | null | undefined;

/** The per-lead arrays extractPair reads and writes (the detector's own). */
export interface PairState {
  readonly hpState: Float64Array;
  readonly lpState: Float64Array;
  readonly lp2State: Float64Array;
  readonly offset: Float64Array;
  readonly prevY: Float64Array;
  readonly activity: Float64Array;
  readonly lastActive: Float64Array;
  readonly missingUntil: Float64Array;
}

/**
 * One detector's wasm instance: its rings live in the instance's memory (a fixed size, never grown, so
 * the views stay valid), and `run` extracts a pair of leads' block into them.
 */
export class ExtractPairSimd {
  readonly rawRing: Float32Array;
  readonly energyRing: Float32Array;
  readonly activityRing: Float32Array;
  readonly inputOkRing: Uint8Array;
  private readonly f64: Float64Array;
  private readonly f32: Float32Array;
  private readonly extractPair: (...args: number[]) => number;

  private constructor(memory: WasmMemory, extractPair: (...args: number[]) => number, private readonly ringLen: number, leadCount: number, constants: readonly number[]) {
    const ringValues = ringLen * leadCount;
    this.f64 = new Float64Array(memory.buffer);
    this.f32 = new Float32Array(memory.buffer);
    this.rawRing = new Float32Array(memory.buffer, RING_OFFSET, ringValues);
    this.energyRing = new Float32Array(memory.buffer, RING_OFFSET + 4 * ringValues, ringValues);
    this.activityRing = new Float32Array(memory.buffer, RING_OFFSET + 8 * ringValues, ringValues);
    this.inputOkRing = new Uint8Array(memory.buffer, RING_OFFSET + 12 * ringValues, ringValues);
    this.extractPair = extractPair;
    this.f64.set(constants, CONST_OFFSET / 8);
  }

  /** Null where WebAssembly SIMD or its memory is unavailable (the detector then extracts in JavaScript). constants: hb0 hb1 hb2 ha1 ha2 lb0 lb1 lb2 la1 la2, fsHz, activity alpha, flat length, active slope. */
  static create(ringLen: number, leadCount: number, constants: readonly number[]): ExtractPairSimd | null {
    if (constants.length !== CONSTANTS) throw new RangeError(`extractPair needs ${CONSTANTS} constants`);
    if (compiled === undefined) compiled = compile(extractPairModule());
    if (compiled === null) return null;
    const bytes = RING_OFFSET + 13 * ringLen * leadCount;
    const instance = instantiate(compiled, 'env', 'memory', Math.ceil(bytes / 65536));
    if (instance === null) return null;
    return new ExtractPairSimd(instance.memory, instance.exports['extractPair'] as (...args: number[]) => number, ringLen, leadCount, constants);
  }

  /**
   * Leads `lead` and `lead + 1`, samples [from, from + len) of srcA and srcB (at most EXTRACT_BLOCK =
   * INPUT_BLOCK samples), stream samples n0... into the rings; false, with `state` untouched, when a
   * sample is not finite.
   */
  run(lead: number, srcA: Float32Array, srcB: Float32Array, from: number, n0: number, len: number, state: PairState): boolean {
    const { f64, f32, ringLen } = this;
    if (len > INPUT_BLOCK) throw new RangeError('extraction block too long');
    const s = STATE_OFFSET / 8;
    const slots = [state.hpState, state.hpState, state.lpState, state.lpState, state.lp2State, state.lp2State];
    for (let lane = 0; lane < 2; lane++) {
      const l = lead + lane;
      for (let k = 0; k < 6; k++) f64[s + 2 * k + lane] = slots[k]![2 * l + (k & 1)]!;
      f64[s + 12 + lane] = state.offset[l]!;
      f64[s + 14 + lane] = state.prevY[l]!;
      f64[s + 16 + lane] = state.activity[l]!;
      f64[s + 18 + lane] = state.lastActive[l]!;
      f64[s + 20 + lane] = state.missingUntil[l]!;
    }
    f32.set(srcA.subarray(from, from + len), INPUT_OFFSET / 4);
    f32.set(srcB.subarray(from, from + len), INPUT_OFFSET / 4 + INPUT_BLOCK);
    const ringMask = ringLen - 1;
    const ringA = lead * ringLen;
    const ringB = ringA + ringLen;
    const values = this.rawRing.length;
    const raw = RING_OFFSET;
    const energy = raw + 4 * values;
    const activity = raw + 8 * values;
    const ok = raw + 12 * values;
    const done = this.extractPair(INPUT_OFFSET, 4 * INPUT_BLOCK, INPUT_OFFSET + 4 * len, n0, n0 & ringMask, ringMask, raw + 4 * ringA, raw + 4 * ringB, energy + 4 * ringA, energy + 4 * ringB, activity + 4 * ringA, activity + 4 * ringB, ok + ringA, ok + ringB);
    if (done === 0) return false;
    for (let lane = 0; lane < 2; lane++) {
      const l = lead + lane;
      for (let k = 0; k < 6; k++) slots[k]![2 * l + (k & 1)] = f64[s + 2 * k + lane]!;
      state.prevY[l] = f64[s + 14 + lane]!;
      state.activity[l] = f64[s + 16 + lane]!;
      state.lastActive[l] = f64[s + 18 + lane]!;
    }
    return true;
  }
}
