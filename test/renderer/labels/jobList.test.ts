import { describe, expect, it } from 'vitest';
import type { EventPayloadOf } from '../../../common/ipc/contract.ts';
import { mergeJobs } from '../../../renderer/labels/jobList.ts';

type Job = EventPayloadOf<'labels.job'>;
const job = (jobId: string, createdAtUtc: string, over: Partial<Job> = {}): Job => ({
  jobId,
  accession: `ST${jobId}`,
  kind: 'print',
  state: 'printed',
  attempts: 1,
  lastFault: null,
  reprintOf: null,
  reprintReason: null,
  printer: 'tcp:127.0.0.1:9100',
  createdAtUtc,
  updatedAtUtc: createdAtUtc,
  tube: null,
  ...over,
});

describe('the Labels screen job list, merged with main\'s (labels.jobs)', () => {
  it('shows every label once, newest first, in the version changed last', () => {
    const printedEarlier = job('a', '2026-11-24T08:00:00.000Z');
    const waitingOnScreen = job('b', '2026-11-24T09:00:00.000Z', { state: 'queued' });
    // main read its list before the 'printed' event reached the screen, or after: the later one wins.
    const bPrinted = { ...waitingOnScreen, state: 'printed' as const, updatedAtUtc: '2026-11-24T09:00:05.000Z' };
    expect(mergeJobs([bPrinted], [waitingOnScreen, printedEarlier])).toEqual([bPrinted, printedEarlier]);
    expect(mergeJobs([waitingOnScreen], [bPrinted, printedEarlier])).toEqual([bPrinted, printedEarlier]);
    // A label printed before the screen was left comes back from main, below the newer one.
    const asked = job('c', '2026-11-24T09:10:00.000Z', { state: 'queued' });
    expect(mergeJobs([asked], [printedEarlier]).map((j) => j.jobId)).toEqual(['c', 'a']);
    expect(mergeJobs([], [])).toEqual([]);
  });
});
