// Which expert labels of the shared development sets correspond to which review flag.
import type { FlagCode } from '../../domain/ekg-flags/flags.ts';

/** Label -> flag for LUDB's diagnosis comments (case-insensitive substring of a comment line). */
const LUDB: ReadonlyArray<[string, FlagCode]> = [
  ['rhythm: sinus bradycardia', 'BRADYCARDIA'],
  ['rhythm: sinus tachycardia', 'TACHYCARDIA'],
  ['rhythm: atrial fibrillation', 'IRREGULAR_RHYTHM'],
  ['i degree av block', 'PROLONGED_PR'],
  ['complete left bundle branch block', 'WIDE_QRS'],
  ['complete right bundle branch block', 'WIDE_QRS'],
  ['left axis deviation', 'AXIS_DEVIATION'],
  ['right axis deviation', 'AXIS_DEVIATION'],
  ['ventricular extrasystole', 'VENTRICULAR_ECTOPY'],
  ['stemi:', 'ST_ELEVATION'],
];

/** SNOMED CT codes of the CinC 2021 `# Dx:` line -> flag. */
const SNOMED: ReadonlyMap<string, FlagCode> = new Map([
  ['426177001', 'BRADYCARDIA'],
  ['427084000', 'TACHYCARDIA'],
  ['164889003', 'IRREGULAR_RHYTHM'],
  ['270492004', 'PROLONGED_PR'],
  ['164909002', 'WIDE_QRS'],
  ['733534002', 'WIDE_QRS'],
  ['59118001', 'WIDE_QRS'],
  ['713427006', 'WIDE_QRS'],
  ['39732003', 'AXIS_DEVIATION'],
  ['47665007', 'AXIS_DEVIATION'],
  ['427172004', 'VENTRICULAR_ECTOPY'],
  ['17338001', 'VENTRICULAR_ECTOPY'],
  ['111975006', 'PROLONGED_QTC'],
  ['251146004', 'LOW_VOLTAGE'],
  ['164931005', 'ST_ELEVATION'],
  ['429622005', 'ST_DEPRESSION'],
]);

/**
 * SNOMED CT codes that say an abnormality is present without saying which flag it is: records
 * carrying them are left out when scoring those flags (neither a hit nor a false alarm).
 * 55930002 "ST segment changes" (elevation or depression).
 */
const SNOMED_AMBIGUOUS: ReadonlyMap<string, readonly FlagCode[]> = new Map([['55930002', ['ST_ELEVATION', 'ST_DEPRESSION']]]);

export function cinc2021Unscorable(comments: readonly string[]): Set<FlagCode> {
  const out = new Set<FlagCode>();
  for (const code of dxCodes(comments)) for (const f of SNOMED_AMBIGUOUS.get(code) ?? []) out.add(f);
  return out;
}

function dxCodes(comments: readonly string[]): string[] {
  const dx = comments.find((c) => /^\s*Dx:/i.test(c));
  return dx === undefined ? [] : dx.replace(/^\s*Dx:/i, '').split(',').map((c) => c.trim());
}

export function ludbLabels(comments: readonly string[]): Set<FlagCode> {
  const out = new Set<FlagCode>();
  for (const line of comments) {
    const l = line.toLowerCase();
    for (const [needle, flag] of LUDB) {
      // "Incomplete ... bundle branch block" is not a wide QRS.
      if (l.includes(needle) && !(flag === 'WIDE_QRS' && l.includes('incomplete'))) out.add(flag);
    }
  }
  return out;
}

export function cinc2021Labels(comments: readonly string[]): Set<FlagCode> {
  const out = new Set<FlagCode>();
  for (const code of dxCodes(comments)) {
    const flag = SNOMED.get(code);
    if (flag !== undefined) out.add(flag);
  }
  return out;
}

/**
 * Flags LUDB's diagnosis vocabulary can confirm or refute. LUDB has no QT, PR-shortening or pause
 * labels, and as shared it stores every lead scaled to exactly 1 mV peak-to-peak over the record
 * (each header gain equals that lead's digital range), so amplitudes are not physical there: flags
 * that depend on amplitude or on the ratio of two leads (low voltage, axis, ST, lead reversal) are
 * scored on CinC 2021 only.
 */
export const LUDB_SCORED_FLAGS: ReadonlySet<FlagCode> = new Set(['BRADYCARDIA', 'TACHYCARDIA', 'IRREGULAR_RHYTHM', 'PROLONGED_PR', 'WIDE_QRS', 'VENTRICULAR_ECTOPY']);

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
