import type { EventPayloadOf, ResponseOf } from '../../common/ipc/contract.ts';

type Job = EventPayloadOf<'labels.job'>;
type Waiting = ResponseOf<'labels.operatorWaiting'>['jobs'][number];

/** How one of the operator's waiting labels ended. */
export interface LabelOutcome {
  readonly accession: string;
  readonly state: 'printed' | 'uncertain' | 'cancelled';
}

/**
 * The labels that held the operator on her patient, and how each ended. `labels.job` events reach
 * every session: only the jobs main named as hers (`labels.operatorWaiting`) are followed, so
 * another operator's label printing never reads as hers.
 */
export class OperatorLabels {
  private readonly mine = new Map<string, string>();
  private readonly ended = new Map<string, LabelOutcome>();

  /** Main's list of her waiting labels (each answer adds to the ones followed). */
  follow(jobs: readonly Waiting[]): void {
    for (const j of jobs) this.mine.set(j.jobId, j.accession);
  }

  /** True when `job` is one of hers that has just stopped waiting (main is then asked again). */
  onJob(job: Job): boolean {
    if (!this.mine.has(job.jobId) || job.state === 'queued' || job.state === 'sending') return false;
    this.ended.set(job.jobId, { accession: job.accession, state: job.state });
    return true;
  }

  outcomes(): LabelOutcome[] {
    return [...this.ended.values()];
  }
}

/**
 * What the picker says once none of the operator's labels waits any more. A label that may not
 * have printed (uncertain: the station stopped while sending it) or was not printed (cancelled,
 * withdrawn) may have left a tube unlabelled: that is said first, and only then that she can
 * choose another patient. With no outcome known (the labels ended before the picker followed them)
 * it does not claim they printed.
 */
export function waitingLabelDoneText(outcomes: readonly LabelOutcome[]): string {
  if (outcomes.length === 0) {
    return 'No label of yours is waiting for the printer any more. Check that each tube has its label (the Labels screen lists them), then you can choose another patient.';
  }
  const printed = outcomes.filter((o) => o.state === 'printed').map((o) => o.accession);
  const problems = outcomes.flatMap((o) => {
    switch (o.state) {
      case 'printed':
        return [];
      case 'uncertain':
        return [`Label ${o.accession} may not have printed: check the tube, and reprint it from Labels if it has no label.`];
      case 'cancelled':
        return [`Label ${o.accession} was cancelled, not printed: if its tube has no label, print it from Labels.`];
    }
  });
  const printedText = printed.length === 0 ? '' : `${printed.length === 1 ? 'Label' : 'Labels'} ${printed.join(', ')} printed`;
  if (problems.length === 0) return `${printedText}: you can choose another patient now.`;
  return [...problems, ...(printedText ? [`${printedText}.`] : []), 'Then you can choose another patient.'].join(' ');
}
