import type { CatalogueTest, Range } from './catalogue.ts';
import { PocRuleError } from './errors.ts';
import { readQuantity } from './evaluate.ts';
import { listText } from '../../../common/format/list.ts';

/** One control run as logged. `passed` is computed by `judgeControl` when it is recorded. */
export interface QcRun {
  readonly testId: string;
  readonly lotNumber: string;
  readonly level: string;
  readonly value: string;
  readonly performedAtMs: number;
  readonly passed: boolean;
}

export type QcState =
  | { readonly state: 'ok'; readonly validUntilMs: number }
  | { readonly state: 'due'; readonly missingLevels: readonly string[] }
  /** `missingLevels`: the other levels also due (no passing run in the window): all must pass to unlock. */
  | { readonly state: 'failed'; readonly failedLevels: readonly string[]; readonly missingLevels: readonly string[] };

function inRange(x: number, r: Range): boolean {
  return (r.low === undefined || x >= r.low) && (r.high === undefined || x <= r.high);
}

/** The answers a control of this test can read: a qualitative test's own list, a panel's members' (and the expected answers). */
function controlAnswers(test: CatalogueTest): string[] {
  const expected = Object.values(test.qc.expected).filter((e): e is string => typeof e === 'string');
  switch (test.kind) {
    case 'qualitative':
      return [...test.allowedValues.map((a) => a.text), ...expected];
    case 'panel':
      return [...test.members.flatMap((m) => (m.kind === 'qualitative' ? m.allowedValues.map((a) => a.text) : [])), ...expected];
    case 'quantitative':
      return expected;
    default: {
      const never: never = test;
      return never;
    }
  }
}

/**
 * Pass/fail of one control result against the test's QC policy. A control that ran and read out
 * of range (or HI/LO, `>N`) fails; a value no control of this test can read (`8O`, `80 mg/dL`,
 * `1e2`, an unknown answer) is refused with the error a patient result gets (poc-value,
 * poc-range), never logged as a failed control that would lock the test. Quantitative controls
 * are read in the test's first unit, the one its control ranges are written in. Unknown level: refused.
 */
export function judgeControl(test: CatalogueTest, level: string, value: string): boolean {
  const expected = test.qc.expected[level];
  if (expected === undefined || !test.qc.levels.includes(level)) throw new PocRuleError('poc-value', `${test.name} has no ${level} control: choose ${test.qc.levels.join(' or ')}.`);
  if (typeof expected === 'string') {
    const t = value.trim().toLowerCase();
    if (!controlAnswers(test).some((a) => a.toLowerCase() === t)) throw new PocRuleError('poc-value', `This is not an answer a ${test.name} control gives: choose one of ${[...new Set(controlAnswers(test))].join(', ')}.`);
    return t === expected.toLowerCase();
  }
  const unit = test.kind === 'quantitative' ? test.units[0] : undefined;
  if (test.kind !== 'quantitative' || unit === undefined) throw new PocRuleError('poc-value', `${test.name} has no number to judge a control range by: choose its answer.`);
  const q = readQuantity(test, unit, value);
  return q.kind === 'numeric' && inRange(q.x, expected);
}

/**
 * QC status of a test for one lot at `nowMs`, from its control log. Per level, the latest run
 * decides: a failed latest run locks the test until a later run passes (whatever its age); a
 * level with no passing run within `validForHours` is due. This is the lockout point-of-care data
 * managers apply (e.g. "QC lockout" in Abbott/Roche POC systems, CLIA 42 CFR 493.1256).
 */
export function qcStatus(test: CatalogueTest, lotNumber: string, runs: readonly QcRun[], nowMs: number): QcState {
  const windowMs = test.qc.validForHours * 3_600_000;
  const failed: string[] = [];
  const missing: string[] = [];
  let validUntilMs = Number.POSITIVE_INFINITY;
  for (const level of test.qc.levels) {
    let latest: QcRun | undefined;
    for (const r of runs) {
      if (r.testId !== test.id || r.lotNumber !== lotNumber || r.level !== level || r.performedAtMs > nowMs) continue;
      if (!latest || r.performedAtMs >= latest.performedAtMs) latest = r;
    }
    if (latest && !latest.passed) failed.push(level);
    else if (!latest || latest.performedAtMs + windowMs <= nowMs) missing.push(level);
    else validUntilMs = Math.min(validUntilMs, latest.performedAtMs + windowMs);
  }
  if (failed.length > 0) return { state: 'failed', failedLevels: failed, missingLevels: missing };
  if (missing.length > 0) return { state: 'due', missingLevels: missing };
  return { state: 'ok', validUntilMs };
}

/**
 * Which moment a QC check is about: the time the test was run (a meter reading downloaded later,
 * a backdated entry), or now (a result entered by hand is also locked while QC is due now). The
 * two need different advice: QC run now cannot make a test run before it valid.
 */
export type QcCheckTime = 'test-time' | 'now';


/** The QC window as an assistant reads it: `24 hours`, `30 days`. */
function windowText(hours: number): string {
  return hours > 24 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

/**
 * A lockout in plain words for the assistant: which test and lot, which control is missing or
 * failed, and what to do next. Names no patient and no patient value.
 */
export function qcLockoutMessage(test: CatalogueTest, lotNumber: string, state: Exclude<QcState, { state: 'ok' }>, when: QcCheckTime): string {
  const what = `${test.name}, lot ${lotNumber}`;
  const levels = state.state === 'failed' ? state.failedLevels : state.missingLevels;
  const controlsOf = (ls: readonly string[]) => `${listText(ls)} control${ls.length === 1 ? '' : 's'}`;
  const controls = controlsOf(levels);
  const window = windowText(test.qc.validForHours);
  // A failed level hides none that are also due: every one must pass before the test unlocks.
  const alsoDue = state.state === 'failed' && state.missingLevels.length > 0 ? state.missingLevels : [];
  const toRun = controlsOf([...levels, ...alsoDue]);
  switch (when) {
    case 'test-time': {
      const problem = state.state === 'failed' ? `the last ${controls} run before it did not pass` : `no ${controls} passed in the ${window} before it`;
      return `QC for ${what} was not current when this test was run: ${problem}. A test run before its QC passed cannot be recorded: run QC on this lot until it passes, then repeat the test on the patient.`;
    }
    case 'now': {
      const problem = state.state === 'failed' ? `the last ${controls} run did not pass${alsoDue.length > 0 ? `, and the ${controlsOf(alsoDue)} ${alsoDue.length === 1 ? 'is' : 'are'} due` : ''}` : `no ${controls} passed in the last ${window}`;
      return `${what} is locked until QC passes: ${problem}. Run the ${toRun} on this lot, then enter the result.`;
    }
    default: {
      const never: never = when;
      return never;
    }
  }
}

/** Throws `poc-qc-locked` (in plain words, qcLockoutMessage) unless QC is current for this test and lot at `atMs`. */
export function assertQcCurrent(test: CatalogueTest, lotNumber: string, runs: readonly QcRun[], atMs: number, when: QcCheckTime): void {
  const s = qcStatus(test, lotNumber, runs, atMs);
  if (s.state !== 'ok') throw new PocRuleError('poc-qc-locked', qcLockoutMessage(test, lotNumber, s, when));
}
