/**
 * What the POC screen says about the EMR link and about each exported result, in plain words for a
 * busy assistant. Pure (no DOM, no IPC): the strip and the results table render what this returns,
 * and test/renderer/poc/emrWording.test.ts checks the wording. Technical codes (`mllp-connect`,
 * `ENOSPC`) are never shown alone: each line says what happened in words and keeps the code, in
 * small text, for support.
 */
import type { ResponseOf } from '../../common/ipc/contract.ts';

export type EmrStatus = ResponseOf<'poc.emr.status'>['status'];
export type ExportDelivery = NonNullable<ResponseOf<'poc.result.list'>['results'][number]['exported']>['delivery'];

export type EmrTone = 'ok' | 'info' | 'warning' | 'error';

export interface EmrLine {
  readonly tone: EmrTone;
  readonly text: string;
  /** The technical code behind the line, for support (shown small), or null. */
  readonly code: string | null;
}

/** A send error code of the outbox (`oldestPendingError`) in words. */
export function sendErrorText(code: string): string {
  switch (code) {
    case 'mllp-connect':
      return 'the EMR could not be reached (connection refused or no answer)';
    case 'mllp-closed':
      return 'the EMR closed the connection before answering';
    case 'mllp-timeout':
      return 'the EMR did not answer in time';
    case 'mllp-reply':
      return "the EMR's answer could not be read";
    case 'ack AR':
    case 'ack CR':
      return 'the EMR is not accepting messages right now';
    default:
      return 'sending failed';
  }
}

/**
 * A file or database error code in words: a whole-flush error of the outbox (`lastFlushError`), or
 * the last failed try to put a committed export in the outbox (`queueError`).
 */
export function queueErrorText(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return 'the disk of this station is full';
    case 'EROFS':
      return 'the EMR queue folder is read-only';
    case 'EIO':
      return 'the disk of this station could not be read or written';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return "the station's database is busy";
    case 'EACCES':
    case 'EPERM':
      return 'the station may not read or write its EMR queue folder';
    case 'ENOENT':
      return 'the EMR queue folder is missing';
    default:
      return 'the station cannot work through its EMR queue';
  }
}

const results = (n: number) => (n === 1 ? '1 result' : `${n} results`);
const messages = (n: number) => (n === 1 ? '1 message' : `${n} messages`);

/** The strip's line for a link in folder mode: files are placed for the EMR's interface, and nothing confirms it took them. */
export const FOLDER_MODE_TEXT = "EMR link: results are placed in the pick-up folder for the EMR's interface; this station cannot see whether the EMR took them.";

/** Exports committed but not in the outbox yet whose last try to queue them failed: shown as an error line of their own. */
const stuckNotQueued = (s: EmrStatus): number => (s.queueError !== null ? s.notQueued : 0);

/**
 * The lines of the EMR-link strip, most urgent first. `timeText` formats an epoch-ms time the
 * way the screen shows times (local, with its zone). Over MLLP the EMR acknowledges each message,
 * so "all results sent" can be said; in folder mode nothing answers, so the strip says results are
 * placed in the pick-up folder, never that they were sent. Results waiting are those in the
 * outbox's queue and those committed but not in it yet (`notQueued`: the station queues them
 * itself; when that failed, `queueError` is a line of its own).
 */
export function emrStatusLines(s: EmrStatus, timeText: (ms: number) => string): EmrLine[] {
  if (!s.linked) return [{ tone: 'info', text: 'No EMR link on this station: results are saved here only.', code: null }];
  const lines: EmrLine[] = [];
  const checked = s.lastFlushAtMs === null ? '' : ` Last try ${timeText(s.lastFlushAtMs)}.`;
  if (s.lastFlushError !== null) {
    lines.push({
      tone: 'error',
      text: `EMR link stopped: ${queueErrorText(s.lastFlushError)}.${checked} Results are kept on this station; call support.`,
      code: s.lastFlushError,
    });
  }
  const stuck = stuckNotQueued(s);
  if (stuck > 0) {
    lines.push({
      tone: 'error',
      text: `EMR link: ${results(stuck)} could not be put in the queue for the EMR: ${queueErrorText(s.queueError ?? '')}.${checked} ${stuck === 1 ? 'It is' : 'They are'} kept on this station and queued as soon as this is fixed; call support.`,
      code: s.queueError,
    });
  }
  if (s.failed > 0) {
    lines.push({
      tone: 'error',
      // In folder mode nobody at the EMR refused anything: the station found a different file under
      // the same message number in the pick-up folder and kept its own.
      text:
        s.mode === 'folder'
          ? `${messages(s.failed)} could not be placed in the pick-up folder (a different file with the same message number is there) and ${s.failed === 1 ? 'is' : 'are'} kept on this station: call support.`
          : `${messages(s.failed)} refused by the EMR ${s.failed === 1 ? 'is' : 'are'} kept on this station and not sent again: call support.`,
      code: null,
    });
  }
  const q = s.quarantined.length;
  if (q > 0) {
    lines.push({
      tone: 'warning',
      text: `${messages(q)} could not be read and ${q === 1 ? 'is' : 'are'} set aside: call support.`,
      code: [...new Set(s.quarantined.map((e) => e.reason))].join(', '),
    });
  }
  const folder = s.mode === 'folder';
  const waitingNow = s.pending + s.notQueued - stuck;
  if (waitingNow > 0) {
    const waiting = folder ? `EMR link: ${results(waitingNow)} waiting to be placed in the pick-up folder.` : `EMR link: ${results(waitingNow)} waiting to be sent.`;
    lines.push(
      s.oldestPendingError === null
        ? { tone: 'info', text: `${waiting} ${folder ? `Placing ${waitingNow === 1 ? 'it' : 'them'} now.` : 'Sending now.'}`, code: null }
        : {
            tone: 'warning',
            text: folder
              ? `${waiting}${checked} Problem: the pick-up folder could not be written. Results are kept and placed there once it can be.`
              : `${waiting}${checked} Problem: ${sendErrorText(s.oldestPendingError)}. Results are kept and sent when the link is back.`,
            code: s.oldestPendingError,
          },
    );
  }
  if (folder) lines.push({ tone: 'info', text: FOLDER_MODE_TEXT, code: null });
  else if (lines.length === 0) lines.push({ tone: 'ok', text: 'EMR link: all results sent.', code: null });
  return lines;
}

/** The most urgent tone among `lines` (the strip's colour). */
export function worstTone(lines: readonly EmrLine[]): EmrTone {
  const order: readonly EmrTone[] = ['error', 'warning', 'info', 'ok'];
  return order.find((t) => lines.some((l) => l.tone === t)) ?? 'ok';
}

/**
 * What the results table says for an exported version: only `sent` (the EMR acknowledged it over
 * MLLP) says it reached the EMR; `handed-off` (file mode) says where it was put and that the EMR
 * has not confirmed it. `when` is the export's time as shown on screen.
 */
export function deliveryText(e: { readonly controlId: string; readonly delivery: ExportDelivery }, when: string): { readonly tone: EmrTone; readonly text: string } {
  switch (e.delivery) {
    case 'sent':
      return { tone: 'ok', text: `Sent to the EMR: message ${e.controlId} (exported ${when})` };
    case 'handed-off':
      return { tone: 'info', text: `Placed in the EMR pick-up folder (the EMR has not confirmed it): message ${e.controlId} (exported ${when})` };
    case 'waiting':
      return { tone: 'warning', text: `Waiting to be sent to the EMR: message ${e.controlId} (exported ${when})` };
    case 'refused':
      return { tone: 'error', text: `Refused by the EMR: message ${e.controlId} (exported ${when}); not sent again: call support` };
    case 'not-placed':
      return { tone: 'error', text: `Not placed in the EMR pick-up folder: a different file with message number ${e.controlId} is already there (exported ${when}); kept on this station: call support` };
    case 'set-aside':
      return { tone: 'error', text: `Not sent: message ${e.controlId} could not be read and is set aside: call support` };
    case 'withdrawn':
      return { tone: 'info', text: `Not sent: replaced by its correction (message ${e.controlId} withdrawn)` };
    case 'no-link':
      return { tone: 'info', text: `HL7 built ${when} (no EMR link): not sent to the EMR` };
    case 'unknown':
      return { tone: 'warning', text: `Queued for the EMR: message ${e.controlId} (exported ${when}); this station cannot tell whether it arrived` };
    default: {
      const never: never = e.delivery;
      return never;
    }
  }
}

/** Results a row calls `waiting`: in the outbox's queue, or committed and not in it yet. */
const waitingTotal = (s: EmrStatus): number => s.pending + s.notQueued;

/**
 * Whether the results table should read its rows again after a status poll: the counts moved
 * since the last poll (a message sent, refused or set aside), or the table shows more results
 * waiting than the station has waiting (queued, or committed and not queued yet: some were sent
 * since it was read). Not while the outbox cannot be worked (`lastFlushError`): nothing moves
 * then, and every read of the table is an audited view.
 */
export function deliveriesMoved(prev: EmrStatus | null, next: EmrStatus, waitingShown: number): boolean {
  if (next.lastFlushError !== null) return false;
  if (waitingShown > waitingTotal(next)) return true;
  return prev !== null && (prev.pending !== next.pending || prev.notQueued !== next.notQueued || prev.failed !== next.failed || prev.quarantined.length !== next.quarantined.length);
}
