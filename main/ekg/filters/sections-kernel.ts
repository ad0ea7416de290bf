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
 * runPasses on two leads of one length at once (srcA, srcB into dstA, dstB; a lead may be given as both
 * A and B, sources may be their destinations): bit 1 of the result when srcA has a NaN or infinity in
 * [from, to), bit 2 when srcB has; with `stopIfNonFinite` the other passes are then not run (the outputs
 * are meaningless). Null, with nothing written, where the kernel is unavailable (no wasm SIMD, more than
 * MAX_SECTIONS sections, or a memory that cannot grow): the caller then runs runPasses.
 */
export function runPassesPair(
  c: Cascade,
  passes: readonly Pass[],
  srcA: Float32Array,
  srcB: Float32Array,
  dstA: Float32Array,
  dstB: Float32Array,
  from: number,
  to: number,
  stopIfNonFinite: boolean,
): number | null {
  if (c.firstOrder.length > MAX_SECTIONS) return null;
  const kernel = passesKernel(c, passes);
  const n = to - from;
  const resident = n <= RESIDENT;
  const both = srcA === srcB && dstA === dstB;
  const span = resident ? n : BLOCK;
  if (kernel === null || !reserveBytes(kernel.memory, DATA_OFFSET + 4 * span * (both ? 1 : 2))) return null;
  if (n <= 0) return 0;
  const f64 = new Float64Array(kernel.memory.buffer);
  const f32 = new Float32Array(kernel.memory.buffer);
  f64.set(c.coef, COEF_OFFSET / 8);
  const a = DATA_OFFSET / 4;
  const b = both ? a : a + span;
  const finite = FINITE_OFFSET / 8;
  f64.fill(0, finite, finite + 2);
  const nonFinite = () => (f64[finite] === 0 ? 0 : 1) | (f64[finite + 1] === 0 ? 0 : 2);
  /** Start states of pass p from its first input samples xA, xB. */
  const start = (p: Pass, xA: number, xB: number) => {
    passStartStates(c, p.lo, p.hi, xA, f64, STATE_OFFSET / 8, 4);
    passStartStates(c, p.lo, p.hi, xB, f64, STATE_OFFSET / 8 + 1, 4);
  };
  /** Runs pass k over samples [0, len) of the memory's leads (a look-ahead pass: pairs, then a last one left over). */
  const run = (k: number, len: number) => {
    const { run: f, tail } = kernel.passes[k]!;
    const even = tail === null ? len : len - (len % 2);
    const [d, s] = passes[k]!.step === 1 ? [0, 4] : [len - 1, -4];
    if (even > 0) f(4 * (a + d), 4 * (b + d), 4 * (a + d) + s * even, s);
    if (even < len) tail!(4 * (a + d) + s * even, 4 * (b + d) + s * even, 4 * (a + d) + s * len, s);
  };
  if (resident) {
    f32.set(srcA.subarray(from, to), a);
    if (!both) f32.set(srcB.subarray(from, to), b);
    for (const [k, p] of passes.entries()) {
      const first = p.step === 1 ? 0 : n - 1;
      start(p, f32[a + first]!, f32[b + first]!);
      run(k, n);
      if (k === 0 && stopIfNonFinite && nonFinite() !== 0) return nonFinite();
    }
    dstA.set(f32.subarray(a, a + n), from);
    if (!both) dstB.set(f32.subarray(b, b + n), from);
    return nonFinite();
  }
  for (const [k, p] of passes.entries()) {
    const inA = k === 0 ? srcA : dstA;
    const inB = k === 0 ? srcB : dstB;
    const first = p.step === 1 ? from : to - 1;
    start(p, inA[first]!, inB[first]!);
    for (let done = 0; done < n; done += BLOCK) {
      const len = Math.min(BLOCK, n - done);
      const at = p.step === 1 ? from + done : to - done - len;
      f32.set(inA.subarray(at, at + len), a);
      if (!both) f32.set(inB.subarray(at, at + len), b);
      run(k, len);
      dstA.set(f32.subarray(a, a + len), at);
      if (!both) dstB.set(f32.subarray(b, b + len), at);
    }
    if (k === 0 && stopIfNonFinite && nonFinite() !== 0) break;
  }
  return nonFinite();
}
