import { describe, expect, it } from 'vitest';
import { deliveriesMoved, deliveryText, emrStatusLines, worstTone, type EmrStatus } from '../../../renderer/poc/emrWording.ts';

const time = (ms: number) => `T${ms}`;
const linked: EmrStatus = { linked: true, mode: 'mllp', pending: 0, notQueued: 0, queueError: null, failed: 0, quarantined: [], oldestPendingError: null, lastFlushError: null, lastFlushAtMs: 1000 };
const folder: EmrStatus = { ...linked, mode: 'folder' };
const FOLDER_LINE = "EMR link: results are placed in the pick-up folder for the EMR's interface; this station cannot see whether the EMR took them.";

describe('EMR link strip wording', () => {
  it('says all results were sent only when nothing waits, failed or was set aside', () => {
    const lines = emrStatusLines(linked, time);
    expect(lines).toEqual([{ tone: 'ok', text: 'EMR link: all results sent.', code: null }]);
    for (const s of [{ pending: 1 }, { failed: 1 }, { quarantined: [{ id: 'x', reason: 'unreadable-state' as const, atMs: 1 }] }, { lastFlushError: 'ENOSPC' }]) {
      expect(emrStatusLines({ ...linked, ...s }, time).map((l) => l.text).join(' ')).not.toMatch(/all results sent/);
    }
  });

  it('a link that is down: results waiting, why in words (the code small), and that they are kept', () => {
    const lines = emrStatusLines({ ...linked, pending: 3, oldestPendingError: 'mllp-connect', lastFlushAtMs: 42 }, time);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      tone: 'warning',
      text: 'EMR link: 3 results waiting to be sent. Last try T42. Problem: the EMR could not be reached (connection refused or no answer). Results are kept and sent when the link is back.',
      code: 'mllp-connect',
    });
    expect(emrStatusLines({ ...linked, pending: 1, oldestPendingError: 'ack AR' }, time)[0]!.text).toMatch(/^EMR link: 1 result waiting to be sent\..*not accepting messages right now/);
    // Queued, not tried yet: waiting, no problem claimed.
    expect(emrStatusLines({ ...linked, pending: 1 }, time)).toEqual([{ tone: 'info', text: 'EMR link: 1 result waiting to be sent. Sending now.', code: null }]);
  });

  it('never shows a technical code alone: every code gets words', () => {
    for (const code of ['mllp-connect', 'mllp-closed', 'mllp-timeout', 'mllp-reply', 'ack AR', 'ack CR', 'send-failed', 'something-new']) {
      const [l] = emrStatusLines({ ...linked, pending: 2, oldestPendingError: code }, time);
      expect(l!.code).toBe(code);
      expect(l!.text).not.toContain(code);
      expect(l!.text).toMatch(/Problem: [a-z]/);
    }
    for (const code of ['ENOSPC', 'EACCES', 'hl7-outbox']) {
      const [l] = emrStatusLines({ ...linked, lastFlushError: code }, time);
      expect(l).toMatchObject({ tone: 'error', code });
      expect(l!.text).not.toContain(code);
      expect(l!.text).toMatch(/^EMR link stopped: .*call support\.$/);
    }
  });

  it('quarantined messages are a warning to call support; refused ones an error; no link is said plainly', () => {
    const q = emrStatusLines({ ...linked, quarantined: [{ id: 'a', reason: 'unreadable-state', atMs: 1 }, { id: 'b', reason: 'message-missing', atMs: 2 }] }, time);
    expect(q).toEqual([{ tone: 'warning', text: '2 messages could not be read and are set aside: call support.', code: 'unreadable-state, message-missing' }]);
    const f = emrStatusLines({ ...linked, failed: 1, pending: 2, oldestPendingError: 'mllp-timeout' }, time);
    expect(f.map((l) => l.tone)).toEqual(['error', 'warning']);
    expect(f[0]!.text).toBe('1 message refused by the EMR is kept on this station and not sent again: call support.');
    expect(worstTone(f)).toBe('error');
    expect(worstTone(q)).toBe('warning');
    expect(emrStatusLines({ ...linked, linked: false }, time)).toEqual([{ tone: 'info', text: 'No EMR link on this station: results are saved here only.', code: null }]);
  });

  it('folder mode (no MLLP host) never says the results were sent: they are placed in the pick-up folder, nothing confirms the EMR took them', () => {
    const idle = emrStatusLines(folder, time);
    expect(idle).toEqual([{ tone: 'info', text: FOLDER_LINE, code: null }]);
    expect(worstTone(idle)).not.toBe('ok');
    // Waiting and error lines as over MLLP, worded for the folder, and the folder line last.
    const waiting = emrStatusLines({ ...folder, pending: 2 }, time);
    expect(waiting).toEqual([
      { tone: 'info', text: 'EMR link: 2 results waiting to be placed in the pick-up folder. Placing them now.', code: null },
      { tone: 'info', text: FOLDER_LINE, code: null },
    ]);
    const stuck = emrStatusLines({ ...folder, pending: 1, oldestPendingError: 'send-failed', lastFlushAtMs: 42 }, time);
    expect(stuck[0]).toEqual({
      tone: 'warning',
      text: 'EMR link: 1 result waiting to be placed in the pick-up folder. Last try T42. Problem: the pick-up folder could not be written. Results are kept and placed there once it can be.',
      code: 'send-failed',
    });
    const down = emrStatusLines({ ...folder, lastFlushError: 'EACCES', failed: 1 }, time);
    expect(down.map((l) => l.tone)).toEqual(['error', 'error', 'info']);
    expect(down[2]!.text).toBe(FOLDER_LINE);
    for (const s of [folder, { ...folder, pending: 1 }, { ...folder, notQueued: 1 }]) {
      expect(emrStatusLines(s, time).map((l) => l.text).join(' ')).not.toMatch(/sent\.|all results sent/);
    }
  });

  it('an export committed but not in the outbox yet counts as waiting; the last error queueing it is an error line in words (code small)', () => {
    // Not queued yet, nothing failed: the station queues it at the next flush.
    expect(emrStatusLines({ ...linked, notQueued: 1 }, time)).toEqual([{ tone: 'info', text: 'EMR link: 1 result waiting to be sent. Sending now.', code: null }]);
    expect(emrStatusLines({ ...linked, pending: 1, notQueued: 2 }, time)[0]!.text).toBe('EMR link: 3 results waiting to be sent. Sending now.');
    // The outbox folder cannot be written (EACCES): never "all results sent" while a row says waiting.
    const denied = emrStatusLines({ ...linked, notQueued: 1, queueError: 'EACCES', lastFlushAtMs: 42 }, time);
    expect(denied).toEqual([
      {
        tone: 'error',
        text: 'EMR link: 1 result could not be put in the queue for the EMR: the station may not read or write its EMR queue folder. Last try T42. It is kept on this station and queued as soon as this is fixed; call support.',
        code: 'EACCES',
      },
    ]);
    const mixed = emrStatusLines({ ...linked, pending: 1, notQueued: 2, queueError: 'ENOSPC', oldestPendingError: 'mllp-connect' }, time);
    expect(mixed.map((l) => [l.tone, l.code])).toEqual([
      ['error', 'ENOSPC'],
      ['warning', 'mllp-connect'],
    ]);
    expect(mixed[0]!.text).toMatch(/^EMR link: 2 results could not be put in the queue for the EMR: the disk of this station is full\..*They are kept/);
    expect(mixed[1]!.text).toMatch(/^EMR link: 1 result waiting to be sent\./);
    for (const code of ['EACCES', 'ENOSPC', 'EIO', 'SQLITE_BUSY', 'hl7-outbox', 'queue-failed']) {
      const [l] = emrStatusLines({ ...linked, notQueued: 1, queueError: code }, time);
      expect(l).toMatchObject({ tone: 'error', code });
      expect(l!.text).not.toContain(code);
    }
    // An old error with nothing left unqueued says nothing of it.
    expect(emrStatusLines({ ...linked, queueError: 'EACCES' }, time)).toEqual([{ tone: 'ok', text: 'EMR link: all results sent.', code: null }]);
  });
});

describe('a result row says where its message is', () => {
  it('only an acknowledged message reads as sent to the EMR', () => {
    const e = { controlId: 'POC00000007' };
    expect(deliveryText({ ...e, delivery: 'sent' }, '10:42')).toEqual({ tone: 'ok', text: 'Sent to the EMR: message POC00000007 (exported 10:42)' });
    expect(deliveryText({ ...e, delivery: 'waiting' }, '10:42')).toEqual({ tone: 'warning', text: 'Waiting to be sent to the EMR: message POC00000007 (exported 10:42)' });
    // File mode: placed in the pick-up folder, not confirmed; not in the ok tone.
    expect(deliveryText({ ...e, delivery: 'handed-off' }, '10:42')).toEqual({ tone: 'info', text: 'Placed in the EMR pick-up folder (the EMR has not confirmed it): message POC00000007 (exported 10:42)' });
    for (const d of ['waiting', 'handed-off', 'refused', 'not-placed', 'set-aside', 'withdrawn', 'no-link', 'unknown'] as const) {
      expect(deliveryText({ ...e, delivery: d }, '10:42').text).not.toMatch(/^(Sent to|To) the EMR/);
    }
    expect(deliveryText({ ...e, delivery: 'refused' }, '10:42').text).toMatch(/^Refused by the EMR.*call support/);
    expect(deliveryText({ ...e, delivery: 'set-aside' }, '10:42').text).toMatch(/set aside: call support/);
  });
});

describe('when the results table reads its rows again', () => {
  it('when the outbox counts move, or the table shows more waiting than the outbox holds; not while the outbox is stopped', () => {
    const one = { ...linked, pending: 1 };
    expect(deliveriesMoved(null, linked, 0)).toBe(false);
    expect(deliveriesMoved(linked, linked, 0)).toBe(false);
    expect(deliveriesMoved(one, linked, 0)).toBe(true); // sent between polls
    expect(deliveriesMoved(one, { ...linked, failed: 1 }, 0)).toBe(true);
    // Queued and sent between two polls (counts the same): the row still says waiting.
    expect(deliveriesMoved(linked, linked, 1)).toBe(true);
    expect(deliveriesMoved(null, linked, 1)).toBe(true);
    expect(deliveriesMoved(one, one, 1)).toBe(false);
    expect(deliveriesMoved(one, { ...linked, lastFlushError: 'ENOSPC' }, 1)).toBe(false);
  });

  it('a row waiting for an export not queued yet is no reason to read the table again at every poll', () => {
    const notQueued = { ...linked, notQueued: 1 };
    const denied = { ...notQueued, queueError: 'EACCES' };
    expect(deliveriesMoved(null, notQueued, 1)).toBe(false);
    expect(deliveriesMoved(notQueued, notQueued, 1)).toBe(false);
    expect(deliveriesMoved(denied, denied, 1)).toBe(false);
    // Queued by the station: the row still says waiting; read once, then quiet.
    expect(deliveriesMoved(notQueued, { ...linked, pending: 1 }, 1)).toBe(true);
    expect(deliveriesMoved({ ...linked, pending: 1 }, { ...linked, pending: 1 }, 1)).toBe(false);
    // Sent since: the table shows more waiting than the station has.
    expect(deliveriesMoved({ ...linked, pending: 1 }, linked, 1)).toBe(true);
  });
});
