/**
 * What an immediate EKG finding asks of whoever reads it. The analysis words an immediate flag for
 * the assistant at the cart ("...: notify the provider now."). A UI tester found a provider told to
 * "get a provider now", and "flagged for your review now" still shown after that provider had
 * confirmed the EKG. So: the assistant is told to get a provider, a provider to review it now, and
 * once a provider has reviewed it nobody is asked to act on it. What is seen, never a diagnosis.
 */

export type ReaderRole = 'admin' | 'ma' | 'provider';
export type ReviewStatus = 'unconfirmed' | 'confirmed' | 'over-read';

const NOTIFY_NOW = /:\s*notify the provider now\.?$/i;

/** A flag's text as this reader should read it, for the EKG's review status. */
export function flagTextFor(text: string, role: ReaderRole, status: ReviewStatus): string {
  if (!NOTIFY_NOW.test(text)) return text;
  // Reviewed: the provider knows; what was seen stays, the call to act goes.
  if (status !== 'unconfirmed') return text.replace(NOTIFY_NOW, '.');
  return role === 'provider' ? text.replace(NOTIFY_NOW, ': flagged for your review now.') : text;
}

/**
 * The alert of an immediate finding that holds the signed-in operator (they captured the EKG): what
 * to do now, and what releases the screen. An assistant records whom she told, then acknowledges;
 * a provider who captured it is the provider: their confirmation or over-read releases it.
 */
export function heldAlertText(role: ReaderRole, providerNotified: boolean): { readonly now: string; readonly then: string } {
  if (role === 'provider') return { now: 'review this EKG now.', then: 'Confirm or over-read it below; then you may leave this screen.' };
  return {
    now: 'get a provider now.',
    then: providerNotified ? 'Then acknowledge before leaving this screen.' : 'First record here whom you told and how; then acknowledge.',
  };
}

/**
 * Why a provider held by their own capture cannot leave yet: main's reason speaks of the
 * assistant's acknowledgement, while the provider's way out is their review. Null: main's words.
 */
export function heldLeaveText(role: ReaderRole): string | null {
  return role === 'provider' ? 'Confirm or over-read the EKG with the immediate finding before leaving the EKG screen.' : null;
}

/** An unreviewed immediate finding that holds someone else (its capturer), as this reader sees it. */
export function othersFindingText(role: ReaderRole): string {
  return role === 'provider' ? 'flagged for your review now.' : 'the assistant who captured this EKG notifies a provider and acknowledges it.';
}

/** The pending banner, for the reader's own unacknowledged finding; `selected`: its patient is the one on screen. */
export function pendingMineText(role: ReaderRole, selected: boolean): string {
  const open = selected ? 'Open the EKG screen' : 'Select this patient and open the EKG screen';
  return role === 'provider' ? `${open} and review the EKG now (confirm or over-read it).` : `${open}, tell a provider now, record it and acknowledge the finding.`;
}

/** The pending banner, for another operator's unacknowledged finding (they may have gone). */
export function pendingOthersText(role: ReaderRole, capturedBy: string): string {
  return role === 'provider'
    ? `Review it now from the worklist: ${capturedBy} has not recorded that a provider was told.`
    : `Make sure a provider knows now: ${capturedBy} has not recorded that one was told. A provider can confirm the EKG from the worklist.`;
}
