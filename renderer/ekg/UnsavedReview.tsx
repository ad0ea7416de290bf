import { useRef, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { localTime } from '../../common/format/time.ts';
import { actorWords } from './ReviewTrail.tsx';

type ReviewEvent = ResponseOf<'ekg.get'>['review']['events'][number];

/**
 * Whether the review already stored is this one: the same operator's, with the same comment (and,
 * when known, the same decision). Then nothing was lost (a second click, or the same provider's
 * other window, sent it again) and the panel must not say "Not saved" beside the stored review, as
 * a tester saw after a double click on Confirm.
 */
export function sameReviewStored(events: readonly ReviewEvent[], operatorId: string, text: string, decision: 'confirmed' | 'over-read' | null): boolean {
  const stored = events.find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
  return stored !== undefined && stored.actorId === operatorId && (decision === null || stored.kind === decision) && (stored.comment ?? '') === text;
}

/**
 * A provider's review that was not stored: another window's confirmation or over-read of the same
 * EKG came first (two providers had it open), and the review is final. A UI tester saw the comment
 * typed in the second window vanish without a word when its panel followed the first one's review.
 * What they wrote stays here to copy, with whose review it was and when, and main's refusal when
 * they had pressed Confirm or Over-read.
 */
export function UnsavedReview({
  text,
  refusal,
  events,
  onDismiss,
}: {
  readonly text: string;
  /** Main's refusal (`already-reviewed`) when the review was sent; null when the panel followed the other review first. */
  readonly refusal: string | null;
  /** The EKG's review trail as stored now (its final step is the other window's review). */
  readonly events: readonly ReviewEvent[];
  readonly onDismiss: () => void;
}) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const first = events.find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
  const what = first === undefined ? 'Reviewed' : `${first.kind === 'confirmed' ? 'Confirmed' : 'Over-read'} by ${actorWords(first)} at ${localTime(first.atUtc)}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied: paste it where you need it.');
    } catch {
      // The clipboard may be closed to the page (the Electron window denies permissions): the text is
      // selected for the usual keys instead.
      box.current?.focus();
      box.current?.select();
      setCopied('The text is selected: press Ctrl+C to copy it.');
    }
  };
  return (
    <div className="notice notice-warning" role="alert" aria-label="Your review was not saved">
      <p>
        <strong>Not saved.</strong> {refusal ?? 'This EKG was reviewed in another window while you were writing.'}
      </p>
      <p>
        {what}. A review is final: {text === '' ? 'yours was not saved.' : 'your comment below was not saved. Copy it if you still need it.'}
      </p>
      {text !== '' && (
        <>
          <label htmlFor="r-unsaved">Your comment (not saved)</label>
          <textarea id="r-unsaved" ref={box} readOnly value={text} rows={3} />
          <div className="row">
            <button type="button" onClick={() => void copy()}>
              Copy comment
            </button>
            <button type="button" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
          {copied !== null && <p role="status">{copied}</p>}
        </>
      )}
      {text === '' && (
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
