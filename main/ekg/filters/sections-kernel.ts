// The batch filter passes (sections.ts, runPasses) for two leads at once in WebAssembly 128-bit SIMD,
// one lead per f64 lane, each pass running its sections sample by sample with the values between them
// in registers. Each lane does runPasses' IEEE operations in the same order (standard wasm SIMD has no
// fused multiply-add; the Float32 store is f32x4.demote_f64x2_zero), so the values are bit-identical.
// Why: a section's recursion is latency-bound, so the sections of a pass overlap their recursions
// (one section: 2.4 ns a sample pair, three: 4.4 ns), and in JavaScript the sections of two leads side
// by side need more doubles than there are xmm registers (docs/ekg-pipeline.md); here each register
// carries both leads.
import { Code, I32, moduleBytes, Simd, V128, VOID_BLOCK, Op, type FunctionSpec, type ValueType } from '../wasm/emit.ts';
import { kernelInstance, reserveBytes, type WasmMemory } from '../wasm/runtime.ts';
import { isLookAhead, passStartStates, type Cascade, type Pass } from './sections.ts';

/** Sections of a cascade the kernels run at most (the station's chains have three). */
const MAX_SECTIONS = 8;
/**
 * Memory layout (bytes): [b0, c1, c2, a1, a2] (f64) per section of the cascade, then z1, z2 per section
 * of the running pass (f64x2 each: lead A, lead B), the first pass's finite test, the samples.
 */
const COEF_OFFSET = 0;
const STATE_OFFSET = COEF_OFFSET + 40 * MAX_SECTIONS;
const FINITE_OFFSET = STATE_OFFSET + 32 * MAX_SECTIONS;
const DATA_OFFSET = FINITE_OFFSET + 16;
/**
 * Runs of up to this many samples a lead stay in the memory through all passes, copied in and out once
 * instead of once per pass; longer ones go through it in blocks of BLOCK samples, pass by pass. Bounds
 * the memory a kernel keeps for the process: 16 MiB (30 min of 2 leads at 500 Hz: 7 MB).
 */
const RESIDENT = 1 << 21;
const BLOCK = 4096;

// Locals: the parameters, then the v128 values.
const P_A = 0; // byte address of lead A's sample (advances by STEP)
const P_B = 1;
const END_A = 2; // lead A's address after the last sample
const STEP = 3; // 4 forward, -4 backward
const COEF = 4;

/** Pushes the byte address of lead A's (or B's) sample `ahead` steps on. */
function address(c: Code, lead: typeof P_A | typeof P_B, ahead: 0 | 1): void {
  c.get(lead);
  if (ahead === 1) c.get(STEP).op(Op.i32Add);
}

/** Both leads' samples `ahead` steps on, as f64x2, into local `to`. */
function loadPair(c: Code, ahead: 0 | 1, to: number): void {
  address(c, P_B, ahead);
  address(c, P_A, ahead);
  c.simdMem(Simd.load32Zero, 2, 0).simdLane(Simd.load32Lane, 2, 0, 1).simd(Simd.f64x2PromoteLowF32x4).set(to);
}

/** Stores local `from` as f32 (as a Float32Array store rounds) over both leads' samples `ahead` steps on; `from` is left demoted. */
function storePair(c: Code, from: number, ahead: 0 | 1): void {
  c.get(from).simd(Simd.f32x4DemoteF64x2Zero).set(from);
  address(c, P_A, ahead);
  c.get(from).simdLane(Simd.store32Lane, 2, 0, 0);
  address(c, P_B, ahead);
  c.get(from).simdLane(Simd.store32Lane, 2, 0, 1);
}

/** Loads the coefficients of sections [lo, lo + count) and their states into locals from `coef` on (states after the 5 count coefficients). */
function loadSections(c: Code, lo: number, count: number, coef: number): void {
  for (let k = 0; k < 5 * count; k++) c.i32(0).simdMem(Simd.load64Splat, 3, COEF_OFFSET + 40 * lo + 8 * k).set(coef + k);
  for (let k = 0; k < 2 * count; k++) c.i32(0).simdMem(Simd.v128Load, 4, STATE_OFFSET + 16 * k).set(coef + 5 * count + k);
}

/** Stores `count` sections' states (locals from `st` on) and the finite test (local `fin`). */
function storeStates(c: Code, count: number, st: number, fin: number): void {
  for (let k = 0; k < 2 * count; k++) c.i32(0).get(st + k).simdMem(Simd.v128Store, 4, STATE_OFFSET + 16 * k);
  c.i32(0).get(fin).simdMem(Simd.v128Store, 4, FINITE_OFFSET);
}

/** Advances both addresses by `steps` steps and loops while lead A's has not reached END_A. */
function advance(c: Code, steps: 1 | 2): void {
  for (const p of [P_A, P_B]) {
    c.get(p).get(STEP);
    if (steps === 2) c.get(STEP).op(Op.i32Add);
    c.op(Op.i32Add).set(p);
  }
  c.get(P_A).get(END_A).op(Op.i32Ne, Op.brIf, 0);
}

/**
 * A pass's function (pA, pB, endA, step): sections [lo, hi) (their orders in `firstOrder`) over the f32
 * samples from pA (lead A) and pB (lead B; may equal pA) until pA reaches endA, each output written over
 * its input; states and, when `testFinite`, the finite test (sum of x - x per lane) read from and
 * written back to the memory.
 */
function passCode(firstOrder: readonly boolean[], lo: number, hi: number, testFinite: boolean): { code: Code; locals: ValueType[] } {
  const count = hi - lo;
  const st = COEF + 5 * count;
  const x = st + 2 * count;
  const y = x + 1;
  const t = y + 1;
  const fin = t + 1;
  const c = new Code();
  loadSections(c, lo, count, COEF);
  c.i32(0).simdMem(Simd.v128Load, 4, FINITE_OFFSET).set(fin);

  c.op(Op.loop, VOID_BLOCK);
  loadPair(c, 0, x);
  if (testFinite) c.get(fin).get(x).get(x).simd(Simd.f64x2Sub).simd(Simd.f64x2Add).set(fin);
  firstOrder.slice(lo, hi).forEach((first, s) => {
    const [b0, c1, c2, a1, a2] = [0, 1, 2, 3, 4].map((j) => COEF + 5 * s + j) as [number, number, number, number, number];
    const [input, output] = s % 2 === 0 ? [x, y] : [y, x];
    const z1 = st + 2 * s;
    const z2 = z1 + 1;
    c.get(b0).get(input).simd(Simd.f64x2Mul).get(z1).simd(Simd.f64x2Add).set(output);
    if (first) {
      c.get(c1).get(input).simd(Simd.f64x2Mul).get(a1).get(z1).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(z1);
    } else {
      c.get(c1).get(input).simd(Simd.f64x2Mul).get(z2).simd(Simd.f64x2Add).set(t);
      c.get(c2).get(input).simd(Simd.f64x2Mul).get(a2).get(z1).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(z2);
      c.get(t).get(a1).get(z1).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(z1);
    }
  });
  storePair(c, count % 2 === 0 ? x : y, 0);
  advance(c, 1);
  c.op(Op.end);
  storeStates(c, count, st, fin);
  return { code: c, locals: Array<ValueType>(fin - COEF + 1).fill(V128) };
}

/**
 * The look-ahead pass's function (sections.ts, isLookAhead; same parameters as passCode's, over an even
 * number of samples): first-order section lo, two samples a step, runPass's operations in its order.
 */
function lookAheadCode(lo: number, testFinite: boolean): { code: Code; locals: ValueType[] } {
  const [b0, c1, a1] = [COEF, COEF + 1, COEF + 3];
  const z1 = COEF + 5;
  const u = z1 + 2;
  const v = u + 1;
  const t = v + 1;
  const fin = t + 1;
  const a1c1 = fin + 1;
  const a1a1 = a1c1 + 1;
  const c = new Code();
  loadSections(c, lo, 1, COEF);
  c.i32(0).simdMem(Simd.v128Load, 4, FINITE_OFFSET).set(fin);
  c.get(a1).get(c1).simd(Simd.f64x2Mul).set(a1c1);
  c.get(a1).get(a1).simd(Simd.f64x2Mul).set(a1a1);

  c.op(Op.loop, VOID_BLOCK);
  loadPair(c, 0, u);
  loadPair(c, 1, v);
  if (testFinite) {
    c.get(fin).get(u).get(u).simd(Simd.f64x2Sub).simd(Simd.f64x2Add).set(fin);
    c.get(fin).get(v).get(v).simd(Simd.f64x2Sub).simd(Simd.f64x2Add).set(fin);
  }
  c.get(c1).get(u).simd(Simd.f64x2Mul).get(a1).get(z1).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(t);
  c.get(b0).get(u).simd(Simd.f64x2Mul).get(z1).simd(Simd.f64x2Add);
  c.get(c1).get(v).simd(Simd.f64x2Mul).get(a1c1).get(u).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).get(a1a1).get(z1).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(z1);
  c.set(u);
  storePair(c, u, 0);
  c.get(b0).get(v).simd(Simd.f64x2Mul).get(t).simd(Simd.f64x2Add).set(v);
  storePair(c, v, 1);
  advance(c, 2);
  c.op(Op.end);
  storeStates(c, 1, z1, fin);
  return { code: c, locals: Array<ValueType>(a1a1 - COEF + 1).fill(V128) };
}

/**
 * The module of a cascade and its passes: imports its memory as env.memory and exports pass k as p<k>,
 * and a look-ahead pass's one-sample step (for a last sample left over) as t<k>.
 */
function passesModule(c: Cascade, passes: readonly Pass[]): Uint8Array {
  const params: ValueType[] = [I32, I32, I32, I32];
  const functions = passes.flatMap((p, k): FunctionSpec[] => {
    const step = { name: `p${k}`, params, results: [], ...passCode(c.firstOrder, p.lo, p.hi, k === 0) };
    if (!isLookAhead(c, p)) return [step];
    return [{ ...step, ...lookAheadCode(p.lo, k === 0) }, { ...step, name: `t${k}` }];
  });
  return moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions });
}

type PassFunction = (pA: number, pB: number, endA: number, step: number) => void;

interface PassesKernel {
  readonly memory: WasmMemory;
  /** Per pass: its function, and for a look-ahead pass the one-sample step. */
  readonly passes: readonly { readonly run: PassFunction; readonly tail: PassFunction | null }[];
}

/** Compiled kernels by cascade ('1' first, '2' second order per section) and passes, null where wasm SIMD is unavailable. */
const kernels = new Map<string, PassesKernel | null>();

function passesKernel(c: Cascade, passes: readonly Pass[]): PassesKernel | null {
  const key = `${c.firstOrder.map((f) => (f ? '1' : '2')).join('')}:${passes.map((p) => `${p.lo}-${p.hi}${p.step}`).join(',')}`;
  let kernel = kernels.get(key);
  if (kernel === undefined) {
    const instance = kernelInstance(passesModule(c, passes));
    kernel =
      instance === null
        ? null
        : {
            memory: instance.memory,
            passes: passes.map((_, k) => ({ run: instance.exports[`p${k}`] as PassFunction, tail: (instance.exports[`t${k}`] as PassFunction | undefined) ?? null })),
          };
    kernels.set(key, kernel);
  }
  return kernel;
}

/**
 * Copies n samples from src at `from` into dst at `to`: element by element for a few (a subarray and a
 * set cost more than the copy for a short run between NaN samples), else as one block.
 */
function copy(src: Float32Array, from: number, dst: Float32Array, to: number, n: number): void {
  if (n > 64) {
    dst.set(src.subarray(from, from + n), to);
    return;
  }
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i]!;
}

/**
 * runPasses on two leads of one length at once, set up once per filtering call (kernel, coefficients
 * in its memory, views of the memory) and then run over any number of runs: each run pays only for
 * its samples, start states and kernel calls.
 */
export class PassesPair {
  private f64: Float64Array;
  private f32: Float32Array;

  private constructor(
    private readonly c: Cascade,
    private readonly passes: readonly Pass[],
    private readonly kernel: PassesKernel,
  ) {
    // The memory has at least the one page it was made with: room for the coefficients and states.
    this.f64 = new Float64Array(kernel.memory.buffer);
    this.f32 = new Float32Array(kernel.memory.buffer);
    this.f64.set(c.coef, COEF_OFFSET / 8);
  }

  /** Null where the kernel is unavailable (no wasm SIMD, or more than MAX_SECTIONS sections): the caller then runs runPasses. */
  static of(c: Cascade, passes: readonly Pass[]): PassesPair | null {
    if (c.firstOrder.length > MAX_SECTIONS) return null;
    const kernel = passesKernel(c, passes);
    return kernel === null ? null : new PassesPair(c, passes, kernel);
  }

  /**
   * runPasses on srcA, srcB into dstA, dstB over [from, to) (a lead may be given as both A and B,
   * sources may be their destinations): bit 1 of the result when srcA has a NaN or infinity there, bit
   * 2 when srcB has; with `stopIfNonFinite` the other passes are then not run (the outputs are
   * meaningless). A run too long to stay in the memory, or one the memory cannot grow to hold, goes
   * through it in blocks; null, with nothing written, when the memory cannot even hold the blocks: the
   * caller then runs runPasses.
   */
  run(srcA: Float32Array, srcB: Float32Array, dstA: Float32Array, dstB: Float32Array, from: number, to: number, stopIfNonFinite: boolean): number | null {
    const n = to - from;
    if (n <= 0) return 0;
    const both = srcA === srcB && dstA === dstB;
    const lanes = both ? 1 : 2;
    const resident = n <= RESIDENT && this.reserve(DATA_OFFSET + 4 * n * lanes);
    if (!resident && !this.reserve(DATA_OFFSET + 4 * BLOCK * lanes)) return null;
    const a = DATA_OFFSET / 4;
    const b = both ? a : a + (resident ? n : BLOCK);
    const f32 = this.f32;
    this.f64[FINITE_OFFSET / 8] = 0;
    this.f64[FINITE_OFFSET / 8 + 1] = 0;
    if (resident) {
      copy(srcA, from, f32, a, n);
      if (!both) copy(srcB, from, f32, b, n);
      for (let k = 0; k < this.passes.length; k++) {
        const first = this.passes[k]!.step === 1 ? 0 : n - 1;
        this.start(k, f32[a + first]!, f32[b + first]!);
        this.runPass(k, a, b, n);
        if (k === 0 && stopIfNonFinite && this.nonFinite() !== 0) return this.nonFinite();
      }
      copy(f32, a, dstA, from, n);
      if (!both) copy(f32, b, dstB, from, n);
      return this.nonFinite();
    }
    for (let k = 0; k < this.passes.length; k++) {
      const inA = k === 0 ? srcA : dstA;
      const inB = k === 0 ? srcB : dstB;
      const first = this.passes[k]!.step === 1 ? from : to - 1;
      this.start(k, inA[first]!, inB[first]!);
      for (let done = 0; done < n; done += BLOCK) {
        const len = Math.min(BLOCK, n - done);
        const at = this.passes[k]!.step === 1 ? from + done : to - done - len;
        f32.set(inA.subarray(at, at + len), a);
        if (!both) f32.set(inB.subarray(at, at + len), b);
        this.runPass(k, a, b, len);
        dstA.set(f32.subarray(a, a + len), at);
        if (!both) dstB.set(f32.subarray(b, b + len), at);
      }
      if (k === 0 && stopIfNonFinite && this.nonFinite() !== 0) break;
    }
    return this.nonFinite();
  }

  /** Grows the memory to `bytes` if it has less, and views it again if it grew; false when it cannot grow. */
  private reserve(bytes: number): boolean {
    if (bytes <= this.f32.byteLength) return true;
    if (!reserveBytes(this.kernel.memory, bytes)) return false;
    this.f64 = new Float64Array(this.kernel.memory.buffer);
    this.f32 = new Float32Array(this.kernel.memory.buffer);
    return true;
  }

  private nonFinite(): number {
    const finite = FINITE_OFFSET / 8;
    return (this.f64[finite] === 0 ? 0 : 1) | (this.f64[finite + 1] === 0 ? 0 : 2);
  }

  /** Start states of pass k from its first input samples xA, xB. */
  private start(k: number, xA: number, xB: number): void {
    const { lo, hi } = this.passes[k]!;
    passStartStates(this.c, lo, hi, xA, this.f64, STATE_OFFSET / 8, 4);
    passStartStates(this.c, lo, hi, xB, this.f64, STATE_OFFSET / 8 + 1, 4);
  }

  /** Runs pass k over samples [0, len) of the leads at f32 indices a, b (a look-ahead pass: pairs, then a last one left over). */
  private runPass(k: number, a: number, b: number, len: number): void {
    const { run, tail } = this.kernel.passes[k]!;
    const step = this.passes[k]!.step === 1 ? 4 : -4;
    const origin = this.passes[k]!.step === 1 ? 0 : len - 1; // the pass's first sample
    const even = tail === null ? len : len - (len % 2);
    if (even > 0) run(4 * (a + origin), 4 * (b + origin), 4 * (a + origin) + step * even, step);
    if (even < len) tail!(4 * (a + origin) + step * even, 4 * (b + origin) + step * even, 4 * (a + origin) + step * len, step);
  }
}
