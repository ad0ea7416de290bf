import { useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../context.ts';
import { errorMessage } from '../components/ErrorText.tsx';
import { IpcCallError } from '../ipc/client.ts';

/** Main's refusal, while a label waits; or the line saying it no longer does (`printed`: the last label reported printed). */
type State = { readonly kind: 'waiting'; readonly text: string } | { readonly kind: 'done'; readonly printed: string | null };

/** What the picker says once no label of the operator waits any more: she may choose another patient. */
export function waitingLabelDoneText(printed: string | null): string {
  return printed === null
    ? 'No label of yours is waiting for the printer any more: you can choose another patient now.'
    : `Label ${printed} printed: you can choose another patient now.`;
}

/**
 * A refusal to leave the patient because a label waits for the printer (`labels-waiting`, main's
 * words), kept current where it is shown (the patient picker): when a label's state changes, main is
 * asked again how many of this operator's labels still wait (`labels.operatorWaiting`, the count
 * main's refusal goes by), and once none does the red refusal turns into a line saying she can
 * choose another patient. Before, the refusal stayed on screen after the label had printed, as if
 * the MA were still held (UI tester, 32-after-ready.png). Nothing is selected by itself: she
 * chooses the patient again.
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
    let printed: string | null = null;
    const recheck = () =>
      client.call('labels.operatorWaiting', {}).then(
        (r) => live && r.waiting === 0 && setState({ kind: 'done', printed }),
        () => undefined,
      );
    const off = client.on('labels.job', (job) => {
      if (job.state === 'queued' || job.state === 'sending') return;
      printed = job.state === 'printed' ? job.accession : null;
      void recheck();
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
      <p className="label-leave-ok" role="status" aria-label="No label waiting">
        {waitingLabelDoneText(state.printed)}
      </p>
    );
  return { take, clear: () => setState(null), note };
}
