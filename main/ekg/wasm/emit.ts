// A small WebAssembly binary writer: enough to hand-assemble numeric kernels (functions over an
// imported memory, with 128-bit SIMD), since no wasm toolchain is part of the build.
// Encoding: WebAssembly Core Specification 2.0, chapter 5 "Binary Format" (LEB128 integers, sections
// type 1 / import 2 / function 3 / export 7 / code 10; SIMD instructions are 0xFD then a LEB128 sub-opcode).

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Block type of a block, loop or if that leaves no value. */
export const VOID_BLOCK = 0x40;

/** One-byte instructions used by the kernels and the emitter's tests. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  return: 0x0f,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Shl: 0x74,
  i64ExtendI32U: 0xad,
} as const;

/** SIMD sub-opcodes (after the 0xFD prefix). */
export const Simd = {
  v128Load: 0x00,
  load32Splat: 0x09,
  load64Splat: 0x0a,
  v128Store: 0x0b,
  i64x2Splat: 0x12,
  f64x2Splat: 0x14,
  f64x2Eq: 0x47,
  f64x2Ne: 0x48,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Ge: 0x4c,
  v128And: 0x4e,
  v128Bitselect: 0x52,
  v128AnyTrue: 0x53,
  load32Lane: 0x56,
  store8Lane: 0x58,
  store32Lane: 0x5a,
  load32Zero: 0x5c,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Abs: 0xe0,
  f64x2Abs: 0xec,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
} as const;

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uleb: ${n} is not a u32`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of an integer in the i32 range. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`sleb: ${n} is not an i32`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    // Done once the rest is all sign: 0 with bit 6 clear, or -1 with bit 6 set.
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A function body being written, instruction by instruction. */
export class Code {
  readonly bytes: number[] = [];

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  get(local: number): this {
    return this.op(Op.localGet, ...uleb(local));
  }

  set(local: number): this {
    return this.op(Op.localSet, ...uleb(local));
  }

  tee(local: number): this {
    return this.op(Op.localTee, ...uleb(local));
  }

  i32(value: number): this {
    return this.op(Op.i32Const, ...sleb(value));
  }

  f64(value: number): this {
    // Wasm immediates are little-endian whatever the host's byte order (a Float64Array's is the host's).
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.op(Op.f64Const, ...bytes);
  }

  /** A SIMD instruction without immediates. */
  simd(sub: number): this {
    return this.op(0xfd, ...uleb(sub));
  }

  /** A SIMD memory instruction: memarg = log2 alignment, constant offset (bytes). */
  simdMem(sub: number, alignLog2: number, offset: number): this {
    return this.op(0xfd, ...uleb(sub), ...uleb(alignLog2), ...uleb(offset));
  }

  /** A SIMD lane load or store: memarg then the lane index. */
  simdLane(sub: number, alignLog2: number, offset: number, lane: number): this {
    return this.op(0xfd, ...uleb(sub), ...uleb(alignLog2), ...uleb(offset), lane);
  }
}

export interface FunctionSpec {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** Locals after the parameters, numbered from params.length on. */
  readonly locals: readonly ValueType[];
  /** The instructions, without the final `end` (added here). */
  readonly code: Code;
}

export interface ModuleSpec {
  /** The memory the module imports as (module, name), with its minimum size in 64 KiB pages. */
  readonly memory: { readonly module: string; readonly name: string; readonly minPages: number };
  readonly functions: readonly FunctionSpec[];
}

const vector = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => {
  const bytes = [...s].map((c) => c.charCodeAt(0));
  if (bytes.some((b) => b > 0x7f)) throw new RangeError('wasm names here are ASCII');
  return [...uleb(bytes.length), ...bytes];
};
const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];

/** Runs of equal types, as the code section declares locals. */
function localGroups(locals: readonly ValueType[]): number[][] {
  const groups: number[][] = [];
  let k = 0;
  while (k < locals.length) {
    let run = 1;
    while (k + run < locals.length && locals[k + run] === locals[k]) run++;
    groups.push([...uleb(run), locals[k]!]);
    k += run;
  }
  return groups;
}

/** The binary module: one type per function, the imported memory, every function exported by its name. */
export function moduleBytes(spec: ModuleSpec): Uint8Array {
  const types = spec.functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const memoryImport = [...name(spec.memory.module), ...name(spec.memory.name), 0x02, 0x00, ...uleb(spec.memory.minPages)];
  const functionTypes = spec.functions.map((_, k) => uleb(k));
  const exports = spec.functions.map((f, k) => [...name(f.name), 0x00, ...uleb(k)]);
  const bodies = spec.functions.map((f) => {
    const body = [...vector(localGroups(f.locals)), ...f.code.bytes, Op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functionTypes)),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
