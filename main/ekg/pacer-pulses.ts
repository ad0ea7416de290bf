// Pacemaker stimulus artefacts ("pacer pulses") on the unfiltered leads. Pure: arrays in, sample indices out.

/**
 * A pacemaker pulse lasts 0.1-2 ms (IEC 60601-2-25 tests carts with pulses of 0.1-2 ms): sampled at
 * 250 Hz or more it is a one-sample edge out of a quiet baseline (LUDB's paced records decimated to
 * 250 Hz without a filter: found as at 500 Hz), or, band-limited by the recorder, a short ringing
 * blip (PACER.ringingMs). Below, the 30-ms quiet span before it is a few samples and the QRS's own
 * steps are as abrupt, so nothing is looked for.
 */
export const PACER_MIN_FS_HZ = 250;

const PACER = {
  /** The pulse's edge: the spatial change over this span (one sample at 500 Hz). */
  edgeMs: 2,
  /** It rises out of a baseline quiet this long before it (a pulse starts on the isoelectric line)... */
  quietBeforeMs: 30,
  /** ...at least this many times steeper than any step in that quiet span... */
  quietRatio: 10,
  /** ...and at least this fraction of the steepest step around its beat (a pulse, not a ripple). */
  beatSteepestFraction: 0.5,
  /**
   * After the edge the signal stops or turns back: over the next 4 ms (a pulse may last 2 ms) it
   * carries on in the edge's direction by less than this fraction of it. The sharp corner of a
   * triangular test QRS carries on (by twice the edge).
   */
  maxCarryOn: 0.5,
  /** Looked for from this long before each R peak (an atrial pulse leads it by the AV delay, up to about 300 ms, and part of the QRS)... */
  searchBeforeMs: 350,
  /**
   * ...to this long after it (the detector may have put the R peak on the pulse's edge). Later edges
   * are not the beat's pulse: LUDB 109 has a jump after samples held for 14 ms, 18 ms after an R peak.
   */
  searchAfterMs: 10,
  /** The span around an R peak whose steepest step the pulse is compared with. */
  beatSpanMs: 100,
  /**
   * A recorder's low-pass filter (150 Hz in most 12-lead carts and databases) spreads a pulse into a
   * ringing blip, and a linear-phase filter rings before it as well as after: its quiet span then
   * ends this long before the edge. LUDB's paced records low-passed at 150 Hz, or resampled to
   * 1000 Hz with a Kaiser filter, read 8.2-9.3 times the quiet span's steepest step up to the
   * edge (the pulse went unseen: POSSIBLE_LEAD_REVERSAL, a paced axis flagged) and 16-25 times
   * ending 8 ms before it.
   */
  ringingMs: 8,
  /**
   * A pulse found only with that shorter quiet span counts when it recurs: edges (such or plain ones)
   * lead the R peaks of at least this many beats by the same time, within lockMs, as a pacemaker's
   * pulse leads the QRS it starts. An edge before one beat only is more often the QRS's own sharp start
   * (LUDB 83: an LBBB beat of atrial fibrillation, whose QRS then read 12 ms longer).
   */
  recurringPulses: 3,
  lockMs: 10,
  /**
   * ...and when it is nearly the steepest step around its beat: spread by the filter, a pacemaker's
   * pulse is still as steep as the QRS's upstroke, while a QRS's own sharp start is gentler. A
   * reviewer repeated one sinus beat of LUDB 79 ten times without noise: its sharp start 22 ms before
   * the R peak (0.5-0.8 of the beat's steepest step) recurred before every beat and was taken for
   * pacing (QRS 82 -> 64 ms, ST_DEPRESSION). LUDB's paced records low-passed at 150 Hz or resampled to
   * 1000 Hz are still found at 0.8; at a 100 Hz low-pass 111 is not.
   */
  bandedSteepestFraction: 0.8,
} as const;

/**
 * The span a pacemaker artefact may take from its first sample: the pulse (0.1-2 ms) and the
 * amplifier's recovery from it. Artefacts on 12-lead tracings last up to about 27 ms (Haq et al.,
 * Comput Biol Med 2021;133:104396: 27.2 +- 3.5 ms at most); at least `minAfterMs` is taken.
 */
export const PACER_ARTEFACT = { beforeMs: 2, minAfterMs: 4, maxAfterMs: 27 } as const;

/** A span of milliseconds in samples, at least one. */
const samples = (ms: number, fsHz: number) => Math.max(1, Math.round((ms * fsHz) / 1000));

/** The spatial step over w samples ending at each sample: the sum over leads of |x[i] - x[i - w]| (missing samples skipped). */
function spatialSteps(leads: readonly Float32Array[], w: number): Float64Array {
  const n = leads[0]?.length ?? 0;
  const step = new Float64Array(n);
  for (const x of leads) {
    for (let i = w; i < n; i++) {
      const d = x[i]! - x[i - w]!;
      if (d === d) step[i]! += Math.abs(d);
    }
  }
  return step;
}

/** Sum over leads of the change from `from` to `to`, each lead's counted in the direction of its change over `edgeFrom..edgeTo` (missing samples skipped). */
function alongEdge(leads: readonly Float32Array[], edgeFrom: number, edgeTo: number, from: number, to: number): number {
  let s = 0;
  for (const x of leads) {
    const d = (x[to]! - x[from]!) * Math.sign(x[edgeTo]! - x[edgeFrom]!);
    if (d === d) s += d;
  }
  return s;
}

/**
 * Pacemaker pulses before the R peaks, with the `known` ones: sample indices of their first samples,
 * sorted. A pulse is an edge steeper than any step of the 30 ms before it by ten times, from a quiet
 * baseline, at least half as steep as the beat's steepest slope, after which the signal stops or turns
 * back. The quiet span tells a pulse from the cart's own sample-and-hold steps inside the QRS (LUDB
 * 43, 99: a jump after 14 ms of held samples, right after the R wave's upstroke), the steepness from
 * a ripple on the baseline, the stop from the sharp corner of a test QRS. An electrode pop (a step
 * that decays over hundreds of ms) passes, as an artefact with a slow recovery must: taking out 27 ms
 * of a pop changed no flag (80 records with a 1-mV pop every 1.37 s: the same 16 changed flags, pops
 * taken out or not), while a pulse left in collapsed the QRS to the pulse (10 ms, ST_ELEVATION). A
 * pulse within 30 ms after another (biventricular pacing) shows only once the first is taken out
 * (withoutPacerArtefacts): look again on those leads.
 */
export function pacerPulses(leads: readonly Float32Array[], fsHz: number, rPeaks: Int32Array, known: Int32Array = new Int32Array(0)): Int32Array {
  const n = leads[0]?.length ?? 0;
  if (fsHz < PACER_MIN_FS_HZ || n === 0) return known;
  const w = samples(PACER.edgeMs, fsHz);
  const step = spatialSteps(leads, w);
  const quiet = samples(PACER.quietBeforeMs, fsHz);
  const span = samples(PACER_ARTEFACT.maxAfterMs, fsHz);
  const before = samples(PACER_ARTEFACT.beforeMs, fsHz);
  const found = new Set<number>(known);
  const ringing = Math.max(2 * w, samples(PACER.ringingMs, fsHz));
  /** Edges that pass only with the quiet span ending `ringing` before them. */
  const banded = new Set<number>();
  /** Each edge found: how long it leads its R peak (the nearest after it), that beat, and its step over the beat's steepest. */
  const leadOf = new Map<number, { lead: number; beat: number; steepness: number }>();
  // The known pulses' own edges and first milliseconds are the pacemaker's, not the baseline's: a
  // second pulse 6 ms after the first is judged against the quiet before both.
  const first = samples(PACER_ARTEFACT.minAfterMs, fsHz);
  const pacemakers = new Uint8Array(n);
  for (const p of known) pacemakers.fill(1, Math.max(0, p - before), Math.min(n, p + first + 1));
  for (const r of rPeaks) {
    // Only where the whole artefact lies in the record: a pulse is reported where it can be taken out.
    const from = Math.max(2 * w + quiet, before + 1, r - samples(PACER.searchBeforeMs, fsHz));
    const to = Math.min(n - 2 - span - w, r + samples(PACER.searchAfterMs, fsHz));
    let steepest = 0;
    for (let i = Math.max(w, r - samples(PACER.beatSpanMs, fsHz)); i <= Math.min(n - 1, r + samples(PACER.beatSpanMs, fsHz)); i++) steepest = Math.max(steepest, step[i]!);
    for (let i = from; i <= to; i++) {
      const s = step[i]!;
      if (s <= 0 || s < PACER.beatSteepestFraction * steepest) continue;
      let quietMax = 0;
      let quietBeforeRinging = 0;
      // The quiet span ends a step before the edge, which may have begun there: a pulse the cart's
      // anti-aliasing filter spread over two samples (its first at a fifth of the jump).
      for (let k = i - quiet; k <= i - 2 * w; k++) {
        if (pacemakers[k] !== 0) continue;
        quietMax = Math.max(quietMax, step[k]!);
        if (k <= i - ringing) quietBeforeRinging = Math.max(quietBeforeRinging, step[k]!);
      }
      const plain = s > PACER.quietRatio * quietMax;
      if (!plain && s <= PACER.quietRatio * quietBeforeRinging) continue;
      // The edge runs from before it to its top, the farthest sample within 4 ms: a pulse of up to 2 ms,
      // or one spread over two samples.
      const start = i - 2 * w;
      let top = i;
      let edge = alongEdge(leads, start, i, start, i);
      for (let t = i + 1; t < i + first; t++) {
        const d = alongEdge(leads, start, t, start, t);
        if (d > edge) {
          edge = d;
          top = t;
        }
      }
      if (alongEdge(leads, start, top, top, top + 2 * w) >= PACER.maxCarryOn * edge) continue;
      // The first sample whose step qualifies is the pulse's first (later ones are merged below).
      const lead = r - i;
      if (lead < (leadOf.get(i)?.lead ?? Infinity)) leadOf.set(i, { lead, beat: r, steepness: s / steepest });
      if (plain) found.add(i);
      else banded.add(i);
    }
  }
  const lock = samples(PACER.lockMs, fsHz);
  const accepted: number[] = [...found];
  for (const i of [...banded].sort((a, b) => a - b)) {
    // Within the ringing span after a pulse taken (plain, or banded and earlier) is that pulse's own
    // recovery or ringing, not another pulse.
    if (accepted.some((p) => p < i && p >= i - ringing)) continue;
    const { lead, steepness } = leadOf.get(i)!;
    if (steepness < PACER.bandedSteepestFraction) continue;
    // Recurring: edges at the same lead (within lockMs) before at least recurringPulses different beats.
    const beats = new Set<number>();
    for (const e of leadOf.values()) if (Math.abs(e.lead - lead) <= lock) beats.add(e.beat);
    if (beats.size < PACER.recurringPulses) continue;
    found.add(i);
    accepted.push(i);
  }
  // Edges inside one artefact's shortest span are that pulse's (the next samples of a 2-ms edge at
  // 1000 Hz, the second phase of a biphasic pulse); beside a band-limited pulse, so is any edge in
  // its ringing span (LUDB 45 low-passed at 150 Hz read a pulse and a second one 6 ms later).
  const merge = samples(PACER_ARTEFACT.minAfterMs, fsHz);
  const out: number[] = [];
  for (const p of [...found].sort((a, b) => a - b)) {
    const prev = out[out.length - 1];
    const within = prev !== undefined && (p - prev <= merge || ((banded.has(p) || banded.has(prev)) && p - prev < ringing));
    if (!within) out.push(p);
  }
  return Int32Array.from(out);
}

/** A stretch [from, to] of samples (inclusive) replaced by a straight line. */
export interface ArtefactSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * Where each pulse's artefact lies: from just before its first sample to where the recovery's spatial
 * slope, falling since the pulse, first stops falling (the recovery is over, or the heart's own
 * activity or another pulse begins), 4-27 ms after it. Spans that touch are one.
 */
export function pacerArtefactSpans(leads: readonly Float32Array[], pulses: Int32Array, fsHz: number): ArtefactSpan[] {
  const n = leads[0]?.length ?? 0;
  const w = samples(PACER.edgeMs, fsHz);
  const slope = spatialSteps(leads, w);
  const spans: ArtefactSpan[] = [];
  for (const p of pulses) {
    // From the pulse's shortest span (a pulse of up to 2 ms, or two fired together, may still be
    // rising) to `end`, the last sample before the slope stops falling. The line ends on it, so a
    // second pulse right after (its edge the step into the next sample) is left whole for the next look.
    let end = p + samples(PACER_ARTEFACT.minAfterMs, fsHz);
    while (end < p + samples(PACER_ARTEFACT.maxAfterMs, fsHz) && end + 1 < n && slope[end + 1]! < slope[end]!) end++;
    const span = { from: p - samples(PACER_ARTEFACT.beforeMs, fsHz), to: Math.min(n - 2, end - 1) };
    const last = spans[spans.length - 1];
    if (last !== undefined && span.from <= last.to + 1) spans[spans.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else spans.push(span);
  }
  return spans;
}

/**
 * The leads with every pacemaker artefact span replaced by the straight line between the samples
 * either side of it, so that neither the filters nor the analysis take the pacemaker's pulse for the
 * heart's activity. A span next to a missing sample is left as it is (no line to draw).
 */
export function withoutPacerArtefacts(leads: readonly Float32Array[], spans: readonly ArtefactSpan[]): Float32Array[] {
  return leads.map((x) => {
    const out = Float32Array.from(x);
    for (const { from, to } of spans) {
      const a = from - 1;
      const b = to + 1;
      if (a < 0 || b >= x.length) continue;
      const va = x[a]!;
      const vb = x[b]!;
      if (va !== va || vb !== vb) continue;
      for (let i = a + 1; i < b; i++) out[i] = va + ((vb - va) * (i - a)) / (b - a);
    }
    return out;
  });
}
