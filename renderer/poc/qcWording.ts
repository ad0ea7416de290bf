import { listText } from '../../common/format/list.ts';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { quantityText } from '../../common/poc/unitText.ts';

type QcState = ResponseOf<'poc.qc.status'>['status'];

/** `the low and high controls`, `the high control`. */
export function controlsText(levels: readonly string[]): string {
  return `the ${listText(levels)} control${levels.length === 1 ? '' : 's'}`;
}

/** A control run just logged (from the meter), as the assistant reads it back. */
export interface LoggedControl {
  readonly testName: string;
  readonly level: string;
  readonly value: string;
  readonly unit: string;
  /** When the meter ran it, as the station shows times. */
  readonly measured: string;
  readonly lotNumber: string;
  readonly passed: boolean;
}

/**
 * What logging a meter's control reading did, in words: passed or FAILED, and where QC for that
 * test and lot stands now (main's `poc.qc.status`, read right after; null when it could not be
 * read). Whether patient results are locked is main's answer, not inferred from this one run: a
 * failed control locks the test until a later run of its level passes, and a passed one may still
 * leave another level due.
 */
export function controlOutcomeText(c: LoggedControl, qc: QcState | null): string {
  const what = `${c.testName}, lot ${c.lotNumber}`;
  const head = `Control ${c.passed ? 'passed' : 'FAILED'}: ${c.testName} ${c.level} control ${quantityText(c.value, c.unit)}, measured ${c.measured}, lot ${c.lotNumber}, is in the QC log.`;
  if (qc === null) return `${head} Check the QC state of ${what} in "Enter a result" before testing patients.`;
  switch (qc.state) {
    case 'ok':
      return `${head} QC for ${what} is current.`;
    case 'due':
      return `${head} Patient results for ${what} are locked until ${controlsText(qc.missingLevels)} ${qc.missingLevels.length === 1 ? 'passes' : 'pass'}.`;
    case 'failed':
      return `${head} Patient results for ${what} are locked: run ${controlsText(qc.failedLevels)} again until ${qc.failedLevels.length === 1 ? 'it passes' : 'they pass'}${qc.missingLevels.length > 0 ? `, and ${controlsText(qc.missingLevels)}, also due` : ''}.`;
    default: {
      const never: never = qc;
      return never;
    }
  }
}
