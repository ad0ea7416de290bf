import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../common/ipc/contract.ts';
import { sameReviewStored } from '../../../renderer/ekg/UnsavedReview.tsx';

type ReviewEvent = ResponseOf<'ekg.get'>['review']['events'][number];

const event = (kind: ReviewEvent['kind'], actorId: string, comment: string | null): ReviewEvent => ({
  kind,
  atUtc: '2026-11-24T09:42:30.000Z',
  actorId,
  actorName: actorId === 'paula' ? 'Dr Paula Provider' : 'Dr Other',
  actorRole: 'provider',
  notifiedWhom: null,
  notifiedHow: null,
  notifiedAtUtc: null,
  comment,
});
const notified: ReviewEvent = { ...event('provider-notified', 'mary', null), actorRole: 'ma', notifiedWhom: 'Dr Paula', notifiedHow: 'phone', notifiedAtUtc: '2026-11-24T09:40:00.000Z' };

// A tester double-clicked Confirm: the trail said "Confirmed by Dr Paula Provider" and below it
// "Not saved ... your review was not saved", with the same comment as "Your comment (not saved)".
describe('whether the review already stored is the one this provider sent again', () => {
  it('the same provider, decision and comment: nothing was lost', () => {
    expect(sameReviewStored([notified, event('confirmed', 'paula', 'Sinus rhythm, seen.')], 'paula', 'Sinus rhythm, seen.', 'confirmed')).toBe(true);
    expect(sameReviewStored([event('confirmed', 'paula', null)], 'paula', '', 'confirmed')).toBe(true);
    // The other window's event does not say which button was pressed: operator and comment decide.
    expect(sameReviewStored([event('over-read', 'paula', 'Repeat it.')], 'paula', 'Repeat it.', null)).toBe(true);
  });

  it("another provider's review, another decision or another comment: the panel keeps what was not saved", () => {
    const stored = [notified, event('confirmed', 'paula', 'Sinus rhythm, seen.')];
    expect(sameReviewStored(stored, 'other', 'Sinus rhythm, seen.', 'confirmed')).toBe(false);
    expect(sameReviewStored(stored, 'paula', 'Sinus rhythm, seen.', 'over-read')).toBe(false);
    expect(sameReviewStored(stored, 'paula', 'Sinus rhythm; repeat tomorrow.', 'confirmed')).toBe(false);
    expect(sameReviewStored(stored, 'paula', '', 'confirmed')).toBe(false);
    expect(sameReviewStored([notified], 'paula', '', 'confirmed')).toBe(false);
  });
});
