import type { EkgFlag } from '../ekg-flags/flags.ts';

export type ReviewEventKind = 'provider-notified' | 'immediate-acknowledged' | 'confirmed' | 'over-read';
export type NotifyMethod = 'in-person' | 'phone' | 'secure-message' | 'pager';

export interface ReviewEvent {
  kind: ReviewEventKind;
  atUtc: string;
  actorId: string;
  actorRole: string;
  notifiedWhom: string | null;
  notifiedHow: NotifyMethod | null;
  notifiedAtUtc: string | null;
  comment: string | null;
}

/** What the EKG screen shows and enforces; derived from the immutable analysis and the event trail. */
export interface ReviewState {
  status: 'unconfirmed' | 'confirmed' | 'over-read';
  /** Codes of immediate flags; they must be acknowledged before the assistant leaves the screen. */
  immediateFlags: string[];
  immediateAcknowledged: boolean;
  providerNotified: boolean;
  canLeaveScreen: boolean;
  /** Why the screen cannot be left yet (null when it can). */
  leaveBlockedReason: string | null;
  events: ReviewEvent[];
}

/** Pure derivation of the review state (the rules of issue 5's review workflow). */
export function reviewState(flags: readonly EkgFlag[], events: readonly ReviewEvent[]): ReviewState {
  const immediateFlags = flags.filter((f) => f.urgency === 'immediate').map((f) => f.code);
  const immediateAcknowledged = events.some((e) => e.kind === 'immediate-acknowledged');
  const providerNotified = events.some((e) => e.kind === 'provider-notified');
  const final = [...events].reverse().find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
  const blocked = immediateFlags.length > 0 && !immediateAcknowledged;
  return {
    status: final === undefined ? 'unconfirmed' : final.kind === 'confirmed' ? 'confirmed' : 'over-read',
    immediateFlags,
    immediateAcknowledged,
    providerNotified,
    canLeaveScreen: !blocked,
    leaveBlockedReason: blocked ? 'An immediate finding must be acknowledged before leaving this screen.' : null,
    events: [...events],
  };
}
