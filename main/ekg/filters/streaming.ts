// Causal, stateful filtering of a live stream chunk by chunk. State survives between chunks so the
// output does not depend on how the stream was cut; reset() starts over. A NaN (missing data) passes
// through as NaN. Over a bridged gap (a frame or two lost, gaps.ts) the filter runs as if the last
// valid sample had come again, so the trace after it goes on where it was; after a longer gap it
// restarts from the steady state of the next valid sample. Restarted at every lost frame, the 0.05 Hz
// high-pass took the sample after the gap for the baseline, wherever on the complex it fell, and the
// trace jumped by up to the height of that wave.
import { bridgedGapSamples } from '../gaps.ts';
import { FilterDesignError, type FilterDesign } from './design.ts';
import { restState } from './sections.ts';

export class StreamingFilter {
  readonly fsHz: number;
  private readonly sos: Float64Array;
  /** z1, z2 per section. */
  private readonly state: Float64Array;
  /** 1 while a section waits for a valid sample to start from. */
  private readonly needInit: Uint8Array;
  private readonly bridgeLen: number;
  /** The last valid input, and the missing inputs in a row up to now. */
  private lastInput = 0;
  private gapRun = 0;
  /** Which samples of the chunk being filtered are missing (output may overwrite input). */
  private missing = new Uint8Array(0);

  constructor(designs: readonly FilterDesign[]) {
    const first = designs[0];
    if (first === undefined) throw new FilterDesignError('a filter needs at least one design');
    for (const d of designs) {
      if (d.form !== 'causal') throw new FilterDesignError('streaming filtering needs causal designs');
      if (d.fsHz !== first.fsHz) throw new FilterDesignError('designs of one filter must share the sampling rate');
    }
    this.fsHz = first.fsHz;
    const total = designs.reduce((n, d) => n + d.sos.length, 0);
    this.sos = new Float64Array(total);
    let o = 0;
    for (const d of designs) {
      this.sos.set(d.sos, o);
      o += d.sos.length;
    }
    this.state = new Float64Array((total / 5) * 2);
    this.needInit = new Uint8Array(total / 5).fill(1);
    this.bridgeLen = bridgedGapSamples(this.fsHz);
  }

  reset(): void {
    this.state.fill(0);
    this.needInit.fill(1);
    this.lastInput = 0;
    this.gapRun = 0;
  }

  /** Filters `input` into `output` (same length; they may be the same array). */
  process(input: Float32Array, output: Float32Array): void {
    if (output.length !== input.length) throw new FilterDesignError('output length must equal input length');
    const sos = this.sos;
    const state = this.state;
    const n = input.length;
    if (this.missing.length < n) this.missing = new Uint8Array(n);
    const missing = this.missing;
    for (let i = 0; i < n; i++) missing[i] = Number.isNaN(input[i]!) ? 1 : 0;
    // The first section bridges short gaps on the last valid input, so the sections after it see
    // the same values as for a stream where that sample came again; the gaps go back in at the end.
    let last = this.lastInput;
    let gapRun = this.gapRun;
    for (let s = 0, k = 0; k + 4 < sos.length; s++, k += 5) {
      const src = s === 0 ? input : output;
      const b0 = sos[k]!;
      const b1 = sos[k + 1]!;
      const b2 = sos[k + 2]!;
      const a1 = sos[k + 3]!;
      const a2 = sos[k + 4]!;
      let z1 = state[2 * s]!;
      let z2 = state[2 * s + 1]!;
      let waiting = this.needInit[s] === 1;
      for (let i = 0; i < n; i++) {
        let xi = src[i]!;
        if (Number.isNaN(xi)) {
          if (s > 0 || waiting || ++gapRun > this.bridgeLen) {
            output[i] = Number.NaN;
            waiting = true;
            continue;
          }
          xi = last;
        } else if (s === 0) {
          gapRun = 0;
          last = xi;
        }
        if (waiting) {
          [z1, z2] = restState(sos, k, xi);
          waiting = false;
        }
        const y = b0 * xi + z1;
        z1 = b1 * xi - a1 * y + z2;
        z2 = b2 * xi - a2 * y;
        output[i] = y;
      }
      state[2 * s] = z1;
      state[2 * s + 1] = z2;
      this.needInit[s] = waiting ? 1 : 0;
    }
    this.lastInput = last;
    this.gapRun = gapRun;
    for (let i = 0; i < n; i++) if (missing[i] === 1) output[i] = Number.NaN;
  }
}
