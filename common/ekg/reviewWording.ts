import { hiddenCharacterProblem } from '../hiddenCharacters.ts';

/**
 * The words of an EKG's review, one rule for the screen (renderer/ekg) and the PDF report
 * (main/domain/ekg-report): how a flag reads for who reads it and where the review stands, and what
 * the review's free text (the notified provider's name, the over-read comment) may hold. A UI tester
 * found the report still saying "notify the provider now" after an over-read the screen no longer
 * asked for, and the screen asking it after the provider was notified: two rules had drifted apart.
 * What is seen, never a diagnosis.
 */

/** Who reads a flag: an operator on screen, or whoever holds the printed report. */
export type FlagReader = 'admin' | 'ma' | 'provider' | 'report';
export type ReviewStatus = 'unconfirmed' | 'confirmed' | 'over-read';

/** Where the review stands, as far as a flag's wording is concerned (the EKG view's `review`). */
export interface FlagReviewState {
  readonly status: ReviewStatus;
  readonly providerNotified: boolean;
  readonly immediateAcknowledged: boolean;
}

/** The analysis words an immediate flag for the assistant at the cart. */
const NOTIFY_NOW = /:\s*notify the provider now\.?$/i;

/**
 * A flag's text as this reader should read it. The assistant (and the paper) is told to notify the
 * provider until one is notified or the finding acknowledged; a provider, that it is flagged for
 * their review until they confirm or over-read it; once reviewed, it reads as what was seen, without
 * that call, for everyone. Only the immediate flags' "notify the provider now" is reworded: other
 * texts ("needs provider review promptly", the flat line's "check the patient now") stay as the
 * analysis wrote them.
 */
export function flagTextFor(text: string, reader: FlagReader, review: FlagReviewState): string {
  if (!NOTIFY_NOW.test(text)) return text;
  if (review.status !== 'unconfirmed') return text.replace(NOTIFY_NOW, '.');
  if (reader === 'provider') return text.replace(NOTIFY_NOW, ': flagged for your review now.');
  // The duty behind the words is done: asking again would send the assistant for a second provider.
  if (review.providerNotified || review.immediateAcknowledged) return text.replace(NOTIFY_NOW, '.');
  return text;
}

/**
 * What a flag found, without what to do about it: its text up to the last ": " outside brackets
 * ("Very fast heart rate (152 per minute): notify the provider now." -> "Very fast heart rate (152
 * per minute)"). For lists that name many EKGs' flags (the providers' worklist) in the panel's words.
 */
export function flagFindingText(text: string): string {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && text[i + 1] === ' ') cut = i;
  }
  return (cut === -1 ? text.replace(/\.$/, '') : text.slice(0, cut)).trim();
}

export type NotifyMethod = 'in-person' | 'phone' | 'secure-message' | 'pager';

/** How the provider was notified, in words. */
export const NOTIFY_METHOD_WORDS: Readonly<Record<NotifyMethod, string>> = {
  'in-person': 'in person',
  phone: 'by phone',
  'secure-message': 'by secure message',
  pager: 'by pager',
};

/** The longest name of a notified provider: a name and a role ("Dr Paula Okafor-Lindqvist, cardiology on call") fit. */
export const NOTIFIED_WHOM_MAX_CHARS = 120;

/** Characters as a person counts them (a name with accents or emoji is not longer for its code units). */
export const charCount = (text: string): number => [...text].length;

/** Why a notified provider's name is refused, in plain words; null when it is accepted. */
export function notifiedWhomProblem(whom: string): string | null {
  const name = whom.trim();
  if (name === '') return 'Say whom you notified.';
  // Hidden control and text-direction characters: the one rule for typed names (common/hiddenCharacters.ts).
  const hidden = hiddenCharacterProblem(name, 'name');
  if (hidden !== null) return hidden;
  const chars = charCount(name);
  if (chars > NOTIFIED_WHOM_MAX_CHARS) return `The name is ${chars} characters; at most ${NOTIFIED_WHOM_MAX_CHARS} are kept: shorten it (a name and role are enough).`;
  return null;
}

/**
 * Longest provider comment and most line breaks the review takes: what the one-page report prints in
 * full beside the most flags and notes that can co-occur in ordinary text
 * (test/main/domain/ekg-report/layout.test.ts). Wider letters can need more room: main also lays out
 * the EKG's own report with the comment and refuses what does not fit (EkgReviewService.review).
 */
export const OVER_READ_COMMENT_MAX_CHARS = 600;
export const OVER_READ_COMMENT_MAX_LINE_BREAKS = 6;

const lineBreaks = (text: string): number => (text.match(/\r\n|\r|\n/g) ?? []).length;

/** What the comment box shows as the provider types: how much of the limits is used. */
export function commentUsage(comment: string): { readonly chars: number; readonly lineBreaks: number } {
  const text = comment.trim();
  return { chars: charCount(text), lineBreaks: lineBreaks(text) };
}

/** Why an over-read comment is refused by its length or line breaks, in plain words; null when within both. */
export function commentLimitProblem(comment: string): string | null {
  const { chars, lineBreaks: breaks } = commentUsage(comment);
  if (chars > OVER_READ_COMMENT_MAX_CHARS) {
    return `The comment is ${chars} characters; the report prints at most ${OVER_READ_COMMENT_MAX_CHARS}: shorten it by ${chars - OVER_READ_COMMENT_MAX_CHARS}.`;
  }
  if (breaks > OVER_READ_COMMENT_MAX_LINE_BREAKS) {
    return `The comment has ${breaks} line breaks; the report prints at most ${OVER_READ_COMMENT_MAX_LINE_BREAKS}: join some lines.`;
  }
  return null;
}

/**
 * Leeway for the time a provider was told, as the assistant gives it: read off another clock (a
 * phone, the wall) and typed to the minute (a capture at 10:15:40 told "10:15" is not refused).
 */
export const NOTIFIED_AT_LEEWAY_MS = 60_000;

/**
 * Why the time the assistant says the provider was told is refused, in plain words; null when it
 * can be true: not before the EKG was captured, not later than now (each with NOTIFIED_AT_LEEWAY_MS).
 * One rule for the form (said while typing) and main (EkgReviewService.notifyProvider, which decides).
 */
export function notifiedAtProblem(atMs: number, capturedAtMs: number, nowMs: number): string | null {
  if (!Number.isFinite(atMs)) return 'Give the time you told the provider, as YYYY-MM-DD HH:MM.';
  if (atMs > nowMs + NOTIFIED_AT_LEEWAY_MS) return 'That time is in the future: give the time you told the provider.';
  if (atMs < capturedAtMs - NOTIFIED_AT_LEEWAY_MS) return 'That time is before the EKG was captured: give the time you told the provider.';
  return null;
}
