// Which expert labels of the shared development sets correspond to which review flag, and which
// labels say nothing about a flag's definition (those records are left out for that flag).
import type { FlagCode } from '../../domain/ekg-flags/flags.ts';
import { FLAG_THRESHOLDS as T } from '../../domain/ekg-flags/thresholds.ts';

/** Flags a record's labels can neither confirm nor refute, each with the reason (neither a hit nor a false alarm). */
export type Unscorable = Map<FlagCode, string>;

const RATE_FLAGS: readonly FlagCode[] = ['BRADYCARDIA', 'TACHYCARDIA'];

/** Label -> flag for LUDB's diagnosis comments (case-insensitive substring of a comment line). */
const LUDB: ReadonlyArray<[string, FlagCode]> = [
  ['rhythm: sinus bradycardia', 'BRADYCARDIA'],
  ['rhythm: sinus tachycardia', 'TACHYCARDIA'],
  ['rhythm: atrial fibrillation', 'IRREGULAR_RHYTHM'],
  ['i degree av block', 'PROLONGED_PR'],
  ['complete left bundle branch block', 'WIDE_QRS'],
  ['complete right bundle branch block', 'WIDE_QRS'],
  // A ventricular-paced QRS spreads from the pacing site through the myocardium, not the
  // His-Purkinje system: wide (LUDB "UNIpolar/BIpolar ventricular pacing", "Biventricular pacing").
  ['ventricular pacing', 'WIDE_QRS'],
  ['left axis deviation', 'AXIS_DEVIATION'],
  ['right axis deviation', 'AXIS_DEVIATION'],
  ['ventricular extrasystole', 'VENTRICULAR_ECTOPY'],
  ['stemi:', 'ST_ELEVATION'],
];

/** LUDB labels that say nothing about a flag's definition (case-insensitive substring of a comment line). */
const LUDB_SILENT: ReadonlyArray<[string, readonly FlagCode[], string]> = [
  ['ventricular pacing', [...RATE_FLAGS, 'IRREGULAR_RHYTHM'], 'ventricular pacing: the rhythm label names the atrial rhythm; the pacemaker sets the ventricular rate and regularity'],
  ['iii degree av', RATE_FLAGS, 'complete AV block: the rhythm label names the atrial rhythm, not the ventricular rate'],
  ['atrial flutter', ['IRREGULAR_RHYTHM'], 'atrial flutter conducts regularly or variably: the label does not say whether the RR is irregularly irregular'],
  ['intravintricular conduction delay', ['WIDE_QRS'], 'non-specific intraventricular conduction delay means QRS > 110 ms, not whether it reaches 120 ms'],
  ['intraventricular conduction delay', ['WIDE_QRS'], 'non-specific intraventricular conduction delay means QRS > 110 ms, not whether it reaches 120 ms'],
  // LUDB labels a third of its records "left axis deviation" (66 of 200) and does not define it; the
  // convention its categories seem to follow (horizontal 0 to +29 deg, normal +30 to +69, vertical
  // +70 to +90) starts a left deviation at 0 deg, not at the flag's -30. Its dev records so labelled
  // measure -65 to +54 deg here. A right axis deviation (> +90 deg) and a normal, vertical or
  // horizontal axis do give the flag's answer.
  ['left axis deviation', ['AXIS_DEVIATION'], 'LUDB\'s "left axis deviation" does not say whether the axis is past the flag\'s -30 deg (its convention starts at 0 deg)'],
  ['ventricular pacing', ['AXIS_DEVIATION'], 'ventricular pacing: the pacing site sets the QRS axis, which LUDB does not label'],
];

/** LUDB rhythm labels that state the rate against 60-100/min; any other rhythm label (AF, flutter, sinus arrhythmia) does not. */
const LUDB_RATE_RHYTHMS = ['sinus rhythm', 'sinus bradycardia', 'sinus tachycardia'];

/** SNOMED CT codes of the CinC 2021 `# Dx:` line -> flag (codes and names: the Challenge's dx_mapping_scored/unscored.csv). */
const SNOMED: ReadonlyMap<string, FlagCode> = new Map([
  ['426177001', 'BRADYCARDIA'], // sinus bradycardia
  ['426627000', 'BRADYCARDIA'], // bradycardia
  ['427084000', 'TACHYCARDIA'], // sinus tachycardia
  ['164889003', 'IRREGULAR_RHYTHM'], // atrial fibrillation
  ['314208002', 'IRREGULAR_RHYTHM'], // rapid atrial fibrillation (also TACHYCARDIA, below)
  ['426749004', 'IRREGULAR_RHYTHM'], // chronic atrial fibrillation
  ['282825002', 'IRREGULAR_RHYTHM'], // paroxysmal atrial fibrillation
  ['270492004', 'PROLONGED_PR'], // 1st degree AV block
  ['164947007', 'PROLONGED_PR'], // prolonged PR interval (the same finding: PR > 200 ms, every beat conducted)
  ['164909002', 'WIDE_QRS'], // left bundle branch block
  ['733534002', 'WIDE_QRS'], // complete LBBB
  ['59118001', 'WIDE_QRS'], // right bundle branch block
  ['713427006', 'WIDE_QRS'], // complete RBBB
  ['251266004', 'WIDE_QRS'], // ventricular pacing pattern
  ['39732003', 'AXIS_DEVIATION'], // left axis deviation
  ['47665007', 'AXIS_DEVIATION'], // right axis deviation
  ['427172004', 'VENTRICULAR_ECTOPY'], // premature ventricular contractions
  ['17338001', 'VENTRICULAR_ECTOPY'], // ventricular premature beats
  ['164884008', 'VENTRICULAR_ECTOPY'], // ventricular ectopics
  ['11157007', 'VENTRICULAR_ECTOPY'], // ventricular bigeminy
  ['251180001', 'VENTRICULAR_ECTOPY'], // ventricular trigeminy
  ['251182009', 'VENTRICULAR_ECTOPY'], // paired ventricular premature complexes
  ['111975006', 'PROLONGED_QTC'], // prolonged QT interval
  ['251146004', 'LOW_VOLTAGE'], // low QRS voltages
  ['164931005', 'ST_ELEVATION'], // ST elevation
  ['429622005', 'ST_DEPRESSION'], // ST depression
]);

/** Codes that state a second finding: rapid atrial fibrillation is AF with a ventricular rate over 100/min. */
const SNOMED_ALSO: ReadonlyMap<string, FlagCode> = new Map([['314208002', 'TACHYCARDIA']]);

/** AF or flutter codes that do not state the ventricular rate (314208002 "rapid atrial fibrillation" does: TACHYCARDIA). */
const AF_OR_FLUTTER = ['164889003', '426749004', '282825002', '164890007', '195080001'];

/**
 * SNOMED CT codes that say a finding is present without saying whether a flag's definition is met:
 * records carrying them are left out when scoring those flags (neither a hit nor a false alarm).
 */
const SNOMED_SILENT: ReadonlyMap<string, [readonly FlagCode[], string]> = new Map([
  ['55930002', [['ST_ELEVATION', 'ST_DEPRESSION'], 'ST segment changes: elevation or depression']],
  ['698252002', [['WIDE_QRS'], 'non-specific intraventricular conduction disorder means QRS > 110 ms, not whether it reaches 120 ms']],
  ['6374002', [['WIDE_QRS'], 'bundle branch block, complete or incomplete not stated']],
  ['251200008', [['AXIS_DEVIATION'], 'indeterminate axis: not measured by the annotators']],
  ['164890007', [['IRREGULAR_RHYTHM'], 'atrial flutter conducts regularly or variably: the label does not say whether the RR is irregularly irregular']],
  ['195080001', [['IRREGULAR_RHYTHM'], 'atrial fibrillation and flutter: which one, and whether the RR is irregular, not stated']],
  ['10370003', [[...RATE_FLAGS, 'IRREGULAR_RHYTHM', 'WIDE_QRS'], 'pacing rhythm: atrial or ventricular not stated; the pacemaker sets rate and regularity']],
  ['251266004', [[...RATE_FLAGS, 'IRREGULAR_RHYTHM'], 'ventricular pacing: the pacemaker sets the ventricular rate and regularity']],
  ['27885002', [RATE_FLAGS, 'complete heart block: the ventricular rate is not stated']],
]);

function dxCodes(comments: readonly string[]): string[] {
  const dx = comments.find((c) => /^\s*Dx:/i.test(c));
  return dx === undefined ? [] : dx.replace(/^\s*Dx:/i, '').split(',').map((c) => c.trim());
}

export function ludbLabels(comments: readonly string[]): Set<FlagCode> {
  const out = new Set<FlagCode>();
  for (const line of comments) {
    const l = line.toLowerCase();
    for (const [needle, flag] of LUDB) {
      // "Incomplete ... bundle branch block" is not a wide QRS; "II/III degree AV block" contain
      // "i degree av block" but are not a first-degree block.
      if (!l.includes(needle) || (flag === 'WIDE_QRS' && l.includes('incomplete')) || (flag === 'PROLONGED_PR' && /ii+ degree/.test(l))) continue;
      out.add(flag);
    }
  }
  return out;
}

/** Flags LUDB's labels of this record say nothing about (see LUDB_SILENT and LUDB_RATE_RHYTHMS). */
export function ludbUnscorable(comments: readonly string[]): Unscorable {
  const out: Unscorable = new Map();
  for (const line of comments) {
    const l = line.toLowerCase().trim();
    for (const [needle, flags, why] of LUDB_SILENT) if (l.includes(needle)) for (const f of flags) if (!out.has(f)) out.set(f, why);
    const rhythm = /^rhythm:\s*(.*?)\.?$/.exec(l)?.[1];
    if (rhythm !== undefined && !LUDB_RATE_RHYTHMS.includes(rhythm)) {
      for (const f of RATE_FLAGS) if (!out.has(f)) out.set(f, `rhythm "${rhythm}" does not state the rate`);
    }
  }
  if (!out.has('AXIS_DEVIATION') && !comments.some((line) => line.toLowerCase().includes('electric axis of the heart'))) {
    out.set('AXIS_DEVIATION', 'no electric axis label');
  }
  return out;
}

/** What LUDB's cardiologists' own marks give for a record (null where not marked). */
export interface MarkedFindings {
  /** Rate of the QRS marks (lead II, mean RR). */
  rateBpm: number | null;
  /** Median over beats of the per-beat median over leads. */
  prMs: number | null;
  qrsMs: number | null;
}

/**
 * Flags whose LUDB label contradicts the same cardiologists' marks under the flag's own threshold
 * (e.g. "Sinus rhythm" on a strip whose marked QRS complexes come 55 times a minute, "I degree AV
 * block" with a marked PR of 184 ms): the label then follows another cut-off than the flag's
 * definition, so it can neither confirm nor refute the flag. Our own measurement plays no part.
 */
export function ludbLabelsContradictingMarks(labels: ReadonlySet<FlagCode>, m: MarkedFindings): Unscorable {
  const out: Unscorable = new Map();
  const check = (flag: FlagCode, marked: boolean | null, what: string) => {
    if (marked !== null && marked !== labels.has(flag)) out.set(flag, `${labels.has(flag) ? 'labelled' : 'not labelled'}, but ${what}`);
  };
  const rate = m.rateBpm === null ? null : Math.round(m.rateBpm);
  check('BRADYCARDIA', rate === null ? null : rate < T.bradycardiaBpm.value, `marked rate ${rate}/min`);
  check('TACHYCARDIA', rate === null ? null : rate > T.tachycardiaBpm.value, `marked rate ${rate}/min`);
  check('PROLONGED_PR', m.prMs === null ? null : m.prMs > T.prolongedPrMs.value, `marked PR ${Math.round(m.prMs ?? 0)} ms`);
  check('WIDE_QRS', m.qrsMs === null ? null : m.qrsMs >= T.wideQrsMs.value, `marked QRS ${Math.round(m.qrsMs ?? 0)} ms`);
  return out;
}

export function cinc2021Labels(comments: readonly string[]): Set<FlagCode> {
  const out = new Set<FlagCode>();
  for (const code of dxCodes(comments)) {
    for (const flag of [SNOMED.get(code), SNOMED_ALSO.get(code)]) if (flag !== undefined) out.add(flag);
  }
  return out;
}

/**
 * Flags the CinC 2021 codes of this record say nothing about: see SNOMED_SILENT, and the rate flags
 * in AF or flutter without a rate code. A finding without its code counts as absent, also where a
 * source database labels that finding rarely: the station is judged on labels as they stand.
 */
export function cinc2021Unscorable(comments: readonly string[]): Unscorable {
  const out: Unscorable = new Map();
  const codes = dxCodes(comments);
  for (const code of codes) for (const f of SNOMED_SILENT.get(code)?.[0] ?? []) if (!out.has(f)) out.set(f, SNOMED_SILENT.get(code)![1]);
  const labels = cinc2021Labels(comments);
  if (codes.some((c) => AF_OR_FLUTTER.includes(c)) && !RATE_FLAGS.some((f) => labels.has(f))) {
    for (const f of RATE_FLAGS) if (!out.has(f)) out.set(f, 'atrial fibrillation/flutter without a rate code: the ventricular rate is not stated');
  }
  return out;
}

/**
 * Flags LUDB's diagnosis vocabulary can confirm or refute. LUDB has no QT, PR-shortening or pause
 * labels, and as shared it stores every lead scaled to exactly 1 mV peak-to-peak over the record
 * (each header gain equals that lead's digital range), so amplitudes are not physical there: flags
 * that depend on amplitude (low voltage, ST) are scored on CinC 2021 only. The axis is scored: its
 * stored samples keep Einthoven's law, and the station reads the axis in those units (axis-scale.ts).
 */
export const LUDB_SCORED_FLAGS: ReadonlySet<FlagCode> = new Set(['BRADYCARDIA', 'TACHYCARDIA', 'IRREGULAR_RHYTHM', 'PROLONGED_PR', 'WIDE_QRS', 'AXIS_DEVIATION', 'VENTRICULAR_ECTOPY']);

/** Flags whose labels the development sets carry (the others have no labelled cases there). */
export const EVALUATED_FLAGS: readonly FlagCode[] = [
  'BRADYCARDIA',
  'TACHYCARDIA',
  'IRREGULAR_RHYTHM',
  'PROLONGED_PR',
  'WIDE_QRS',
  'AXIS_DEVIATION',
  'VENTRICULAR_ECTOPY',
  'PROLONGED_QTC',
  'LOW_VOLTAGE',
  'ST_ELEVATION',
  'ST_DEPRESSION',
];
