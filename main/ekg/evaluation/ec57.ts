/**
 * AAMI EC57 beat-by-beat QRS detection scoring, as PhysioNet's `bxb` does it
 * (port of the matching loop of bemoody/wfdb app/bxb.c, G. Moody; AAMI EC38/EC57):
 * - a detection matches a reference beat within 150 ms, each annotation is used at most once,
 *   and when two candidates compete the closer one wins (bxb's "better match than the next" rule);
 * - scoring starts 5 minutes into the record (bxb's default `-f 5:0`);
 * - reference beats are the MIT beat codes only (N L R B A a J S V r F e j n E / f Q);
 *   rhythm, noise and other annotations are skipped;
 * - reference ventricular flutter/fibrillation episodes (`[` .. `]`) are excluded: reference
 *   annotations inside them are ignored and detections inside them are neither TP nor FP.
 * Not ported: AHA-style shutdown (NOISE subtype 0x30), which MIT-BIH references do not use.
 */

/** One reference annotation: sample index and MIT annotation code (e.g. 1 = N, 5 = V, 28 = rhythm). */
export interface Ec57Annotation {
  readonly sample: number;
  readonly code: number;
}

export interface Ec57Counts {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
}

export interface Ec57Result extends Ec57Counts {
  /** Sensitivity TP/(TP+FN) in percent; NaN when there is no reference beat. */
  readonly sePct: number;
  /** Positive predictivity TP/(TP+FP) in percent; NaN when there is no detection. */
  readonly ppvPct: number;
}

export interface Ec57Options {
  /** Start of the scored interval in seconds (EC57: 300 s). */
  readonly startSec?: number;
  /** Match window in seconds (EC57: 0.15 s; other values are not EC57 compliant). */
  readonly matchWindowSec?: number;
}

/** MIT annotation codes that bxb's isqrs() accepts as beats, minus LEARN (test-side only). */
export const MIT_BEAT_CODES: ReadonlySet<number> = new Set([
  1, // N normal
  2, // L left bundle branch block
  3, // R right bundle branch block
  4, // a aberrated atrial premature
  5, // V premature ventricular contraction
  6, // F fusion of ventricular and normal
  7, // J nodal (junctional) premature
  8, // A atrial premature
  9, // S supraventricular premature
  10, // E ventricular escape
  11, // j nodal (junctional) escape
  12, // / paced
  13, // Q unclassifiable
  25, // B bundle branch block (unspecified)
  34, // e atrial escape
  35, // n supraventricular escape
  38, // f fusion of paced and normal
  41, // r R-on-T premature ventricular contraction
]);

const VF_ON = 32; // `[` start of ventricular flutter/fibrillation
const VF_OFF = 33; // `]` end of ventricular flutter/fibrillation

// Larger than any sample index: plays bxb's huge_time (end of an annotation stream).
const END = Number.MAX_SAFE_INTEGER;

interface Reference {
  readonly beats: number[];
  /** Flattened [on0, off0, on1, off1, ...] VF intervals; an unterminated one ends at END. */
  readonly vf: number[];
}

function splitReference(reference: readonly Ec57Annotation[]): Reference {
  const beats: number[] = [];
  const vf: number[] = [];
  let inVf = false;
  for (const a of reference) {
    if (inVf) {
      if (a.code === VF_OFF) {
        vf.push(a.sample);
        inVf = false;
      }
    } else if (a.code === VF_ON) {
      vf.push(a.sample);
      inVf = true;
    } else if (MIT_BEAT_CODES.has(a.code)) {
      beats.push(a.sample);
    }
  }
  if (inVf) vf.push(END);
  return { beats, vf };
}

function inVf(vf: readonly number[], sample: number): boolean {
  for (let i = 0; i + 1 < vf.length; i += 2) {
    if ((vf[i] ?? END) <= sample && sample <= (vf[i + 1] ?? END)) return true;
  }
  return false;
}

/**
 * Scores one record. `detections` are test beat sample indices in ascending order; `fsHz` is the
 * record's sampling frequency (it converts the 150 ms window and the 5 min start to samples).
 */
export function scoreRecord(
  reference: readonly Ec57Annotation[],
  detections: ArrayLike<number>,
  fsHz: number,
  options: Ec57Options = {},
): Ec57Result {
  const { beats, vf } = splitReference(reference);
  const matchSamples = Math.round((options.matchWindowSec ?? 0.15) * fsHz);
  const start = Math.round((options.startSec ?? 300) * fsHz);
  let tp = 0;
  let fn = 0;
  let fp = 0;

  // Two-stream cursors exactly as bxb keeps them: (T, Tnext) reference, (t, tnext) test.
  let refIdx = 0;
  let T = 0;
  let Tnext = 0;
  const getRef = (): void => {
    T = Tnext;
    Tnext = refIdx < beats.length ? (beats[refIdx++] ?? END) : END;
  };
  let testIdx = 0;
  let t = 0;
  let tnext = 0;
  let tIsReal = false; // false while t is bxb's initial zero (no test annotation read yet)
  let tnextIsReal = false;
  const getTest = (): void => {
    t = tnext;
    tIsReal = tnextIsReal;
    tnextIsReal = testIdx < detections.length;
    tnext = tnextIsReal ? (detections[testIdx++] ?? END) : END;
  };
  const extraTest = (sample: number): void => {
    if (!inVf(vf, sample)) fp++;
  };

  getRef(); // primes Tnext with the first reference beat
  do getRef();
  while (T < start);
  do getTest();
  while (tnext < start);

  // The last detection before the start may match the first scored reference beat.
  if (tIsReal && T - t < Math.abs(T - tnext) && T - t <= matchSamples) {
    if (T !== END) tp++;
    getRef();
    getTest();
  } else {
    getTest();
    // A detection just after the start that is a worse match than the next one is dropped unscored.
    if (t - start <= matchSamples && Math.abs(T - tnext) < Math.abs(T - t)) getTest();
  }

  while (T !== END || t !== END) {
    if (t < T) {
      if (T - t <= matchSamples && T - t < Math.abs(T - tnext)) {
        tp++;
        getRef();
        getTest();
      } else {
        extraTest(t);
        getTest();
      }
    } else if (t - T <= matchSamples && t - T < Math.abs(t - Tnext)) {
      tp++;
      getTest();
      getRef();
    } else {
      fn++;
      getRef();
    }
  }
  return withRates({ tp, fn, fp });
}

function withRates(c: Ec57Counts): Ec57Result {
  return {
    ...c,
    sePct: c.tp + c.fn > 0 ? (100 * c.tp) / (c.tp + c.fn) : Number.NaN,
    ppvPct: c.tp + c.fp > 0 ? (100 * c.tp) / (c.tp + c.fp) : Number.NaN,
  };
}

/** Gross statistics: counts summed over records, then Se and +P (EC57 "gross" totals). */
export function grossTotals(records: readonly Ec57Counts[]): Ec57Result {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const r of records) {
    tp += r.tp;
    fn += r.fn;
    fp += r.fp;
  }
  return withRates({ tp, fn, fp });
}
