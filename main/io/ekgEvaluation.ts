// Runs the 12-lead analysis over the shared development sets and scores it (used by the bench and the tests).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runPipeline } from '../ekg/pipeline.ts';
import { analysisInputs } from '../domain/ekg-flags/recordFindings.ts';
import { cinc2021Labels, cinc2021Unscorable, EVALUATED_FLAGS, LUDB_SCORED_FLAGS, ludbLabels, ludbLabelsContradictingMarks, ludbUnscorable, type MarkedFindings, type Unscorable } from '../ekg/evaluation/flag-labels.ts';
import { errorStats, ludbReferenceIntervals, tally, type Confusion, type ErrorStats } from '../ekg/evaluation/twelve-lead.ts';
import type { FlagCode } from '../domain/ekg-flags/flags.ts';
import { FLAG_THRESHOLDS } from '../domain/ekg-flags/thresholds.ts';
import { median } from '../ekg/twelve-lead/stats.ts';
import { analyzeEkg, type EkgInterpretation } from '../domain/ekg-flags/summary.ts';
import { loadCinc2017Reference, loadEkg, loadLudbAnnotations, type LoadedEkg } from './ekgDatasets.ts';

/** Marked flags count as their base flag when scoring against labels. */
const BASE: Partial<Record<FlagCode, FlagCode>> = {
  MARKED_BRADYCARDIA: 'BRADYCARDIA',
  MARKED_TACHYCARDIA: 'TACHYCARDIA',
  MARKEDLY_PROLONGED_QTC: 'PROLONGED_QTC',
};

export function flaggedCodes(i: EkgInterpretation): Set<FlagCode> {
  return new Set(i.flags.map((f) => BASE[f.code] ?? f.code));
}

/** The same path as `station analyze`: the pipeline's filtered leads, beats and quality, then the 12-lead analysis. */
export function interpretLoaded(r: LoadedEkg): EkgInterpretation {
  const names = r.leads.map((l) => l.name);
  const p = runPipeline(
    r.leads.map((l) => l.mv),
    r.fsHz,
    names,
    { mainsHz: null },
  );
  const { input, quality } = analysisInputs({ leads: p.filtered, names, fsHz: r.fsHz, beats: p.beats, pacerPulses: p.pacerPulses, quality: p.quality, ...r.scale });
  return analyzeEkg(input, r.patient, quality).interpretation;
}

async function headers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.hea')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export interface IntervalValidation {
  records: number;
  pr: ErrorStats;
  qrs: ErrorStats;
  qt: ErrorStats;
}

export interface FlagScores {
  /** Per flag, the confusion over every readable labelled record of the sets, records in `excluded` left out. */
  byFlag: Map<FlagCode, Confusion>;
  /** The same on the labels as they stand: nothing left out (a missing label counts as absent). */
  raw: Map<FlagCode, Confusion>;
  records: number;
  unreadable: string[];
  /** Records left out of a flag's score because their labels say nothing about its definition, with the reason. */
  excluded: { record: string; flag: FlagCode; reason: string }[];
}

export interface Cinc2017Scores {
  /** AF (A) vs normal + other rhythm (N, O), noisy records excluded. */
  irregular: Confusion;
  noisyTotal: number;
  noisyPoorSignal: number;
  noisyRhythmFlag: number;
  unreadable: string[];
}

/** Interval errors (ours minus, per beat, the median over leads of LUDB's marks), pooled over beats. */
export async function validateLudbIntervals(ludbDir: string): Promise<IntervalValidation> {
  const errs = { pr: [] as number[], qrs: [] as number[], qt: [] as number[] };
  let records = 0;
  for (const h of await headers(ludbDir)) {
    const r = await loadEkg(join(ludbDir, h));
    const ann = await loadLudbAnnotations(ludbDir, r.name, r.leads.map((l) => l.name));
    const ref = ludbReferenceIntervals(ann, r.fsHz);
    const m = interpretLoaded(r).measurements;
    records++;
    const add = (mine: number | null, refs: number[], out: number[]) => {
      if (mine !== null) for (const v of refs) out.push(mine - v);
    };
    add(m.prMs, ref.prMs, errs.pr);
    add(m.qrsMs, ref.qrsMs, errs.qrs);
    add(m.qtMs, ref.qtMs, errs.qt);
  }
  return { records, pr: errorStats(errs.pr), qrs: errorStats(errs.qrs), qt: errorStats(errs.qt) };
}

/** LUDB's marks of one record: the rate of the lead II QRS marks and the per-record marked intervals. */
interface LudbMarks extends MarkedFindings {
  qtMs: number | null;
  /** Mean RR of the lead II QRS marks, s (null with fewer than 3 marks). */
  rrS: number | null;
}

async function ludbMarks(ludbDir: string, r: LoadedEkg): Promise<LudbMarks> {
  const ann = await loadLudbAnnotations(ludbDir, r.name, r.leads.map((l) => l.name));
  const ref = ludbReferenceIntervals(ann, r.fsHz);
  const qrs = (ann[1] ?? []).filter((a) => a.code === 1).map((a) => a.sample);
  const rrS = qrs.length < 3 ? null : (qrs[qrs.length - 1]! - qrs[0]!) / (qrs.length - 1) / r.fsHz;
  const mid = (v: number[]) => (v.length > 0 ? median(v) : null);
  return { rateBpm: rrS === null ? null : 60 / rrS, prMs: mid(ref.prMs), qrsMs: mid(ref.qrsMs), qtMs: mid(ref.qtMs), rrS };
}

export interface RateFlagScores {
  bradycardia: Confusion;
  tachycardia: Confusion;
  records: number;
}

/**
 * Rate flags against the rate of LUDB's own QRS marks (lead II; mean RR): checks the flag rule
 * itself, apart from the diagnosis labels, whose bradycardia/tachycardia cut-offs are the annotators'.
 */
export async function scoreRateFlagsOnMarkedRate(ludbDir: string): Promise<RateFlagScores> {
  const out: RateFlagScores = { bradycardia: { tp: 0, fp: 0, tn: 0, fn: 0 }, tachycardia: { tp: 0, fp: 0, tn: 0, fn: 0 }, records: 0 };
  for (const h of await headers(ludbDir)) {
    const r = await loadEkg(join(ludbDir, h));
    const { rateBpm } = await ludbMarks(ludbDir, r);
    if (rateBpm === null) continue;
    const flagged = flaggedCodes(interpretLoaded(r));
    out.records++;
    tally(out.bradycardia, Math.round(rateBpm) < FLAG_THRESHOLDS.bradycardiaBpm.value, flagged.has('BRADYCARDIA'));
    tally(out.tachycardia, Math.round(rateBpm) > FLAG_THRESHOLDS.tachycardiaBpm.value, flagged.has('TACHYCARDIA'));
  }
  return out;
}

/**
 * Interval flags against the cardiologists' own intervals on LUDB (per record, the median over
 * beats of the per-beat median over leads; QTc by Fridericia, as flagged, from the marked RR): checks each flag's
 * rule and our measurement together, apart from the diagnosis labels' conventions.
 */
export async function scoreIntervalFlagsOnMarks(ludbDir: string): Promise<Map<FlagCode, Confusion>> {
  const out = new Map<FlagCode, Confusion>((['PROLONGED_PR', 'SHORT_PR', 'WIDE_QRS', 'PROLONGED_QTC'] as const).map((f) => [f, { tp: 0, fp: 0, tn: 0, fn: 0 }]));
  for (const h of await headers(ludbDir)) {
    const r = await loadEkg(join(ludbDir, h));
    const { prMs: pr, qrsMs: qrs, qtMs: qt, rrS } = await ludbMarks(ludbDir, r);
    const flagged = flaggedCodes(interpretLoaded(r));
    if (pr !== null) {
      tally(out.get('PROLONGED_PR')!, pr > FLAG_THRESHOLDS.prolongedPrMs.value, flagged.has('PROLONGED_PR'));
      tally(out.get('SHORT_PR')!, pr < FLAG_THRESHOLDS.shortPrMs.value, flagged.has('SHORT_PR'));
    }
    if (qrs !== null) tally(out.get('WIDE_QRS')!, qrs >= FLAG_THRESHOLDS.wideQrsMs.value, flagged.has('WIDE_QRS'));
    if (qt !== null && rrS !== null) {
      const limit = r.patient.sex === 'M' ? FLAG_THRESHOLDS.prolongedQtcMaleMs.value : FLAG_THRESHOLDS.prolongedQtcFemaleMs.value;
      tally(out.get('PROLONGED_QTC')!, qt / Math.cbrt(rrS) >= limit, flagged.has('PROLONGED_QTC'));
    }
  }
  return out;
}

/**
 * Se/Sp of every labelled flag on LUDB (header diagnoses) and CinC 2021 (SNOMED CT Dx). A record is
 * left out of a flag's score (listed in `excluded`) when its labels say nothing about that flag's
 * definition: a rhythm label that does not state the rate, a finding that may or may not reach the
 * flag's threshold, or (LUDB) a label its own cardiologists' marks contradict under the flag's
 * threshold. Only labels and marks decide this, never our measurement.
 */
export async function scoreFlags(ludbDir: string, cinc2021Dir: string): Promise<FlagScores> {
  const byFlag = new Map<FlagCode, Confusion>(EVALUATED_FLAGS.map((f) => [f, { tp: 0, fp: 0, tn: 0, fn: 0 }]));
  const raw = new Map<FlagCode, Confusion>(EVALUATED_FLAGS.map((f) => [f, { tp: 0, fp: 0, tn: 0, fn: 0 }]));
  const unreadable: string[] = [];
  const excluded: FlagScores['excluded'] = [];
  let records = 0;
  for (const [dir, set] of [
    [ludbDir, 'LUDB'],
    [cinc2021Dir, 'CinC 2021'],
  ] as const) {
    for (const h of await headers(dir)) {
      let r: LoadedEkg;
      try {
        r = await loadEkg(join(dir, h));
      } catch {
        unreadable.push(h);
        continue;
      }
      records++;
      let labels: Set<FlagCode>;
      let unscorable: Unscorable;
      if (set === 'LUDB') {
        labels = ludbLabels(r.comments);
        unscorable = ludbUnscorable(r.comments);
        // A record whose annotation files cannot be read is still scored on its labels, with no mark check.
        const marks = await ludbMarks(dir, r).catch(() => null);
        if (marks !== null) for (const [f, why] of ludbLabelsContradictingMarks(labels, marks)) if (!unscorable.has(f)) unscorable.set(f, why);
      } else {
        labels = cinc2021Labels(r.comments);
        unscorable = cinc2021Unscorable(r.comments);
      }
      const flagged = flaggedCodes(interpretLoaded(r));
      for (const [flag, c] of byFlag) {
        if (set === 'LUDB' && !LUDB_SCORED_FLAGS.has(flag)) continue;
        tally(raw.get(flag)!, labels.has(flag), flagged.has(flag));
        const why = unscorable.get(flag);
        if (why !== undefined) {
          excluded.push({ record: `${set} ${r.name}`, flag, reason: why });
          continue;
        }
        tally(c, labels.has(flag), flagged.has(flag));
      }
    }
  }
  return { byFlag, raw, records, unreadable, excluded };
}

/** IRREGULAR_RHYTHM on CinC 2017 (A vs N/O) and what noisy (~) records get. */
export async function scoreCinc2017(dir: string): Promise<Cinc2017Scores> {
  const ref = await loadCinc2017Reference(dir);
  const out: Cinc2017Scores = { irregular: { tp: 0, fp: 0, tn: 0, fn: 0 }, noisyTotal: 0, noisyPoorSignal: 0, noisyRhythmFlag: 0, unreadable: [] };
  for (const [name, label] of ref) {
    let r: LoadedEkg;
    try {
      r = await loadEkg(join(dir, `${name}.hea`));
    } catch {
      out.unreadable.push(name);
      continue;
    }
    const flagged = flaggedCodes(interpretLoaded(r));
    if (label === '~') {
      out.noisyTotal++;
      if (flagged.has('POOR_SIGNAL')) out.noisyPoorSignal++;
      if (flagged.has('IRREGULAR_RHYTHM')) out.noisyRhythmFlag++;
    } else {
      tally(out.irregular, label === 'A', flagged.has('IRREGULAR_RHYTHM'));
    }
  }
  return out;
}
