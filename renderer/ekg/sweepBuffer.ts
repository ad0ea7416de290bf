/**
 * Fixed-size per-lead ring buffers for the live sweep: samples are written here as they arrive
 * (outside React), and the canvas reads them on each animation frame. No allocation per sample.
 */
export class SweepBuffer {
  readonly leads: readonly string[];
  readonly fsHz: number;
  readonly capacity: number;
  private readonly data: Float32Array[];
  /** Total samples written per lead since start (monotonic); the write position is written % capacity. */
  written = 0;

  constructor(leads: readonly string[], fsHz: number, seconds: number) {
    this.leads = leads;
    this.fsHz = fsHz;
    this.capacity = Math.round(fsHz * seconds);
    this.data = leads.map(() => new Float32Array(this.capacity).fill(Number.NaN));
  }

  /** Appends one block: `block[lead][i]` in mV (NaN = missing; drawn as a gap, never joined). */
  push(block: readonly Float32Array[]): void {
    const n = block[0]?.length ?? 0;
    for (let l = 0; l < this.data.length; l++) {
      const src = block[l];
      const dst = this.data[l]!;
      for (let i = 0; i < n; i++) dst[(this.written + i) % this.capacity] = src?.[i] ?? Number.NaN;
    }
    this.written += n;
  }

  lead(index: number): Float32Array {
    return this.data[index]!;
  }
}
