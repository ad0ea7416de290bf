import { CART_CHANNEL_COUNT, type ElectrodeMask } from '../../../drivers/protocols/cart/types.ts';

/**
 * The last `capacity` sample instants of raw counts, by absolute session sample index, with
 * which ones arrived and their lead-off masks. Auto-capture takes its 10 s from here.
 */
export class CountsRing {
  private readonly counts: Int32Array;
  private readonly valid: Uint8Array;
  private readonly leadOff: Uint16Array;
  /** One past the highest absolute index written. */
  private endAbs = 0;

  constructor(readonly capacity: number) {
    this.counts = new Int32Array(capacity * CART_CHANNEL_COUNT);
    this.valid = new Uint8Array(capacity);
    this.leadOff = new Uint16Array(capacity);
  }

  get end(): number {
    return this.endAbs;
  }

  put(abs: number, counts: Int32Array, leadOff: ElectrodeMask): void {
    if (abs < this.endAbs - this.capacity) return;
    // Slots skipped over (a gap) are cleared so stale samples never reappear as valid.
    for (let a = Math.max(this.endAbs, abs - this.capacity + 1); a < abs; a++) this.valid[a % this.capacity] = 0;
    const slot = abs % this.capacity;
    this.counts.set(counts, slot * CART_CHANNEL_COUNT);
    this.valid[slot] = 1;
    this.leadOff[slot] = leadOff;
    this.endAbs = Math.max(this.endAbs, abs + 1);
  }

  /** Marks [from, to) as missing (a gap, or a stream restart). */
  skipTo(abs: number): void {
    for (let a = Math.max(this.endAbs, abs - this.capacity); a < abs; a++) this.valid[a % this.capacity] = 0;
    this.endAbs = Math.max(this.endAbs, abs);
  }

  /** Whether [from, to) is inside the ring, fully received, and free of lead-off. */
  clean(from: number, to: number): boolean {
    if (from < this.endAbs - this.capacity || to > this.endAbs || from < 0) return false;
    for (let a = from; a < to; a++) {
      const s = a % this.capacity;
      if (!this.valid[s] || this.leadOff[s]) return false;
    }
    return true;
  }

  /** Copies [from, to) out: per-sample counts (8 per instant), valid and lead-off. */
  read(from: number, to: number, visit: (abs: number, counts: Int32Array, valid: boolean, leadOff: ElectrodeMask) => void): void {
    const tmp = new Int32Array(CART_CHANNEL_COUNT);
    for (let a = Math.max(from, this.endAbs - this.capacity); a < to && a < this.endAbs; a++) {
      const s = a % this.capacity;
      tmp.set(this.counts.subarray(s * CART_CHANNEL_COUNT, (s + 1) * CART_CHANNEL_COUNT));
      visit(a, tmp, this.valid[s] === 1, this.leadOff[s]!);
    }
  }
}
