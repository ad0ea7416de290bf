import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import type { ReprintReason } from '../../common/labels/jobs.ts';

type Job = EventPayloadOf<'labels.job'>;

/**
 * Why a label is printed again, in the words the MA reads. Main stores and audits the code (no free
 * text reaches the audit trail); the screen never shows it. One list for the Reprint choices and
 * the print jobs table; typed by the codes, so a new code cannot be added without its words.
 */
export const REPRINT_REASON_TEXT: Readonly<Record<ReprintReason, string>> = {
  damaged: 'Label damaged',
  unreadable: 'Barcode does not scan',
  lost: 'Label lost',
  'wrong-position': 'Label on the tube in the wrong position',
  'printer-jam': 'Printer jammed',
  interrupted: 'Printing was interrupted',
  'additional-tube': 'Another tube from the same draw',
};

/** The reason of a reprint in words ('' when the job records none). */
export function reprintReasonText(reason: ReprintReason | null): string {
  return reason === null ? '' : REPRINT_REASON_TEXT[reason];
}

/**
 * The confirmation the Labels screen shows once the printer reports the label printed: about the
 * label asked for last on this screen (jobs are listed newest first), and only while it is printed,
 * so it never speaks of an older label while a newer one waits or failed.
 */
export function printedConfirmation(jobs: readonly Job[]): string | null {
  const newest = jobs[0];
  if (newest?.state !== 'printed') return null;
  return `Label ${newest.accession} printed${newest.kind === 'reprint' ? ' again' : ''}.`;
}

/** A change of any job's state on this screen: what a message about an earlier click may be stale after. */
export function jobStatesKey(jobs: readonly Job[]): string {
  return jobs.map((j) => `${j.jobId}:${j.state}`).join(',');
}
