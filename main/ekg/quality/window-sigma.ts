// Robust sigma (1.4826 x median |band|, Hampel 1974) of each analysis window, computed only where a rule
// needs its value. The quality rules mostly ask whether it exceeds a threshold, and that is answered
// exactly by counting the samples above it, which costs a fraction of a median (a quickselect).
import { selectKth } from './select.ts';

/** Robust sigma of a zero-mean Gaussian from its median absolute value (1 / Phi^-1(3/4)). */
const MAD_TO_SIGMA = 1.4826;

export class WindowSigma {
  /** Sigma per window once computed; `known` says which are. */
  private readonly sigma: Float64Array;
  private readonly known: Uint8Array;

  /**
   * @param samples the |band| values of window w at [w * perWindow, w * perWindow + count[w]) (reordered in place by `at`)
   * @param count how many values each window holds (0 = no data: sigma NaN)
   */
  constructor(
    private readonly samples: Float32Array,
    private readonly perWindow: number,
    private readonly count: Int32Array,
  ) {
    this.sigma = new Float64Array(count.length);
    this.known = new Uint8Array(count.length);
  }

  get windows(): number {
    return this.count.length;
  }

  /** Sigma of window w (mV), NaN where the window holds no data. */
  at(w: number): number {
    if (this.known[w] === 1) return this.sigma[w]!;
    const m = this.count[w]!;
    const from = w * this.perWindow;
    const s = m > 0 ? MAD_TO_SIGMA * selectKth(this.samples, from, from + m, m >> 1) : Number.NaN;
    this.sigma[w] = s;
    this.known[w] = 1;
    return s;
  }

  /**
   * Whether at(w) > thresholdMv, without computing the median: x -> 1.4826 x is monotone, so the median
   * (rank m >> 1 of m) maps above the threshold exactly when at least m - (m >> 1) values do.
   */
  exceeds(w: number, thresholdMv: number): boolean {
    if (this.known[w] === 1) return this.sigma[w]! > thresholdMv;
    const m = this.count[w]!;
    if (m === 0) return false;
    const from = w * this.perWindow;
    let above = 0;
    for (let i = from; i < from + m; i++) if (MAD_TO_SIGMA * this.samples[i]! > thresholdMv) above++;
    return above >= m - (m >> 1);
  }
}
