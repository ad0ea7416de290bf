import type { EventPayloadOf } from '../../common/ipc/contract.ts';
import { findContainer, findSpecimenType } from '../../common/labels/catalogue.ts';
import type { ReprintReason } from '../../common/labels/jobs.ts';
import { countText } from '../../common/format/count.ts';

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

type Tube = NonNullable<Job['tube']>;

/** A catalogue name inside a sentence: "Serum separator tube" -> "serum separator tube"; "K2 EDTA tube" stays. */
const inSentence = (name: string): string => (/^[A-Z][a-z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name);

/**
 * The tube a label is for, in plain words from the catalogue: "K2 EDTA tube (lavender top) with
 * venous blood". A code the catalogue does not know (an older station's) is shown as it is.
 */
export function tubeText(tube: Tube): string {
  const container = findContainer(tube.container)?.name ?? tube.container;
  const type = findSpecimenType(tube.specimenType)?.name ?? tube.specimenType;
  return `${container} with ${inSentence(type)}`;
}

/**
 * When the tube was collected, as its label prints it (the collector's wall clock): the date and the
 * time, "2026-11-24 00:15". Always with the date: the list covers 12 hours and may cross midnight,
 * and "00:15" beside labels of 23:50 read as the same evening.
 */
export function collectedText(tube: Tube): string {
  return tube.collectedAt;
}

/**
 * The Reprint dialog's question, naming the tube (several tubes of one visit are listed): "Reprint
 * the label of the K2 EDTA tube (lavender top) with venous blood, CBC, collected 2026-11-24 09:12?".
 */
export function reprintQuestion(job: Job): string {
  if (job.tube === null) return `Reprint label ${job.accession}? Check it is the label of the tube in your hand.`;
  return `Reprint the label of the ${inSentence(tubeText(job.tube))}, ${job.tube.tests}, collected ${collectedText(job.tube)} (${job.accession})?`;
}

/** A collection time older than this asks the MA to confirm before the label prints. */
export const OLD_COLLECTION_MS = 24 * 3_600_000;

/**
 * How long ago a collection time was, in plain words ("54 days ago", "1 day and 3 hours ago"),
 * when it is more than OLD_COLLECTION_MS before `nowMs`; null for a recent (or future) time. A
 * tester printed a tube 54 days in the past without a word.
 */
export function oldCollectionAgo(collectedAtMs: number, nowMs: number): string | null {
  const ageMs = nowMs - collectedAtMs;
  if (!(ageMs > OLD_COLLECTION_MS)) return null;
  const hours = Math.floor(ageMs / 3_600_000);
  const [days, rest] = [Math.floor(hours / 24), hours % 24];
  return rest === 0 || days >= 7 ? `${countText(days, 'day')} ago` : `${countText(days, 'day')} and ${countText(rest, 'hour')} ago`;
}

/** The question asked before a label with an old collection time prints. */
export function oldCollectionQuestion(collectedText: string, ago: string): string {
  return `The collection time ${collectedText} is ${ago}. Was this tube really collected then? Check the time before you print: the label carries it.`;
}
