import { recordedSecondsText } from '../format/seconds.ts';

/**
 * The reason main/devices/cart/acquisition.ts seals a capture with when its own operator cut it
 * short (cart.stop); every other reason is the cart's link (lost, unplugged, no valid data).
 */
export const STOPPED_BY_OPERATOR = 'acquisition stopped';

/** What a stored capture says of its own length (the settings JSON of main/devices/cart/storeCapture.ts). */
export interface CaptureCompleteness {
  readonly complete: boolean;
  readonly incompleteReason?: string | undefined;
}

/**
 * What everyone who reads a capture that did not run its full length must know, in plain words:
 * how much was recorded, why it stopped, and that its measurements and flags come from that part
 * only. The EKG is kept and analysed as recorded (an urgent finding in 4 s is still urgent); the
 * driver's technical reason stays in the stored record. Null for a complete capture. The length is
 * recordedSecondsText's, as everywhere else the capture's length is stated.
 */
export function incompleteCaptureNote(c: CaptureCompleteness, recordedSeconds: number): string | null {
  if (c.complete) return null;
  const why = c.incompleteReason === STOPPED_BY_OPERATOR ? 'the capture was stopped before it had finished' : 'the cart disconnected during the capture';
  return `Incomplete capture: only ${recordedSecondsText(recordedSeconds)} recorded (${why}). Measurements and flags are from that part only: capture again for a full tracing.`;
}
