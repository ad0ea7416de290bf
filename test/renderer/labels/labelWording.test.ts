import { describe, expect, it } from 'vitest';
import type { EventPayloadOf } from '../../../common/ipc/contract.ts';
import { REPRINT_REASONS } from '../../../common/labels/jobs.ts';
import {
  collectedText,
  jobStatesKey,
  oldCollectionAgo,
  oldCollectionQuestion,
  printedConfirmation,
  REPRINT_REASON_TEXT,
  reprintQuestion,
  reprintReasonText,
  tubeText,
} from '../../../renderer/labels/labelWording.ts';

type Job = EventPayloadOf<'labels.job'>;
const job = (over: Partial<Job>): Job => ({
  jobId: '7f21869a-44f9-4c1e-9d1b-000000000001',
  accession: 'ST00000001S',
  kind: 'print',
  state: 'queued',
  attempts: 0,
  lastFault: null,
  reprintOf: null,
  reprintReason: null,
  printer: 'tcp:127.0.0.1:9100',
  createdAtUtc: '2026-11-24T09:30:00.000Z',
  updatedAtUtc: '2026-11-24T09:30:00.000Z',
  tube: null,
  ...over,
});

describe('reprint reasons in words', () => {
  it('every code main accepts has words, distinct, and none reads as a code', () => {
    const words = REPRINT_REASONS.map((r) => reprintReasonText(r));
    expect(new Set(words).size).toBe(REPRINT_REASONS.length);
    for (const w of words) expect(w).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    expect(Object.keys(REPRINT_REASON_TEXT).sort()).toEqual([...REPRINT_REASONS].sort());
    expect(reprintReasonText('wrong-position')).toBe('Label on the tube in the wrong position');
    expect(reprintReasonText(null)).toBe('');
  });
});

describe('the printed confirmation', () => {
  it('speaks of the label asked for last, only once the printer reported it printed; never of a job id', () => {
    expect(printedConfirmation([])).toBeNull();
    expect(printedConfirmation([job({ state: 'queued' })])).toBeNull();
    expect(printedConfirmation([job({ state: 'sending' })])).toBeNull();
    expect(printedConfirmation([job({ state: 'printed' })])).toBe('Label ST00000001S printed.');
    expect(printedConfirmation([job({ jobId: 'b', kind: 'reprint', reprintReason: 'damaged', state: 'printed' }), job({ state: 'printed' })])).toBe('Label ST00000001S printed again.');
    // A newer label waiting or uncertain: the older one's confirmation is not shown as if current.
    expect(printedConfirmation([job({ jobId: 'c', accession: 'ST00000002Q', state: 'queued' }), job({ state: 'printed' })])).toBeNull();
    expect(printedConfirmation([job({ jobId: 'c', accession: 'ST00000002Q', state: 'uncertain' }), job({ state: 'printed' })])).toBeNull();
  });

  it('the state key changes when any job changes state or a job is added, not otherwise', () => {
    const a = [job({ state: 'queued' })];
    expect(jobStatesKey(a)).toBe(jobStatesKey([job({ state: 'queued', attempts: 3 })]));
    expect(jobStatesKey(a)).not.toBe(jobStatesKey([job({ state: 'printed' })]));
    expect(jobStatesKey(a)).not.toBe(jobStatesKey([job({ jobId: 'd' }), ...a]));
  });
});

describe('the tube a listed label is for, in words', () => {
  const edta = job({ state: 'printed', tube: { specimenType: 'blood-venous', container: 'edta-lavender', tests: 'CBC', collectedAt: '2026-11-24 09:12' } });
  it('names the container and specimen from the catalogue, never their codes', () => {
    expect(tubeText(edta.tube!)).toBe('K2 EDTA tube (lavender top) with venous blood');
    expect(tubeText({ specimenType: 'urine', container: 'urine-cup', tests: 'UA', collectedAt: '2026-11-24 09:12' })).toBe('Sterile urine cup with urine');
  });
  it('says the collection date and time as the label prints them, also for a tube of today: the list covers 12 hours and may cross midnight', () => {
    expect(collectedText(edta.tube!)).toBe('2026-11-24 09:12');
    const nearMidnight = { ...edta.tube!, collectedAt: '2026-11-24 00:15' };
    expect(collectedText(nearMidnight)).toBe('2026-11-24 00:15');
  });
  it('the Reprint dialog asks about that tube, with its collection date', () => {
    expect(reprintQuestion(edta)).toBe('Reprint the label of the K2 EDTA tube (lavender top) with venous blood, CBC, collected 2026-11-24 09:12 (ST00000001S)?');
    expect(reprintQuestion(job({ tube: null }))).toBe('Reprint label ST00000001S? Check it is the label of the tube in your hand.');
  });
});

describe('oldCollectionAgo (a tester printed a tube collected 54 days ago without a word)', () => {
  const now = Date.UTC(2026, 10, 24, 9, 0);
  const hours = (h: number) => now - h * 3_600_000;
  it('says nothing up to a day old, or for a time ahead of the clock', () => {
    for (const at of [now, hours(1), hours(23.9), hours(24), now + 60_000]) expect(oldCollectionAgo(at, now)).toBeNull();
  });
  it('says how old in days and hours, plainly', () => {
    expect(oldCollectionAgo(hours(24.5), now)).toBe('1 day ago');
    expect(oldCollectionAgo(hours(27), now)).toBe('1 day and 3 hours ago');
    expect(oldCollectionAgo(hours(49), now)).toBe('2 days and 1 hour ago');
    expect(oldCollectionAgo(hours(54 * 24 + 5), now)).toBe('54 days ago');
    expect(oldCollectionQuestion('2026-10-01 08:30', '54 days ago')).toMatch(/^The collection time 2026-10-01 08:30 is 54 days ago\. Was this tube really collected then\?/);
  });
});
