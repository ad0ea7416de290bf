import { findUnit, getTest, type Catalogue, type QualitativeTest, type QuantitativeTest, type Range, type UnitSpec } from './catalogue.ts';
import { PocRuleError } from './errors.ts';
import { quantityText, unitListText } from '../../../common/poc/unitText.ts';

/** HL7 table 0078 interpretation codes we emit. null = within reference (no flag). */
export type AbnormalFlag = 'L' | 'H' | 'LL' | 'HH' | 'A';

export interface Evaluation {
  readonly testId: string;
  readonly loinc: string;
  readonly loincName: string;
  /** UCUM unit for export; '' for qualitative results. */
  readonly ucum: string;
  /** The value exactly as given (HI/LO, >N/<N included): never rewritten. */
  readonly value: string;
  readonly valueKind: 'numeric' | 'above-range' | 'below-range' | 'coded';
  readonly flag: AbnormalFlag | null;
  readonly critical: boolean;
  /** OBX-7 style text: `70-99`, `>=5`, `<=1.2`, or the normal answer (`Negative`). */
  readonly referenceRange: string;
}

const NUMBER_RE = /^-?(\d+)(?:\.(\d+))?$/;

export function formatRange(r: Range): string {
  if (r.low !== undefined && r.high !== undefined) return `${r.low}-${r.high}`;
  if (r.low !== undefined) return `>=${r.low}`;
  if (r.high !== undefined) return `<=${r.high}`;
  return '';
}

function flagFor(x: number, u: UnitSpec): { flag: AbnormalFlag | null; critical: boolean } {
  if (u.critical.low !== undefined && x < u.critical.low) return { flag: 'LL', critical: true };
  if (u.critical.high !== undefined && x > u.critical.high) return { flag: 'HH', critical: true };
  if (u.reference.low !== undefined && x < u.reference.low) return { flag: 'L', critical: false };
  if (u.reference.high !== undefined && x > u.reference.high) return { flag: 'H', critical: false };
  return { flag: null, critical: false };
}

/**
 * A result beyond what the device can measure, given as a bound: `>N` / `<N` (Contour-style), or
 * the test's HI/LO text, which means the same with N = the catalogue's reportable limit. The true
 * value is only known to lie beyond N, so N itself is never flagged as if measured: the flag is
 * H/L, HH/LL (critical) only when every value beyond N is past the critical limit.
 */
function evaluateBeyondRange(test: QuantitativeTest, u: UnitSpec, direction: 'above' | 'below', bound: number | undefined): Pick<Evaluation, 'valueKind' | 'flag' | 'critical'> {
  if (direction === 'above') {
    // A `>N` whose N is below the top of the reference range could still be a normal value: no flag can be given honestly.
    if (bound !== undefined && u.reference.high !== undefined && bound < u.reference.high) throw new PocRuleError('poc-value', boundInsideReference(test, u));
    const critical = u.critical.high !== undefined && bound !== undefined && bound >= u.critical.high;
    return { valueKind: 'above-range', flag: critical ? 'HH' : 'H', critical };
  }
  if (bound !== undefined && u.reference.low !== undefined && bound > u.reference.low) throw new PocRuleError('poc-value', boundInsideReference(test, u));
  const critical = u.critical.low !== undefined && bound !== undefined && bound <= u.critical.low;
  return { valueKind: 'below-range', flag: critical ? 'LL' : 'L', critical };
}

const BOUND_RE = /^([<>])\s*(\d+(?:\.\d+)?)$/;

/** A range as a person reads it, its unit in words (quantityText): `20 to 600 mg/dL`, `at least 4 %`, `INR 0.8 to 8`. */
function rangeWords(r: Range, ucum: string): string {
  const text = r.low !== undefined && r.high !== undefined ? `${r.low} to ${r.high}` : r.low !== undefined ? `at least ${r.low}` : r.high !== undefined ? `at most ${r.high}` : 'any number';
  return quantityText(text, ucum);
}

/**
 * What can be typed for a quantitative test, in the assistant's words (every refusal of a value
 * that is no reading ends with it): the number as the meter shows it, its HI/LO text, or a bound.
 */
function whatToType(test: QuantitativeTest, u: UnitSpec): string {
  const example = u.reportable.high !== undefined ? ` (such as >${u.reportable.high})` : '';
  return `Type the number the meter shows (${rangeWords(u.reportable, u.ucum)}), ${test.aboveRangeText} or ${test.belowRangeText} if the meter shows that, or >N or <N if it shows a value beyond its range${example}.`;
}

function boundInsideReference(test: QuantitativeTest, u: UnitSpec): string {
  return `A value given as >N or <N for ${test.name} must lie beyond the normal range (${rangeWords(u.reference, u.ucum)}), or no flag can be given: type the number the meter shows.`;
}

/** A quantitative value as read: a measured number, or a bound the true value lies beyond (`bound` undefined: HI/LO with no catalogue limit). */
export type Quantity = { readonly kind: 'numeric'; readonly x: number } | { readonly kind: 'above' | 'below'; readonly bound: number | undefined };

/**
 * Refuses a number a device in unit `u` cannot report: more decimals than it shows, or outside its
 * reportable range. `what` names the number in the message (`The value`, `The number after > or <`).
 */
function readNumber(test: QuantitativeTest, u: UnitSpec, text: string, what: string): number {
  const m = NUMBER_RE.exec(text);
  if (!m) throw new PocRuleError('poc-value', `The value typed for ${test.name} is not a reading. ${whatToType(test, u)}`);
  if ((m[2]?.length ?? 0) > u.maxDecimals) {
    const decimals = u.maxDecimals === 0 ? 'no decimals' : `at most ${u.maxDecimals} decimal${u.maxDecimals === 1 ? '' : 's'}`;
    throw new PocRuleError('poc-value', `${what} for ${test.name} has more decimals than the meter shows: type it with ${decimals}, as the meter shows it.`);
  }
  const x = Number(text);
  if ((u.reportable.low !== undefined && x < u.reportable.low) || (u.reportable.high !== undefined && x > u.reportable.high)) {
    throw new PocRuleError('poc-range', `${what} for ${test.name} is outside what the meter can measure (${rangeWords(u.reportable, u.ucum)}): check it. ${whatToType(test, u)}`);
  }
  return x;
}

/**
 * Reads a value of a quantitative test in unit `u` (patient results and control runs alike): a
 * number, the test's HI/LO text, or `>N`/`<N`. A number and a bound's N follow the same rules
 * (decimals, reportable range): a meter reports `>600` at its upper limit, never `>10000` or
 * `>600.5`. Anything else is refused (poc-value, poc-range), never read as something else.
 */
export function readQuantity(test: QuantitativeTest, u: UnitSpec, value: string): Quantity {
  const trimmed = value.trim();
  if (trimmed.toUpperCase() === test.aboveRangeText.toUpperCase()) return { kind: 'above', bound: u.reportable.high };
  if (trimmed.toUpperCase() === test.belowRangeText.toUpperCase()) return { kind: 'below', bound: u.reportable.low };
  const bound = BOUND_RE.exec(trimmed);
  if (bound) return { kind: bound[1] === '>' ? 'above' : 'below', bound: readNumber(test, u, bound[2]!, 'The number after > or <') };
  return { kind: 'numeric', x: readNumber(test, u, trimmed, 'The value') };
}

function evaluateQuantitative(test: QuantitativeTest, value: string, unit: string): Evaluation {
  const u = findUnit(test, unit);
  if (!u) throw new PocRuleError('poc-unit', `${test.name} is not reported in this unit: choose the unit the meter shows (${unitListText(test.units.map((x) => x.ucum))}); values are never converted.`);
  const base = { testId: test.id, loinc: u.loinc, loincName: u.loincName, ucum: u.ucum, value, referenceRange: formatRange(u.reference) };
  const q = readQuantity(test, u, value);
  if (q.kind === 'numeric') return { ...base, valueKind: 'numeric', ...flagFor(q.x, u) };
  return { ...base, ...evaluateBeyondRange(test, u, q.kind, q.bound) };
}

function evaluateQualitative(test: QualitativeTest, value: string, unit: string): Evaluation {
  if (unit !== '') throw new PocRuleError('poc-unit', `${test.name} is read as an answer, without a unit.`);
  const allowed = test.allowedValues.find((a) => a.text.toLowerCase() === value.trim().toLowerCase());
  if (!allowed) throw new PocRuleError('poc-value', `This is not an answer ${test.name} gives: choose one of ${test.allowedValues.map((a) => a.text).join(', ')}.`);
  if (!allowed.reportable) throw new PocRuleError('poc-invalid-run', `The ${test.name} test read ${allowed.text}: nothing to report. Repeat the test.`);
  const normal = test.allowedValues.filter((a) => a.normal).map((a) => a.text);
  return {
    testId: test.id, loinc: test.loinc, loincName: test.loincName, ucum: '', value, valueKind: 'coded',
    flag: allowed.normal ? null : 'A',
    critical: test.criticalValues.some((c) => c.toLowerCase() === allowed.text.toLowerCase()),
    referenceRange: normal.join(' or '),
  };
}

/**
 * Validates one result against the catalogue and derives its abnormal flag and critical status.
 * Refuses (PocRuleError) rather than repairs: wrong unit, malformed number, a number outside the
 * reportable range, a `>N`/`<N` bound that leaves the flag open, an answer not on the list, an
 * Invalid kit run.
 */
export function evaluateResult(catalogue: Catalogue, testId: string, value: string, unit: string): Evaluation {
  const test = getTest(catalogue, testId);
  switch (test.kind) {
    case 'quantitative':
      return evaluateQuantitative(test, value, unit);
    case 'qualitative':
      return evaluateQualitative(test, value, unit);
    case 'panel':
      throw new PocRuleError('poc-panel', `${test.name} is a panel: enter the result of each of its tests.`);
    default: {
      const never: never = test;
      return never;
    }
  }
}
