/**
 * What an immediate EKG finding asks of whoever reads it on screen: the held alert, the hold
 * message and the pending banner. A UI tester found a provider told to "get a provider now". How a
 * flag itself reads (for the reader and the review state) is one rule with the report's:
 * common/ekg/reviewWording.ts flagTextFor. What is seen, never a diagnosis.
 */

export type ReaderRole = 'admin' | 'ma' | 'provider';

/**
 * The alert of an immediate finding that holds the signed-in operator (they captured the EKG): what
 * to do now, and what releases the screen. An assistant records whom she told, then acknowledges;
 * a provider who captured it is the provider: their confirmation or over-read releases it.
 */
export function heldAlertText(role: ReaderRole, providerNotified: boolean): { readonly now: string; readonly then: string } {
  if (role === 'provider') return { now: 'review this EKG now.', then: 'Confirm or over-read it below; then you may leave this screen.' };
  // Once the notification is recorded, "get a provider now" would send her for a second one (a UI tester): what is left is the acknowledgement.
  if (providerNotified) return { now: 'a provider was notified (see the review trail below).', then: 'Acknowledge the finding before leaving this screen.' };
  return { now: 'get a provider now.', then: 'First record here whom you told and how; then acknowledge.' };
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

/**
 * The pending banner, for the reader's own unacknowledged finding. `where`: its patient is not the
 * one selected; selected, on another screen; or selected with the EKG screen open (where telling
 * the reader to "open the EKG screen" read as a dead end, a UI tester): open that EKG there.
 */
export function pendingMineText(role: ReaderRole, where: 'other-patient' | 'other-screen' | 'ekg-screen', ekgId: number, providerNotified: boolean): string {
  const open = where === 'other-patient' ? 'Select this patient and open the EKG screen' : where === 'other-screen' ? 'Open the EKG screen' : `Open EKG #${ekgId} from this patient's EKG list below`;
  // Whom she told is recorded: the acknowledgement is what is left (not a second provider).
  if (providerNotified && role !== 'provider') return `${open} and acknowledge the finding: a provider was told, as you recorded.`;
  return role === 'provider' ? `${open} and review the EKG now (confirm or over-read it).` : `${open}, tell a provider now, record it and acknowledge the finding.`;
}

/** The pending banner, for another operator's unacknowledged finding (they may have gone). */
export function pendingOthersText(role: ReaderRole, capturedBy: string, providerNotified: boolean): string {
  // Once the capturer recorded whom they told, asking again would send for a second provider (a UI tester).
  if (providerNotified) {
    return role === 'provider'
      ? `Review it now from the worklist: ${capturedBy} recorded that a provider was told and has not acknowledged it yet.`
      : `${capturedBy} recorded that a provider was told and has not acknowledged it yet. A provider's confirmation from the worklist also ends it.`;
  }
  return role === 'provider'
    ? `Review it now from the worklist: ${capturedBy} has not recorded that a provider was told.`
    : `Make sure a provider knows now: ${capturedBy} has not recorded that one was told. A provider can confirm the EKG from the worklist.`;
}
