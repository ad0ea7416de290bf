// The runtime's memory growth: a memory that cannot grow says so instead of throwing, so the kernels' callers run JavaScript.
import { describe, expect, it } from 'vitest';
import { reserveBytes } from '../../../../main/ekg/wasm/runtime.ts';

describe('reserveBytes', () => {
  it('grows a memory to the bytes asked, and answers false where it cannot grow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 });
    expect(reserveBytes(memory, 1000)).toBe(true);
    expect(memory.buffer.byteLength).toBe(65536);
    expect(reserveBytes(memory, 65536 * 2 + 1)).toBe(true);
    expect(memory.buffer.byteLength).toBe(65536 * 3);
    expect(reserveBytes(memory, 65536 * 3 + 1)).toBe(false);
    expect(memory.buffer.byteLength).toBe(65536 * 3);
  });
});
