// The WebAssembly API as the kernels use it. The pure tsconfig has no DOM lib (where `WebAssembly` is
// declared) and the main one has it, so an ambient declaration would clash with one of them: the global
// is read through globalThis with the few members used, typed here.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `deltaPages` 64 KiB pages; the old `buffer` is detached. */
  grow(deltaPages: number): number;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
}

export interface WasmInstance {
  readonly memory: WasmMemory;
  readonly exports: Record<string, unknown>;
}

/** A compiled module, to instantiate as many times as needed. */
export interface WasmModule {
  readonly api: WasmApi;
  readonly module: object;
}

/**
 * Compiles `bytes` synchronously (the modules are small). Null where the engine has no WebAssembly or
 * refuses the module: no SIMD support, or a content security policy without 'wasm-unsafe-eval'.
 */
export function compile(bytes: Uint8Array): WasmModule | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return { api, module: new api.Module(bytes) };
  } catch {
    return null;
  }
}

/**
 * An instance of `compiled` with a fresh memory of `minPages` 64 KiB pages, imported as (memoryModule,
 * memoryName); null when the engine cannot allocate the memory (each wasm memory reserves address space).
 */
export function instantiate(compiled: WasmModule, memoryModule: string, memoryName: string, minPages: number): WasmInstance | null {
  try {
    const memory = new compiled.api.Memory({ initial: minPages });
    const instance = new compiled.api.Instance(compiled.module, { [memoryModule]: { [memoryName]: memory } });
    return { memory, exports: instance.exports };
  } catch {
    return null;
  }
}

/** compile then instantiate with one page of memory imported as env.memory: a kernel's one per-process instance. */
export function kernelInstance(bytes: Uint8Array): WasmInstance | null {
  const compiled = compile(bytes);
  return compiled === null ? null : instantiate(compiled, 'env', 'memory', 1);
}

/**
 * Grows `memory` to at least `bytes`; false when it cannot grow (Memory.grow throws a RangeError), so the
 * caller runs its JavaScript path instead. Views on the old buffer are detached by a growth.
 */
export function reserveBytes(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}
