// Beat detection scored on short strips analysed alone, the way a stored 10-s capture is: from the
// strip's own first sample. EC57 scoring starts 5 min into a record (AAMI EC57 / bxb), so it never
// sees how a detector starts; this does.

export interface StripBeatCounts {
  tp: number;
  fn: number;
  fp: number;
  /** Of the reference beats counted, those within the first `earlyEndS` seconds: found and missed. */
  earlyTp: number;
  earlyFn: number;
}

export interface StripBeatOptions {
  /** Reference beats and detections are counted from here (s; 0.2 by default): a beat's complex must have begun inside the strip. */
  readonly fromS?: number;
  /** ... up to this long before the strip's end (s). */
  readonly endGuardS?: number;
  /** End of the "early" span (s), where a detector's start shows. */
  readonly earlyEndS?: number;
  /** Match window (s), EC57's 150 ms. */
  readonly matchS?: number;
}

export function emptyStripBeatCounts(): StripBeatCounts {
  return { tp: 0, fn: 0, fp: 0, earlyTp: 0, earlyFn: 0 };
}

/**
 * Adds one strip's counts to `into`. `referenceS` and `detectedS`: ascending beat times in seconds from
 * the strip's start (reference beats just outside the counted span may be given: a detection matching
 * one of them is neither a hit nor a false one). Each reference beat takes the nearest free detection
 * within the match window.
 */
export function addStripBeats(into: StripBeatCounts, referenceS: readonly number[], detectedS: readonly number[], stripS: number, options: StripBeatOptions = {}): void {
  const fromS = options.fromS ?? 0.2;
  const toS = stripS - (options.endGuardS ?? 0.2);
  const earlyEndS = options.earlyEndS ?? 2;
  const matchS = options.matchS ?? 0.15;
  const used = new Uint8Array(detectedS.length);
  for (const t of referenceS) {
    let best = -1;
    let bestDist = matchS;
    for (let j = 0; j < detectedS.length; j++) {
      const d = Math.abs(detectedS[j]! - t);
      if (used[j] === 0 && d <= bestDist) {
        best = j;
        bestDist = d;
      }
    }
    if (best >= 0) used[best] = 1;
    if (t < fromS || t > toS) continue;
    const early = t <= earlyEndS;
    if (best >= 0) {
      into.tp++;
      if (early) into.earlyTp++;
    } else {
      into.fn++;
      if (early) into.earlyFn++;
    }
  }
  detectedS.forEach((d, j) => {
    if (used[j] === 0 && d >= fromS && d <= toS) into.fp++;
  });
}
