import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code, F64, I32, moduleBytes, Op, Simd, sleb, uleb, V128, VOID_BLOCK } from '../../../../main/ekg/wasm/emit.ts';
import { compile, instantiate, type WasmInstance } from '../../../../main/ekg/wasm/runtime.ts';

const load = (bytes: Uint8Array, module: string, name: string, pages: number): WasmInstance => instantiate(compile(bytes)!, module, name, pages)!;

/** LEB128 decoding as the spec defines it (independent of the encoder). */
function decode(bytes: number[], signed: boolean): number {
  let result = 0n;
  let shift = 0n;
  for (const b of bytes) {
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) {
      if (signed && (b & 0x40) !== 0) result -= 1n << shift;
      return Number(result);
    }
  }
  throw new Error('unterminated LEB128');
}

describe('LEB128', () => {
  it('encodes the spec and Wikipedia examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('decodes back to the value, in at most 5 bytes, the last without the continuation bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const b = uleb(n);
        return decode(b, false) === n && b.length <= 5 && b.every((x, i) => (x & 0x80) === (i < b.length - 1 ? 0x80 : 0));
      }),
    );
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => decode(sleb(n), true) === n && sleb(n).length <= 5));
  });

  it('refuses values outside u32 / i32 with a RangeError', () => {
    for (const n of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => uleb(n)).toThrow(RangeError);
    for (const n of [2 ** 31, -(2 ** 31) - 1, 0.5]) expect(() => sleb(n)).toThrow(RangeError);
  });
});

describe('moduleBytes', () => {
  it('writes a module the engine validates and runs: scalar arithmetic, locals and a loop', () => {
    // sum(n) = 0 + 1 + ... + (n - 1), with a loop, an i32 local and a branch.
    const c = new Code()
      .op(Op.block, VOID_BLOCK)
      .get(0)
      .op(Op.i32Eqz, Op.brIf, 0)
      .op(Op.loop, VOID_BLOCK)
      .get(0).i32(1).op(Op.i32Sub).tee(0)
      .get(1).op(Op.i32Add).set(1)
      .get(0).op(Op.brIf, 0)
      .op(Op.end, Op.end)
      .get(1);
    const bytes = moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'sum', params: [I32], results: [I32], locals: [I32], code: c }] });
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(compile(bytes)).not.toBeNull();
    const wasm = load(bytes, 'env', 'memory', 1);
    const sum = wasm.exports['sum'] as (n: number) => number;
    expect([0, 1, 2, 10, 1000].map(sum)).toEqual([0, 0, 1, 45, 499500]);
  });

  it('SIMD: lanes from two f32 loads, f64x2 arithmetic, pmin/pmax, fround by demote/promote, lane stores, masks', () => {
    // f(pA, pB, out) with x = (f32 at pA, f32 at pB) as f64x2 writes at out: x * 0.1 + -7.25, pmin(x, 0.5),
    // pmax(x, 0.5) (f64 pairs), |fround(x - 3)| (two f32), x where x = 0.5 else 9; returns whether a lane is NaN.
    const X = 3;
    const A = 4;
    const splat = (c: Code, v: number) => c.f64(v).simd(Simd.f64x2Splat);
    const c = new Code();
    c.get(1).get(0).simdMem(Simd.load32Zero, 2, 0).simdLane(Simd.load32Lane, 2, 0, 1).simd(Simd.f64x2PromoteLowF32x4).set(X);
    splat(c.get(2).get(X), 0.1).simd(Simd.f64x2Mul);
    splat(c, -7.25).simd(Simd.f64x2Add).simdMem(Simd.v128Store, 4, 0);
    splat(c.get(2).get(X), 0.5).simd(Simd.f64x2Pmin).simdMem(Simd.v128Store, 4, 16);
    splat(c.get(2).get(X), 0.5).simd(Simd.f64x2Pmax).simdMem(Simd.v128Store, 4, 32);
    splat(c.get(X), 3).simd(Simd.f64x2Sub).simd(Simd.f32x4DemoteF64x2Zero).simd(Simd.f32x4Abs).set(A);
    c.get(2).get(A).simdLane(Simd.store32Lane, 2, 48, 0).get(2).get(A).simdLane(Simd.store32Lane, 2, 52, 1);
    splat(splat(c.get(2).get(X), 9).get(X), 0.5).simd(Simd.f64x2Eq).simd(Simd.v128Bitselect).simdMem(Simd.v128Store, 4, 64);
    c.get(X).get(X).simd(Simd.f64x2Ne).simd(Simd.v128AnyTrue);
    const bytes = moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'f', params: [I32, I32, I32], results: [I32], locals: [V128, V128], code: c }] });
    const wasm = load(bytes, 'env', 'memory', 1);
    const f = wasm.exports['f'] as (pA: number, pB: number, out: number) => number;
    const f32 = new Float32Array(wasm.memory.buffer);
    const f64 = new Float64Array(wasm.memory.buffer);
    const cases: [number, number][] = [[0.3, 0.7], [Number.NaN, 0.5], [-0, 1e-40], [3.0000001, -1e30], [0.5, Number.POSITIVE_INFINITY]];
    for (const [a, b] of cases) {
      f32[0] = a;
      f32[1] = b;
      const anyNaN = f(0, 4, 128);
      const lanes = [Math.fround(a), Math.fround(b)];
      const expected = [
        ...lanes.map((x) => x * 0.1 + -7.25),
        ...lanes.map((x) => (0.5 < x ? 0.5 : x)),
        ...lanes.map((x) => (x < 0.5 ? 0.5 : x)),
      ];
      expect([...f64.subarray(16, 22)].map((v) => Object.is(v, expected.shift()))).toEqual([true, true, true, true, true, true]);
      expect([...f32.subarray(44, 46)]).toEqual(lanes.map((x) => Math.abs(Math.fround(x - 3))));
      expect([...f64.subarray(24, 26)]).toEqual(lanes.map((x) => (x === 0.5 ? x : 9)));
      expect(anyNaN).toBe(lanes.some((x) => Number.isNaN(x)) ? 1 : 0);
    }
  });

  it('groups equal local types and the engine accepts several functions, F64 locals included', () => {
    const c = new Code().f64(2.5).set(1).get(1).get(0).op(0xa2); // f64.mul
    const bytes = moduleBytes({ memory: { module: 'm', name: 'mem', minPages: 2 }, functions: [
      { name: 'twice', params: [F64], results: [F64], locals: [F64, I32, I32, V128], code: c },
      { name: 'seven', params: [], results: [I32], locals: [], code: new Code().i32(7) },
    ] });
    const wasm = load(bytes, 'm', 'mem', 2);
    expect(wasm.memory.buffer.byteLength).toBe(2 * 65536);
    expect((wasm.exports['twice'] as (x: number) => number)(3)).toBe(7.5);
    expect((wasm.exports['seven'] as () => number)()).toBe(7);
  });

  it('compile answers null for bytes the engine refuses', () => {
    expect(compile(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0))).toBeNull();
    const bad = moduleBytes({ memory: { module: 'env', name: 'memory', minPages: 1 }, functions: [{ name: 'f', params: [], results: [I32], locals: [], code: new Code().f64(1) }] });
    expect(compile(bad)).toBeNull();
  });
});
