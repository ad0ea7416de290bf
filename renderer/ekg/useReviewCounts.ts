import { useCallback, useEffect } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { usePolled } from '../components/usePolled.ts';
import { useClient } from '../context.ts';

export type ReviewCounts = ResponseOf<'ekg.reviewCounts'>;

/** Every 30 s, at once after a capture anywhere (cart.captured) and after any review step (ekg.reviewChanged). */
const REFRESH_MS = 30_000;

/**
 * How many EKGs wait for a provider's review and how many of them are immediate, for the badge on
 * the providers' "Waiting for review" tab (shown to providers only), so a provider who signs in
 * sees at once that an immediate finding waits. Counts only (ekg.reviewCounts: no patient data,
 * not audited; main refuses them to anyone else, as it does the list); null until loaded.
 */
export function useReviewCounts(): ReviewCounts | null {
  const client = useClient();
  const load = useCallback(() => client.call('ekg.reviewCounts', {}).then((c) => [c]), [client]);
  const [counts, reload] = usePolled<ReviewCounts>(load, REFRESH_MS, { event: 'cart.captured' });
  useEffect(() => client.on('ekg.reviewChanged', () => reload()), [client, reload]);
  return counts[0] ?? null;
}

/** The tab's badge text: "3 · 1 immediate", "3", or nothing when none waits. */
export function reviewCountsText(c: ReviewCounts | null): string {
  if (c === null || c.waiting === 0) return '';
  return c.immediate > 0 ? `${c.waiting} · ${c.immediate} immediate` : `${c.waiting}`;
}
