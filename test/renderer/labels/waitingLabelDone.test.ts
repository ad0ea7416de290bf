import { describe, expect, it } from 'vitest';
import type { EventPayloadOf } from '../../../common/ipc/contract.ts';
import { OperatorLabels, waitingLabelDoneText } from '../../../renderer/labels/waitingLabelDone.ts';

type Job = EventPayloadOf<'labels.job'>;
const job = (jobId: string, accession: string, state: Job['state']): Job => ({
  jobId,
  accession,
  kind: 'print',
  state,
  attempts: 1,
  lastFault: null,
  reprintOf: null,
  reprintReason: null,
  printer: 'tcp:127.0.0.1:9100',
  createdAtUtc: '2026-11-24T09:30:00.000Z',
  updatedAtUtc: '2026-11-24T09:31:00.000Z',
  tube: null,
});

describe("the picker follows only the operator's own waiting labels", () => {
  it("ignores another operator's label ending, and records how hers ended", () => {
    const mine = new OperatorLabels();
    mine.follow([{ jobId: 'mine-1', accession: 'ST00000001S' }]);
    expect(mine.onJob(job('theirs-1', 'ST00000009X', 'printed'))).toBe(false);
    expect(mine.onJob(job('mine-1', 'ST00000001S', 'sending'))).toBe(false);
    expect(mine.onJob(job('mine-1', 'ST00000001S', 'uncertain'))).toBe(true);
    expect(mine.outcomes()).toEqual([{ accession: 'ST00000001S', state: 'uncertain' }]);
  });
});

describe('what the picker says once none of her labels waits', () => {
  it('a printed label: she can choose another patient', () => {
    expect(waitingLabelDoneText([{ accession: 'ST00000001S', state: 'printed' }])).toBe('Label ST00000001S printed: you can choose another patient now.');
  });

  it('an uncertain or cancelled label: check the tube first, only then another patient', () => {
    expect(waitingLabelDoneText([{ accession: 'ST00000001S', state: 'uncertain' }])).toBe(
      'Label ST00000001S may not have printed: check the tube, and reprint it from Labels if it has no label. Then you can choose another patient.',
    );
    const cancelled = waitingLabelDoneText([
      { accession: 'ST00000002Q', state: 'printed' },
      { accession: 'ST00000001S', state: 'cancelled' },
    ]);
    expect(cancelled).toBe('Label ST00000001S was cancelled, not printed: if its tube has no label, print it from Labels. Label ST00000002Q printed. Then you can choose another patient.');
    expect(cancelled).not.toMatch(/choose another patient now/);
  });

  it('no outcome known: never claims a label printed', () => {
    const text = waitingLabelDoneText([]);
    expect(text).not.toMatch(/printed|choose another patient now/);
    expect(text).toMatch(/Check that each tube has its label/);
  });
});
