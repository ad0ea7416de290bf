import { reviewCountsText, useReviewCounts } from './useReviewCounts.ts';

/**
 * The count on the providers' "Waiting for review" tab, e.g. " (3 · 1 immediate)", so a provider who
 * signs in is told at once that an immediate finding waits, whichever screen is open.
 */
export function ReviewTabBadge() {
  const counts = useReviewCounts();
  const text = reviewCountsText(counts);
  if (counts === null || text === '') return null;
  return (
    <>
      {' '}
      <span className={counts.immediate > 0 ? 'nav-badge immediate-count' : 'nav-badge'}>({text})</span>
    </>
  );
}
