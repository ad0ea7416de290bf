// Second-order sections with Float64 state (Oppenheim & Schafer, Discrete-Time Signal Processing, 3rd ed.,
// sec. 6.4: transposed direct form II), for the batch passes with the output substituted into the state
// update (Cascade below). Runs start from the steady state of their first sample (as SciPy's lfilter_zi)
// so that a DC offset does not ring through the high-pass.

/**
 * The state [z1, z2] of section k at rest at input level x0 (SciPy's lfilter_zi): output g x0,
 * z1 = (b1 + b2) x0 - (a1 + a2) g x0, z2 = b2 x0 - a2 g x0, g = the section's DC gain. The one
 * formula for every restart (batch passes, the streaming filter after a gap); the quality band pass
 * writes it out in its fused loop (quality/band-stats.ts).
 */
export function restState(sos: Float64Array, k: number, x0: number): [number, number] {
  const b1 = sos[k + 1]!;
  const b2 = sos[k + 2]!;
  const a1 = sos[k + 3]!;
  const a2 = sos[k + 4]!;
  const y0 = ((sos[k]! + b1 + b2) / (1 + a1 + a2)) * x0;
  return [(b1 + b2) * x0 - (a1 + a2) * y0, b2 * x0 - a2 * y0];
}

/**
 * A cascade of sections in the state-space form of its transposed direct form II: with the same state
 * (z1, z2), y = b0 u + z1, z1' = c1 u + z2 - a1 z1, z2' = c2 u - a2 z1, where c1 = b1 - a1 b0 and
 * c2 = b2 - a2 b0 (y substituted into z1' = b1 u - a1 y + z2 and z2' = b2 u - a2 y). The same filter,
 * values equal up to rounding, but the recursion from one z1 to the next is one multiply and one
 * subtraction instead of an add, a multiply and two more additions through y: it is latency that
 * bounds a section's loop.
 */
export interface Cascade {
  /** The designs' sections, [b0, b1, b2, a1, a2] each (for restState). */
  readonly sos: Float64Array;
  /** Per section [b0, c1, c2, a1, a2]. */
  readonly coef: Float64Array;
  /** Per section: first order (b2 = a2 = 0: z2 stays 0 and is left out). */
  readonly firstOrder: readonly boolean[];
  /** Per section: DC gain, to start the next section of a pass at rest at its own input level. */
  readonly dcGain: Float64Array;
}

export function cascadeOf(soses: readonly Float64Array[]): Cascade {
  const sos = new Float64Array(soses.reduce((n, s) => n + s.length - (s.length % 5), 0));
  let o = 0;
  for (const s of soses) {
    sos.set(s.subarray(0, s.length - (s.length % 5)), o);
    o += s.length - (s.length % 5);
  }
  const sections = sos.length / 5;
  const coef = new Float64Array(sos.length);
  const dcGain = new Float64Array(sections);
  const firstOrder: boolean[] = [];
  for (let s = 0, k = 0; s < sections; s++, k += 5) {
    const [b0, b1, b2, a1, a2] = [sos[k]!, sos[k + 1]!, sos[k + 2]!, sos[k + 3]!, sos[k + 4]!];
    coef.set([b0, b1 - a1 * b0, b2 - a2 * b0, a1, a2], k);
    dcGain[s] = (b0 + b1 + b2) / (1 + a1 + a2);
    firstOrder.push(b2 === 0 && a2 === 0);
  }
  return { sos, coef, firstOrder, dcGain };
}

/**
 * restState of section s at input level x0 with its DC gain taken from the cascade (the same
 * expression, so the same values) instead of divided out again: y0 = dcGain[s] x0, the section's rest
 * output and the next section's input level. Runs between NaN samples can be a few samples long, and
 * every pass of every run starts here.
 */
function restZ1(c: Cascade, s: number, x0: number, y0: number): number {
  return (c.sos[5 * s + 1]! + c.sos[5 * s + 2]!) * x0 - (c.sos[5 * s + 3]! + c.sos[5 * s + 4]!) * y0;
}

function restZ2(c: Cascade, s: number, x0: number, y0: number): number {
  return c.sos[5 * s + 2]! * x0 - c.sos[5 * s + 4]! * y0;
}

/**
 * Start states of sections [lo, hi) for a pass whose first input sample is x0: each section at rest at
 * its own input level (x0 times the DC gains before it), [z1, z2] per section into `out` from `at` on,
 * `stride` apart (z2 at z1's index + stride / 2).
 */
export function passStartStates(c: Cascade, lo: number, hi: number, x0: number, out: Float64Array, at: number, stride: number): void {
  let level = x0;
  for (let s = lo; s < hi; s++) {
    const y0 = c.dcGain[s]! * level;
    out[at + (s - lo) * stride] = restZ1(c, s, level, y0);
    out[at + (s - lo) * stride + stride / 2] = restZ2(c, s, level, y0);
    level = y0;
  }
}

/** Samples a pass keeps in its Float64 scratch between sections. */
const BLOCK = 2048;

/** A pass: sections [lo, hi) of a cascade, forward (step 1) or backward (step -1) over the samples. */
export interface Pass {
  readonly lo: number;
  readonly hi: number;
  readonly step: 1 | -1;
}

/**
 * A pass of one first-order section runs two samples a step, the state two samples on computed
 * directly (look-ahead: Parhi & Messerschmitt, IEEE Trans. ASSP 37:1099, 1989): z(n+2) = (c1 u(n+1) - a1 c1 u(n)) + a1^2 z(n),
 * z(n+1) = c1 u(n) - a1 z(n) only for y(n+1). Alone in its pass the section waits on its recursion
 * (a multiply and a subtraction per sample); this way, on one multiply and one addition per two. Pairs
 * from the pass's first sample on; a last sample left over runs the one-sample step.
 */
export function isLookAhead(c: Cascade, { lo, hi }: Pass): boolean {
  return hi - lo === 1 && c.firstOrder[lo] === true;
}

/** The Float64 buffers of runPasses: made once per filtering call and reused for every run. */
export interface PassScratch {
  /** [z1, z2] per section of the running pass. */
  readonly state: Float64Array;
  /** The samples of a block between sections. */
  readonly block: Float64Array;
}

export function passScratch(c: Cascade): PassScratch {
  return { state: new Float64Array(2 * c.dcGain.length), block: new Float64Array(BLOCK) };
}

/**
 * The passes in turn over [from, to): the first from `src` into `dst` (may be the same array), the
 * others on `dst`. The arithmetic of the WebAssembly kernel (sections-kernel.ts) in the same order, so
 * the same values. Returns whether src has a NaN or an infinity there; with `stopIfNonFinite` the other
 * passes are then not run. Allocates nothing (short runs between NaN samples come here by the
 * thousand).
 */
export function runPasses(
  c: Cascade,
  passes: readonly Pass[],
  src: Float32Array,
  dst: Float32Array,
  from: number,
  to: number,
  stopIfNonFinite: boolean,
  scratch: PassScratch,
): boolean {
  let nonFinite = false;
  for (let k = 0; k < passes.length; k++) {
    const t = runPass(c, passes[k]!, k === 0 ? src : dst, dst, from, to, scratch);
    if (k > 0) continue;
    nonFinite = t;
    if (t && stopIfNonFinite) break;
  }
  return nonFinite;
}

/**
 * One pass over [from, to) of `src` into `dst`, the values between sections kept in Float64: section by
 * section over blocks of BLOCK samples, the states kept in between (the start states as
 * passStartStates, made in the first block's section loop: for a run of a few samples, a round trip
 * of the states through memory costs a fifth of the run). Returns whether src has a NaN or an
 * infinity there (x - x is 0 only for a finite x).
 */
function runPass(c: Cascade, p: Pass, src: Float32Array, dst: Float32Array, from: number, to: number, { state, block: scratch }: PassScratch): boolean {
  const { lo, hi, step } = p;
  if (to <= from || hi <= lo) return false;
  let level = src[step === 1 ? from : to - 1]!; // the start level of the next section in the first block
  const lookAhead = isLookAhead(c, p);
  let nonFinite = 0;
  for (let done = 0; done < to - from; done += BLOCK) {
    const len = Math.min(BLOCK, to - from - done);
    const first = step === 1 ? from + done : to - 1 - done;
    for (let j = 0, i = first; j < len; j++, i += step) {
      const u = src[i]!;
      nonFinite += u - u;
      scratch[j] = u;
    }
    for (let s = lo; s < hi; s++) {
      const k = 5 * s;
      const b0 = c.coef[k]!;
      const c1 = c.coef[k + 1]!;
      const c2 = c.coef[k + 2]!;
      const a1 = c.coef[k + 3]!;
      const a2 = c.coef[k + 4]!;
      let z1: number;
      let z2: number;
      if (done === 0) {
        const y0 = c.dcGain[s]! * level;
        z1 = restZ1(c, s, level, y0);
        z2 = restZ2(c, s, level, y0);
        level = y0;
      } else {
        z1 = state[2 * (s - lo)]!;
        z2 = state[2 * (s - lo) + 1]!;
      }
      if (lookAhead) {
        // BLOCK is even: pairs never straddle two blocks, and only the run's last block can leave one over.
        const a1c1 = a1 * c1;
        const a1a1 = a1 * a1;
        let j = 0;
        for (; j + 1 < len; j += 2) {
          const u = scratch[j]!;
          const v = scratch[j + 1]!;
          scratch[j] = b0 * u + z1;
          scratch[j + 1] = b0 * v + (c1 * u - a1 * z1);
          z1 = c1 * v - a1c1 * u + a1a1 * z1;
        }
        if (j < len) {
          const u = scratch[j]!;
          scratch[j] = b0 * u + z1;
          z1 = c1 * u - a1 * z1;
        }
      } else if (c.firstOrder[s]) {
        for (let j = 0; j < len; j++) {
          const u = scratch[j]!;
          scratch[j] = b0 * u + z1;
          z1 = c1 * u - a1 * z1;
        }
      } else {
        for (let j = 0; j < len; j++) {
          const u = scratch[j]!;
          scratch[j] = b0 * u + z1;
          const t = c1 * u + z2;
          z2 = c2 * u - a2 * z1;
          z1 = t - a1 * z1;
        }
      }
      if (done + BLOCK >= to - from) continue; // the last block
      state[2 * (s - lo)] = z1;
      state[2 * (s - lo) + 1] = z2;
    }
    for (let j = 0, i = first; j < len; j++, i += step) dst[i] = scratch[j]!;
  }
  return nonFinite !== 0;
}
