import { useEffect, useRef } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { NOTIFY_METHOD_WORDS } from '../../common/ekg/reviewWording.ts';
import { localTime } from '../../common/format/time.ts';

type ReviewEvent = ResponseOf<'ekg.get'>['review']['events'][number];

const ROLE_WORDS: Readonly<Record<string, string>> = { ma: 'medical assistant', provider: 'provider', admin: 'administrator' };

/** "Dr Paula Okafor (provider)": the name people know, and in what role they acted. */
export const actorWords = (e: ReviewEvent): string => `${e.actorName} (${ROLE_WORDS[e.actorRole] ?? e.actorRole})`;

/**
 * Every step of an EKG's review, oldest first, as stored: whom the provider notification reached,
 * how and when, and who recorded it; the acknowledgement; the confirmation or over-read with the
 * provider's comment in full. A UI tester found only "Over-read by provider" on screen: the
 * assistant never saw the provider's "repeat the EKG".
 */
export function ReviewTrail({
  events,
  focusStep = null,
  onFocused,
}: {
  readonly events: readonly ReviewEvent[];
  /**
   * A step this window just stored: its entry (the latest of that kind) takes the focus, since the
   * button that stored it is gone or disabled and the focus would drop to the page (a tester found
   * it on <body> after "Record notification"). Read aloud, it says what was stored.
   */
  readonly focusStep?: ReviewEvent['kind'] | null;
  /** Called once the entry has the focus (the panel clears focusStep: later changes must not move it). */
  readonly onFocused?: () => void;
}) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (focusStep === null) return;
    const entry = [...(list.current?.querySelectorAll<HTMLLIElement>(`li.trail-${focusStep}`) ?? [])].at(-1);
    if (entry === undefined) return;
    entry.focus();
    onFocused?.();
  }, [focusStep, events, onFocused]);
  if (events.length === 0) return null;
  return (
    <section className="review-trail" aria-label="Review trail">
      <h3>Review trail</h3>
      <ol ref={list}>
        {events.map((e, k) => (
          <li key={k} className={`trail-${e.kind}`} tabIndex={-1}>
            <TrailEntry e={e} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function TrailEntry({ e }: { readonly e: ReviewEvent }) {
  const at = localTime(e.atUtc);
  switch (e.kind) {
    case 'provider-notified':
      return (
        <>
          <strong>Provider notified:</strong> {e.notifiedWhom ?? 'name not recorded'}, {e.notifiedHow === null ? 'how not recorded' : NOTIFY_METHOD_WORDS[e.notifiedHow]}, at{' '}
          {e.notifiedAtUtc === null ? 'a time not recorded' : localTime(e.notifiedAtUtc)}. Recorded by {actorWords(e)} at {at}.
        </>
      );
    case 'immediate-acknowledged':
      return (
        <>
          <strong>Immediate finding acknowledged</strong> by {actorWords(e)} at {at}.
        </>
      );
    case 'confirmed':
    case 'over-read':
      return (
        <>
          <strong>{e.kind === 'confirmed' ? 'Confirmed' : 'Over-read'}</strong> by {actorWords(e)} at {at}.
          {e.comment !== null && (
            <blockquote className="trail-comment" aria-label="Provider's comment">
              {e.comment}
            </blockquote>
          )}
        </>
      );
    default: {
      const never: never = e.kind;
      return never;
    }
  }
}
