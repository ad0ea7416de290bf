import { median, quantile } from './stats.ts';

/** Global fiducial points on the median beats, as sample indices into the median-beat window (null = not found). */
export interface Fiducials {
  pOn: number | null;
  pOff: number | null;
  qrsOn: number;
  qrsOff: number;
  tOff: number | null;
}

/** Tuning of the delineator: physiological time limits and relative thresholds, not fitted per record. */
export const DELINEATION = {
  /** QRS onset/offset: spatial velocity falls below floor + k * (peak - floor). */
  qrsOnsetFraction: 0.05,
  qrsOffsetFraction: 0.05,
  /** Activity must stay below the threshold this long to end the search. */
  qrsHoldMs: 10,
  qrsSearchBeforeMs: 120,
  qrsSearchAfterMs: 160,
  /**
   * A paced QRS starts this long after the pacemaker pulse's first sample: the pulse (0.1-2 ms) and
   * the amplifier's recovery from it are the pacemaker's, not the heart's (artefacts on 12-lead
   * tracings last up to about 27 ms, Haq et al., Comput Biol Med 2021;133:104396; monitors blank
   * 25 ms). LUDB's cardiologists mark paced QRS onsets 8-18 ms after the pulse (45, 111).
   */
  pacerArtefactMs: 10,
  /** Zhang area-method window for the T wave end and for the P wave ends. */
  tAreaWindowMs: 88,
  pAreaWindowMs: 50,
  /** Latest T peak, as a QTc-like value scaled by sqrt(RR). */
  tPeakLatestQtcMs: 500,
  /** A lead takes part in the T-end vote when its T wave is at least this tall... */
  tMinAmplitudeMv: 0.03,
  /** ...and at least this fraction of the tallest T wave. */
  tRelativeAmplitude: 0.5,
  /** A lead shows a P wave when its deflection in the PR window is at least this tall. */
  pMinAmplitudeMv: 0.04,
  /** Longest PR window searched before QRS onset. */
  pSearchMs: 300,
  /**
   * The P search starts this long after the previous beat's T end: the T wave's tail is not taken
   * for a P wave, and the window's first samples (its detrending anchor) sit on the T-P segment.
   */
  pAfterPreviousTEndMs: 10,
  /** Shortest window left for a P wave (a P wave lasts 80-110 ms); shorter = T-P fusion, PR not measurable. */
  pMinWindowMs: 80,
  /** A window bounded by the previous T wave whose start is off the PQ level by this fraction of the P deflection starts on a wave. */
  pFusedStartFraction: 0.5,
} as const;

/** Level of the PQ junction (isoelectric reference) of each lead: mean over 20..4 ms before QRS onset. */
export function pqLevel(beat: Float32Array, qrsOn: number, fsHz: number): number {
  const a = Math.max(0, qrsOn - Math.round(0.02 * fsHz));
  const b = Math.max(a + 1, qrsOn - Math.round(0.004 * fsHz));
  let s = 0;
  for (let i = a; i < b; i++) s += beat[i]!;
  return s / (b - a);
}

/**
 * QRS onset and offset on the spatial velocity of the median beats: threshold relative to the QRS
 * peak above the beat's quiet floor (multi-lead slope threshold; Laguna et al., Comput Biomed Res 1994).
 * `pacerPulse`: where the median beat's pacemaker pulse starts (paced.ts), or null.
 */
export function delineateQrs(sv: Float64Array, fid: number, fsHz: number, pacerPulse: number | null = null): { qrsOn: number; qrsOff: number } {
  const ms = (v: number) => Math.round((v * fsHz) / 1000);
  let peak = 0;
  for (let i = Math.max(0, fid - ms(40)); i <= Math.min(sv.length - 1, fid + ms(40)); i++) peak = Math.max(peak, sv[i]!);
  const floor = quantile(sv, 0.1);
  const hold = Math.max(1, ms(DELINEATION.qrsHoldMs));
  const thrOn = floor + DELINEATION.qrsOnsetFraction * (peak - floor);
  const thrOff = floor + DELINEATION.qrsOffsetFraction * (peak - floor);
  let qrsOn = Math.max(0, fid - ms(DELINEATION.qrsSearchBeforeMs));
  for (let t = fid; t - hold >= 0 && t >= fid - ms(DELINEATION.qrsSearchBeforeMs); t--) {
    let quiet = true;
    for (let j = t - hold; j <= t; j++) if (sv[j]! >= thrOn) quiet = false;
    if (quiet) {
      qrsOn = t;
      break;
    }
  }
  // The pacemaker's artefact is not the myocardium's activity: the QRS of a paced beat starts after it.
  if (pacerPulse !== null && pacerPulse < fid) qrsOn = Math.max(qrsOn, Math.min(fid, pacerPulse + ms(DELINEATION.pacerArtefactMs)));
  let qrsOff = Math.min(sv.length - 1, fid + ms(DELINEATION.qrsSearchAfterMs));
  for (let t = fid; t + hold < sv.length && t <= fid + ms(DELINEATION.qrsSearchAfterMs); t++) {
    let quiet = true;
    for (let j = t; j <= t + hold; j++) if (sv[j]! >= thrOff) quiet = false;
    if (quiet) {
      qrsOff = t;
      break;
    }
  }
  return { qrsOn, qrsOff };
}

/**
 * End of a wave by the area method (Zhang et al., IEEE TBME 2006, "An algorithm for robust and
 * efficient location of T-wave ends"): the point t maximising sign * sum_{j in window before t}(x_j - x_t).
 */
function areaEnd(x: Float32Array, peak: number, from: number, to: number, windowSamples: number, sign: number): number {
  let best = -Infinity;
  let bestT = from;
  for (let t = from; t <= to; t++) {
    const lo = Math.max(peak, t - windowSamples + 1);
    let a = 0;
    const xt = x[t]!;
    for (let j = lo; j <= t; j++) a += x[j]! - xt;
    a *= sign;
    if (a > best) {
      best = a;
      bestT = t;
    }
  }
  return bestT;
}

/** Start of a wave by the mirrored area method: maximises sign * sum_{j in window after t}(x_j - x_t). */
function areaStart(x: Float32Array, peak: number, from: number, to: number, windowSamples: number, sign: number): number {
  let best = -Infinity;
  let bestT = to;
  for (let t = from; t <= to; t++) {
    const hi = Math.min(peak, t + windowSamples - 1);
    let a = 0;
    const xt = x[t]!;
    for (let j = t; j <= hi; j++) a += x[j]! - xt;
    a *= sign;
    if (a > best) {
      best = a;
      bestT = t;
    }
  }
  return bestT;
}

/** First sample in [from, to] where the wave (polarity `sign`) is back at or across the isoelectric level `base`; `to` if none. */
function isoelectricReturn(x: Float32Array, base: number, from: number, to: number, sign: number): number {
  for (let i = from; i <= to; i++) if (sign * (x[i]! - base) <= 0) return i;
  return to;
}

/**
 * T-wave end per lead (area method) after the T peak, then the median over leads with a clear
 * T wave: a global T end comparable with per-lead expert marks. Without an isoelectric T-P segment
 * (irregular rhythm: fibrillatory waves follow the T wave) the search stops where the T wave first
 * returns to the isoelectric level, the T end's definition (Postema & Wilde, Curr Cardiol Rev
 * 2014;10:287): past it the area method would take a fibrillatory wave for the T wave's tail.
 */
function delineateTEnd(beats: readonly Float32Array[], qrsOn: number, qrsOff: number, rrMs: number, fsHz: number, irregular: boolean): number | null {
  const ms = (v: number) => Math.round((v * fsHz) / 1000);
  const len = beats[0]?.length ?? 0;
  const searchEnd = Math.min(len - 1, qrsOn + ms(Math.min(0.8 * rrMs, 700)));
  // The T peak comes well before a Bazett-scaled QT of 500 ms (QTc 500 at the measured RR), so the
  // next beat's P wave or a U wave is not taken for it.
  const peakTo = Math.min(searchEnd - ms(20), qrsOn + ms(DELINEATION.tPeakLatestQtcMs * Math.sqrt(rrMs / 1000)));
  const peakFrom = qrsOff + ms(40);
  if (peakFrom >= peakTo) return null;
  const found: { end: number; amp: number }[] = [];
  for (const x of beats) {
    const base = pqLevel(x, qrsOn, fsHz);
    let peak = peakFrom;
    let amp = 0;
    for (let i = peakFrom; i <= peakTo; i++) {
      const a = Math.abs(x[i]! - base);
      if (a > amp) {
        amp = a;
        peak = i;
      }
    }
    if (amp < DELINEATION.tMinAmplitudeMv) continue;
    const sign = x[peak]! >= base ? 1 : -1;
    const latest = Math.min(searchEnd, peak + ms(300));
    const to = irregular ? isoelectricReturn(x, base, peak + 1, latest, sign) : latest;
    found.push({ end: areaEnd(x, peak, peak + 1, to, ms(DELINEATION.tAreaWindowMs), sign), amp });
  }
  // Leads whose T wave is at least half the tallest vote: flat T waves give unreliable ends.
  const tallest = Math.max(0, ...found.map((f) => f.amp));
  const use = found.filter((f) => f.amp >= DELINEATION.tRelativeAmplitude * tallest).map((f) => f.end);
  return use.length > 0 ? Math.round(median(use)) : null;
}

/**
 * P onset/offset per lead (area method around the largest deflection of the detrended PR window),
 * median over leads with a P wave. The window starts after the previous beat's T wave (on the median
 * beat, `tOff` one median RR earlier): at faster rates or with a long QT that T wave ends inside a
 * fixed window, and its down-slope, the largest deflection there, was taken for the P wave (PR 230 ms
 * measured for 160 at 110/min, QTcF 440). When the P wave starts on the T wave (T-P fusion) its onset
 * cannot be seen: no PR rather than one measured on the T wave.
 */
function delineateP(beats: readonly Float32Array[], qrsOn: number, tOff: number | null, rrMs: number, fsHz: number, irregular: boolean): { pOn: number; pOff: number; leads: number } | null {
  const ms = (v: number) => Math.round((v * fsHz) / 1000);
  const fixedStart = Math.max(0, qrsOn - ms(Math.min(DELINEATION.pSearchMs, 0.5 * rrMs)));
  // Only where one RR precedes every beat: in an irregular rhythm the median RR is not the interval
  // before the dominant beats (in ventricular bigeminy they follow the long compensatory pause), so
  // the bound fell after their P waves and lost them (MIT-BIH 10-s strips of 106, 208, 223: 28 more
  // IRREGULAR_RHYTHM false alarms); the previous T waves also fall at varying places there and
  // partly average out of the median beat.
  const afterPreviousT = tOff === null || irregular ? -1 : tOff - ms(rrMs) + ms(DELINEATION.pAfterPreviousTEndMs);
  const start = Math.max(fixedStart, afterPreviousT);
  // Set by the previous T wave: a P onset found at the window's first samples began on that T wave.
  const boundedByT = afterPreviousT > fixedStart;
  const end = qrsOn - 1;
  if (end - start < ms(DELINEATION.pMinWindowMs)) return null;
  const edge = Math.max(1, ms(10));
  const ons: number[] = [];
  const offs: number[] = [];
  const peaks: number[] = [];
  const d = new Float32Array(end - start + 1);
  for (const x of beats) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < edge; i++) {
      a += x[start + i]!;
      b += x[end - i]!;
    }
    a /= edge;
    b /= edge;
    for (let i = 0; i < d.length; i++) d[i] = x[start + i]! - (a + ((b - a) * i) / (d.length - 1));
    let peak = edge;
    let amp = 0;
    for (let i = ms(20); i < d.length - ms(20); i++) {
      if (Math.abs(d[i]!) > amp) {
        amp = Math.abs(d[i]!);
        peak = i;
      }
    }
    if (amp < DELINEATION.pMinAmplitudeMv) continue;
    const sign = d[peak]! >= 0 ? 1 : -1;
    const w = ms(DELINEATION.pAreaWindowMs);
    const on = areaStart(d, peak, 0, Math.max(0, peak - ms(10)), w, sign);
    // Where the previous T wave bounds the window, its first samples must be on the isoelectric
    // T-P segment, level with the PQ junction: a start off that level (by half the P deflection)
    // or an onset at the start means the P wave was already under way on the T wave (T-P fusion),
    // and detrending from there makes a wave of its own. This lead's P onset is not seen.
    if (boundedByT && (Math.abs(a - b) > DELINEATION.pFusedStartFraction * amp || on < edge)) continue;
    ons.push(start + on);
    offs.push(start + areaEnd(d, peak, Math.min(d.length - 1, peak + ms(10)), d.length - 1, w, sign));
    peaks.push(start + peak);
  }
  const needed = beats.length >= 3 ? 3 : 1;
  if (ons.length < needed) return null;
  return { pOn: Math.round(median(ons)), pOff: Math.round(median(offs)), leads: ons.length };
}

/**
 * Global delineation of the median beats of all leads: QRS by spatial velocity, T end and P
 * onset/offset per lead by the area method then the median over leads. `irregular`: the RR is
 * irregular, so no isoelectric T-P segment can be counted on after the T wave, and the median RR does
 * not place the previous beat's T wave (the P search is then not bounded by it). `pacerPulse`: the
 * median beat's pacemaker pulse, when its beats are paced.
 */
export function delineate(beats: readonly Float32Array[], sv: Float64Array, fid: number, rrMs: number, fsHz: number, irregular: boolean, pacerPulse: number | null = null): Fiducials {
  const { qrsOn, qrsOff } = delineateQrs(sv, fid, fsHz, pacerPulse);
  const tOff = delineateTEnd(beats, qrsOn, qrsOff, rrMs, fsHz, irregular);
  const p = delineateP(beats, qrsOn, tOff, rrMs, fsHz, irregular);
  return { pOn: p?.pOn ?? null, pOff: p?.pOff ?? null, qrsOn, qrsOff, tOff };
}
