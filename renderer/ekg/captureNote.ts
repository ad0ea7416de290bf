/** The capture fields the note is built from (cart.capture's answer). */
export interface CaptureOutcome {
  readonly complete: boolean;
  readonly incompleteReason?: string | undefined;
  readonly gaps: readonly unknown[];
}

/** main/devices/cart/acquisition.ts seals a capture cut short by its own operator (cart.stop) with this reason. */
const STOPPED_BY_OPERATOR = 'acquisition stopped';

/**
 * What the EKG screen says under a capture, in plain words. The technical reason (the driver's
 * message, e.g. "cart stream: tcp:...: peer closed the connection") stays in the stored record
 * and the logs; an operator is told what happened and what to do.
 */
export function captureNote(c: CaptureOutcome): string | null {
  if (!c.complete) {
    if (c.incompleteReason === STOPPED_BY_OPERATOR) return 'The capture was stopped before it had finished; nothing was analysed as a full tracing. Capture again.';
    // Every other cut is the cart's link: lost, unplugged, or no valid data for a second.
    return 'The cart disconnected during the capture; nothing was analysed as a full tracing. Check the cable and capture again.';
  }
  if (c.gaps.length > 0) return `${c.gaps.length} stretch(es) of missing data are marked in the tracing (never filled in).`;
  return null;
}
