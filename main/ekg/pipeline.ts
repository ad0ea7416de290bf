// The batch EKG pipeline on physical leads: zero-phase diagnostic filtering, signal quality, R-peak
// detection that skips unusable leads, and the RR series. Pure: arrays in, arrays out.
import { detectRPeaks } from './detect/index.ts';
import { beatHidingStretches, bridgedGapSamples, bridgeShortGaps, withGapsOf, withoutBridgedGaps } from './gaps.ts';
import { chainSpecs, designFilter, filterZeroPhaseLeads, type HighPassHz, type LowPassHz, type MainsHz } from './filters/index.ts';
import { assessQualityDetailed, type QualityInterval } from './quality/index.ts';
import { meanHeartRateBpm, rrSeries, type RrSeries } from './rhythm/index.ts';
import { pacerArtefactSpans, pacerPulses, withoutPacerArtefacts } from './pacer-pulses.ts';

export interface PipelineOptions {
  /**
   * Mains frequency to notch; null = unknown: the quality check looks at 50 and 60 Hz, and the
   * frequency whose line the recording carries, if any, is notched (quality/thresholds.ts, MAINS_LINE_*).
   */
  readonly mainsHz: MainsHz | null;
}

export interface PipelineResult {
  /** Leads after the diagnostic 0.05 Hz high-pass, the mains notch and the widest low-pass the rate allows. */
  readonly filtered: Float32Array[];
  readonly quality: QualityInterval[];
  /** R peaks (sorted samples), none inside an interval where no lead is usable. */
  readonly beats: Int32Array;
  readonly rr: RrSeries;
  readonly heartRateBpm: number | null;
  /** Pacemaker pulses found on the unfiltered leads (sample indices; none below 250 Hz), taken out of `filtered`. */
  readonly pacerPulses: Int32Array;
  /** The filters `filtered` went through. */
  readonly filters: AnalysisFilters;
}

/** The diagnostic filters of the batch pipeline, as `station analyze` reports them. */
export interface AnalysisFilters {
  readonly highPassHz: HighPassHz;
  /** Null below 90 Hz sampling, where no standard low-pass fits under 0.45 fs. */
  readonly lowPassHz: LowPassHz | null;
  /** The mains notch: the frequency given, or the one heard in the recording (`mainsNotchHeard`); null = none. */
  readonly mainsNotchHz: MainsHz | null;
  readonly mainsNotchHeard: boolean;
}

const HIGH_PASS_HZ: HighPassHz = 0.05;

/** Widest standard low-pass (150/100/40 Hz) that stays below 0.45 fs, or none. */
export function diagnosticLowPassHz(fsHz: number): LowPassHz | null {
  for (const f of [150, 100, 40] as const) if (f < 0.45 * fsHz) return f;
  return null;
}

/**
 * No body-surface EKG front end passes a volt: electrode offsets stay within a few hundred mV and
 * the heart's signal within a few mV. A sample beyond it (or infinite) is a corrupted value, not a
 * measurement, and is read as missing, so the quality findings report it as a gap. Filtered as it
 * was, one 2e6-mV sample in lead II rang through the high-pass for seconds and gave an immediate
 * ST_ELEVATION on a flat ST segment.
 */
export const MAX_PLAUSIBLE_SAMPLE_MV = 1000;

/** `leads` with every implausible sample as NaN (a lead is copied only when it has one). */
function withoutImplausible(leads: readonly Float32Array[]): Float32Array[] {
  return leads.map((x) => {
    let out: Float32Array | null = null;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v > MAX_PLAUSIBLE_SAMPLE_MV || v < -MAX_PLAUSIBLE_SAMPLE_MV) (out ??= Float32Array.from(x))[i] = Number.NaN;
    }
    return out ?? x;
  });
}

/**
 * A stretch where every lead holds exactly the same value sample after sample, this long or longer
 * but shorter than a pause (HELD_DROPOUT_MAX_SEC), is a recording dropout (samples held or zero-filled
 * by the recorder or a converter), not the heart's: amplifier and quantisation noise change at least
 * one lead within far less. Read as missing, so the quality findings report a gap and no RR interval
 * is counted across it; read as signal, a 0.5-s dropout that swallowed a beat gave BRADYCARDIA and
 * PAUSE (a robustness tester's copies of LUDB and CinC 2021 records). The shared records hold such
 * runs of at most 0.14 s (LUDB 41; PTB-XL's zero padding in CinC 2021: 0.10 s at the end).
 */
export const HELD_DROPOUT_MIN_SEC = 0.3;
/** From a pause's length on (PAUSE: RR > 2 s) a flat line in every lead is left as it is: the flat-line findings judge it (possible asystole). */
export const HELD_DROPOUT_MAX_SEC = 2;

/** `leads` with every held dropout (HELD_DROPOUT_MIN_SEC..HELD_DROPOUT_MAX_SEC) after its first sample as NaN. */
function withoutHeldDropouts(leads: readonly Float32Array[], fsHz: number): Float32Array[] {
  const n = leads[0]?.length ?? 0;
  const min = Math.round(HELD_DROPOUT_MIN_SEC * fsHz);
  const max = Math.round(HELD_DROPOUT_MAX_SEC * fsHz);
  let out: Float32Array[] | null = null;
  let runStart = 0;
  const close = (end: number) => {
    // Samples runStart+1..end-1 repeat runStart's values in every lead.
    const repeats = end - 1 - runStart;
    if (repeats < min || repeats >= max) return;
    out ??= leads.map((x) => Float32Array.from(x));
    for (const y of out) y.fill(Number.NaN, runStart + 1, end);
  };
  for (let i = 1; i < n; i++) {
    // Judged on the leads that hold both samples: a lead missing throughout (an electrode off for the
    // whole capture) does not hide a dropout in the others; with no such lead it is a gap already.
    let present = 0;
    let same = true;
    for (const x of leads) {
      const a = x[i - 1]!;
      const b = x[i]!;
      if (a !== a || b !== b) continue;
      present++;
      if (a !== b) {
        same = false;
        break;
      }
    }
    if (!same || present === 0) {
      close(i);
      runStart = i;
    }
  }
  close(n);
  return out ?? [...leads];
}

/** Passes of the pacemaker-pulse search (pacer-pulses.ts): each looks again once the pulses found are taken out. */
const PACER_PASSES = 3;

export function runPipeline(input: readonly Float32Array[], fsHz: number, leadNames: readonly string[], options: PipelineOptions): PipelineResult {
  const leads = withoutHeldDropouts(withoutImplausible(input), fsHz);
  const { intervals: quality, unusable, mainsHeardHz } = assessQualityDetailed(leads, fsHz, leadNames, { mainsHz: options.mainsHz });
  const wanted = options.mainsHz ?? mainsHeardHz;
  const notchHz = wanted !== null && wanted < 0.45 * fsHz ? wanted : null;
  const filters: AnalysisFilters = { highPassHz: HIGH_PASS_HZ, lowPassHz: diagnosticLowPassHz(fsHz), mainsNotchHz: notchHz, mainsNotchHeard: notchHz !== null && options.mainsHz === null };
  const designs = chainSpecs({ highPassHz: filters.highPassHz, mainsHz: filters.mainsNotchHz, lowPassHz: filters.lowPassHz }).map((s) => designFilter(s, fsHz, 'zero-phase'));
  // Filtered through bridged gaps (gaps.ts), which stay missing: each run between NaN filtered on
  // its own starts its 0.05 Hz high-pass afresh, so a lost frame shifted the baseline after it.
  const bridged = bridgedGapSamples(fsHz);
  const filter = (xs: readonly Float32Array[]) => filterZeroPhaseLeads(designs, xs.map((x) => bridgeShortGaps(x, bridged))).map((y, k) => withGapsOf(y, leads[k]!));
  const noLead = unusable.filter((u) => u.lead === null);
  // A bridged gap is missing (NaN) in `filtered`, which the detector bridges itself; declared
  // unusable as well, it took every lead out at once and the beat decided there was lost.
  const detect = (xs: Float32Array[]) => dropInside(detectRPeaks(xs, fsHz, { unusable: withoutBridgedGaps(unusable, fsHz) }), noLead);
  let filtered = filter(leads);
  let beats = detect(filtered);
  // Pacemaker pulses are found on the unfiltered leads, where they are one sample wide, and taken out
  // before filtering and analysis: spread by the low-pass, a pulse steeper than the QRS became the
  // beat's "activity" (a synthetic paced 160-ms QRS read 30 ms).
  let pulses: Int32Array = new Int32Array(0);
  // The leads without the pulses found so far, where the next look goes: a second ventricular pulse
  // within 30 ms of the first (biventricular pacing) shows only then, and so does a ventricular pulse
  // after a beat the detector had put on an atrial pulse.
  let withoutPulses: readonly Float32Array[] = leads;
  for (let pass = 0; pass < PACER_PASSES; pass++) {
    const found = pacerPulses(withoutPulses, fsHz, beats, pulses);
    if (found.length === pulses.length) break;
    pulses = found;
    const spans = pacerArtefactSpans(leads, pulses, fsHz);
    withoutPulses = withoutPacerArtefacts(leads, spans);
    filtered = filter(withoutPulses);
    // Beats are found again only where the detector had put one on a pulse's artefact. Otherwise they
    // stand: without the ventricular pulses, LUDB 45's slow paced QRS left its atrial pacing
    // artefacts (0.2-0.3 mV over 15 ms, no one-sample edge) the sharpest waves, and they were counted
    // as two more beats (61 -> 75/min).
    if (beats.some((b) => spans.some((sp) => b >= sp.from && b <= sp.to))) beats = detect(filtered);
  }
  const rr = rrSeries(beats, fsHz, beatHidingStretches(quality, fsHz));
  return { filtered, quality, beats, rr, heartRateBpm: meanHeartRateBpm(rr.rrMs), filters, pacerPulses: pulses };
}

/** Beats outside every [start, end) interval (the station never reports a beat where no lead is usable). */
function dropInside(beats: Int32Array, intervals: readonly { start: number; end: number }[]): Int32Array {
  if (intervals.length === 0) return beats;
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const keep: number[] = [];
  let k = 0;
  for (const b of beats) {
    while (k < sorted.length && sorted[k]!.end <= b) k++;
    let inside = false;
    for (let j = k; j < sorted.length && sorted[j]!.start <= b; j++) {
      if (b < sorted[j]!.end) {
        inside = true;
        break;
      }
    }
    if (!inside) keep.push(b);
  }
  return Int32Array.from(keep);
}
