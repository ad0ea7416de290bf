import type { NotifyMethod } from '../../../common/ekg/reviewWording.ts';
import type { EkgFlag } from '../ekg-flags/flags.ts';

export type ReviewEventKind = 'provider-notified' | 'immediate-acknowledged' | 'confirmed' | 'over-read';

export interface ReviewEvent {
  kind: ReviewEventKind;
  atUtc: string;
  actorId: string;
  /** The operator's display name, for people (the trail on screen, the report); the login when the account is not on file. */
  actorName: string;
  actorRole: string;
  notifiedWhom: string | null;
  notifiedHow: NotifyMethod | null;
  notifiedAtUtc: string | null;
  comment: string | null;
}

/** What the EKG screen shows and enforces; derived from the immutable analysis and the event trail. */
export interface ReviewState {
  status: 'unconfirmed' | 'confirmed' | 'over-read';
  /** Codes of immediate flags; they must be acknowledged (or the EKG reviewed by a provider) before the assistant who captured it leaves the screen. */
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
  // The duty behind an immediate flag is that a provider knows now. A provider's confirmation or
  // over-read shows that as well as the assistant's acknowledgement does: it ends the hold too (a
  // provider who opened the EKG from the worklist first left its capturer held on the patient, with
  // an acknowledgement to record about a provider who had already read it).
  const blocked = immediateFlags.length > 0 && !immediateAcknowledged && final === undefined;
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
