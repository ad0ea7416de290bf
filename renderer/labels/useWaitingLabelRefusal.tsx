import { useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../context.ts';
import { errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';
import { OperatorLabels, waitingLabelDoneText, type LabelOutcome } from './waitingLabelDone.ts';

/** Main's refusal, while a label waits; or the line saying it no longer does, and how each of her labels ended. */
type State = { readonly kind: 'waiting'; readonly text: string } | { readonly kind: 'done'; readonly outcomes: readonly LabelOutcome[] };

/**
 * A refusal to leave the patient because a label waits for the printer (`labels-waiting`, main's
 * words), kept current where it is shown (the patient picker): when a label's state changes, main is
 * asked again how many of this operator's labels still wait (`labels.operatorWaiting`, the count
 * main's refusal goes by), and once none does the red refusal turns into a line saying she can
 * choose another patient. Before, the refusal stayed on screen after the label had printed, as if
 * the MA were still held (UI tester, 32-after-ready.png). Nothing is selected by itself: she
 * chooses the patient again. Only her own labels (the ids main lists with the count) are followed,
 * and one that may not have printed (uncertain, cancelled) is named with what to check first
 * (waitingLabelDone.ts): its tube may have no label.
 */
export function useWaitingLabelRefusal(): {
  /** True when `err` is that refusal: it is shown by `note`, not in the caller's error line. */
  readonly take: (err: unknown) => boolean;
  readonly clear: () => void;
  readonly note: ReactNode;
} {
  const client = useClient();
  const [state, setState] = useState<State | null>(null);
  const waiting = state?.kind === 'waiting';
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    const mine = new OperatorLabels();
    const recheck = () =>
      client.call('labels.operatorWaiting', {}).then(
        (r) => {
          if (!live) return;
          mine.follow(r.jobs);
          if (r.waiting === 0) setState({ kind: 'done', outcomes: mine.outcomes() });
        },
        () => undefined,
      );
    // Events reach every session: only her own labels (as main listed them) count, so another
    // operator's label printing never says she may go, nor names his label as hers.
    const off = client.on('labels.job', (job) => {
      if (mine.onJob(job)) void recheck();
    });
    // The label may have printed between main's refusal and this subscription.
    void recheck();
    return () => {
      live = false;
      off();
    };
  }, [client, waiting]);

  const take = (err: unknown): boolean => {
    if (!(err instanceof IpcCallError) || err.error.code !== 'labels-waiting') return false;
    setState({ kind: 'waiting', text: errorMessage(err) });
    return true;
  };
  const note =
    state === null ? null : state.kind === 'waiting' ? (
      <p className="error-text" role="alert" aria-label="Label waiting for the printer">
        {state.text}
      </p>
    ) : (
      <p className={state.outcomes.every((o) => o.state === 'printed') && state.outcomes.length > 0 ? 'label-leave-ok' : 'label-leave-check'} role="status" aria-label="No label waiting">
        {waitingLabelDoneText(state.outcomes)}
      </p>
    );
  return { take, clear: () => setState(null), note };
}
