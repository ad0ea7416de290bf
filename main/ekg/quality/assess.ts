// Signal quality per lead and per interval: which stretches of a tracing cannot be trusted, and where
// no lead at all is usable (lead: null), so that no beat is ever reported there.
import { classifyWindow, type WindowKind, type WindowVerdict } from './classify.ts';
import { UNUSABLE_KINDS, type QualityInterval, type QualityKind, type QualityOptions, type UnusableInterval } from './types.ts';
import { MAINS_AMPLITUDE_MV, MAINS_LINE_LEAD_SHARE, MAINS_LINE_MIN_MV, MAINS_LINE_RECORD_SHARE, MAINS_TO_NEIGHBOUR_RATIO } from './thresholds.ts';
import { leadsWindowStats, type LeadWindowStats } from './window-stats.ts';

/** Order used to name an all-lead interval when leads disagree on why they are unusable (worst first). */
const SEVERITY: readonly QualityKind[] = [...UNUSABLE_KINDS];
const WINDOW_KINDS: readonly WindowKind[] = ['lead-off', 'flatline', 'saturation', 'noise', 'baseline-wander', 'powerline'];

export interface QualityAssessment {
  /** The reported intervals, sorted by start. */
  intervals: QualityInterval[];
  /** Where each lead, or every lead, cannot be used to find beats (for the detector). */
  unusable: UnusableInterval[];
  /** With the mains frequency not given: the one whose line the recording carries (50 or 60 Hz), else null. Given: null. */
  mainsHeardHz: 50 | 60 | null;
}

/**
 * The mains frequency (of those measured) whose line the leads carry (MAINS_LINE_* in thresholds.ts),
 * or that the quality check reports as powerline in any window of any lead (hum a loose electrode
 * picks up for a few seconds is still the mains, and the report says so); the one in more windows
 * when both are; null when neither.
 */
function mainsHeard(leadStats: readonly LeadWindowStats[], frequenciesHz: readonly (50 | 60)[]): 50 | 60 | null {
  let heard: 50 | 60 | null = null;
  let heardShare = 0;
  frequenciesHz.forEach((f0, slot) => {
    let lines = 0;
    let windows = 0;
    let leadHeard = false;
    let reported = false;
    for (const s of leadStats) {
      const amplitude = s.mainsAmplitude[slot]!;
      const neighbour = s.mainsNeighbour[slot]!;
      let leadLines = 0;
      let leadWindows = 0;
      for (let w = 0; w < s.windows; w++) {
        if (s.finite[w]! === 0) continue;
        leadWindows++;
        const a = amplitude[w]!;
        if (!(a > MAINS_TO_NEIGHBOUR_RATIO * neighbour[w]!)) continue;
        if (a >= MAINS_LINE_MIN_MV) leadLines++;
        // The rule that reports powerline (classify.ts).
        if (a > MAINS_AMPLITUDE_MV) reported = true;
      }
      if (leadWindows > 0 && leadLines >= MAINS_LINE_LEAD_SHARE * leadWindows) leadHeard = true;
      lines += leadLines;
      windows += leadWindows;
    }
    const share = windows > 0 ? lines / windows : 0;
    if ((leadHeard || reported || share >= MAINS_LINE_RECORD_SHARE) && share > heardShare) {
      heard = f0;
      heardShare = share;
    }
  });
  return heard;
}

/** Runs of NaN in x as [start, end) pairs. */
function nanRuns(x: Float32Array): number[] {
  const out: number[] = [];
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) continue;
    const start = i;
    while (i < n && x[i] !== x[i]) i++;
    out.push(start, i);
  }
  return out;
}

/** Intersection of sorted [start, end) run lists. */
function intersectRuns(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!, b[j]!);
    const end = Math.min(a[i + 1]!, b[j + 1]!);
    if (start < end) out.push(start, end);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** Merges consecutive windows where `pick(w)` gives the same non-null value into [start, end) sample intervals. */
function windowRuns<T>(windows: number, windowSamples: number, n: number, pick: (w: number) => T | null, emit: (value: T, start: number, end: number) => void): void {
  let w = 0;
  while (w < windows) {
    const v = pick(w);
    if (v === null) {
      w++;
      continue;
    }
    const first = w;
    while (w < windows && pick(w) === v) w++;
    emit(v, first * windowSamples, Math.min(n, w * windowSamples));
  }
}

/**
 * Assesses leads (mV, NaN = missing, all the same length) and also says where each lead cannot be
 * used to find beats. A lead can carry several kinds at once (noise and mains hum, say).
 */
export function assessQualityDetailed(leads: readonly Float32Array[], fsHz: number, leadNames: readonly string[], options: QualityOptions): QualityAssessment {
  if (leads.length !== leadNames.length) throw new RangeError('one name per lead');
  const n = leads[0]?.length ?? 0;
  if (leads.some((x) => x.length !== n)) throw new RangeError('leads must have equal length');
  const mains: (50 | 60)[] = options.mainsHz === null ? [50, 60] : [options.mainsHz];
  const intervals: QualityInterval[] = [];
  const unusable: UnusableInterval[] = [];
  if (n === 0) return { intervals, unusable, mainsHeardHz: null };

  const verdicts: WindowVerdict[][] = [];
  /** Per lead and window: the reason it is unusable ('gap' when at least half the window is missing). */
  const reasons: (QualityKind | null)[][] = [];
  let windowSamples = 1;
  let windows = 0;
  let allMissing: number[] | null = null;
  const leadStats = leadsWindowStats(leads, fsHz, mains);
  leads.forEach((x, li) => {
    const name = leadNames[li]!;
    const stats = leadStats[li]!;
    windowSamples = stats.windowSamples;
    windows = stats.windows;
    // The window counts say whether the lead misses any sample; only then are the gaps searched.
    let finiteTotal = 0;
    for (let w = 0; w < windows; w++) finiteTotal += stats.finite[w]!;
    const nan = finiteTotal === n ? [] : nanRuns(x);
    allMissing = allMissing === null ? nan : intersectRuns(allMissing, nan);
    for (let k = 0; k < nan.length; k += 2) {
      intervals.push({ lead: name, start: nan[k]!, end: nan[k + 1]!, kind: 'gap' });
      unusable.push({ lead: li, start: nan[k]!, end: nan[k + 1]! });
    }
    const v: WindowVerdict[] = [];
    const r: (QualityKind | null)[] = [];
    for (let w = 0; w < windows; w++) {
      const verdict = classifyWindow(stats, w);
      v.push(verdict);
      const length = Math.min(n, (w + 1) * windowSamples) - w * windowSamples;
      r.push(stats.finite[w]! * 2 <= length ? 'gap' : verdict.unusableKind);
    }
    verdicts.push(v);
    reasons.push(r);
    for (const kind of WINDOW_KINDS) {
      windowRuns(windows, windowSamples, n, (w) => (v[w]!.kinds.includes(kind) ? kind : null), (k, start, end) => intervals.push({ lead: name, start, end, kind: k }));
    }
    windowRuns(windows, windowSamples, n, (w) => (v[w]!.unusableKind === null ? null : true), (_, start, end) => unusable.push({ lead: li, start, end }));
  });

  const missing: number[] = allMissing ?? [];
  for (let k = 0; k < missing.length; k += 2) {
    intervals.push({ lead: null, start: missing[k]!, end: missing[k + 1]!, kind: 'gap' });
    unusable.push({ lead: null, start: missing[k]!, end: missing[k + 1]! });
  }

  // Windows where every lead is unusable, for a reason other than only missing data (exact gaps are above).
  const nullKind = (w: number): QualityKind | null => {
    const why = reasons.map((r) => r[w]!);
    if (why.some((k) => k === null) || why.every((k) => k === 'gap')) return null;
    let kind: QualityKind | null = null;
    let best = 0;
    for (const k of SEVERITY) {
      const count = why.filter((x) => x === k).length;
      if (count > best) {
        best = count;
        kind = k;
      }
    }
    return kind;
  };
  windowRuns(windows, windowSamples, n, nullKind, (kind, start, end) => {
    intervals.push({ lead: null, start, end, kind });
    unusable.push({ lead: null, start, end });
  });

  const leadOrder = (l: string | null) => (l === null ? leads.length : leadNames.indexOf(l));
  intervals.sort((a, b) => a.start - b.start || leadOrder(a.lead) - leadOrder(b.lead) || a.kind.localeCompare(b.kind));
  unusable.sort((a, b) => a.start - b.start);
  return { intervals, unusable, mainsHeardHz: options.mainsHz === null ? mainsHeard(leadStats, mains) : null };
}

/** Assesses leads (mV, NaN = missing, all the same length); intervals sorted by start. */
export function assessQuality(leads: readonly Float32Array[], fsHz: number, leadNames: readonly string[], options: QualityOptions): QualityInterval[] {
  return assessQualityDetailed(leads, fsHz, leadNames, options).intervals;
}
