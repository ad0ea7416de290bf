import type { EventPayloadOf } from '../../common/ipc/contract.ts';

type Status = EventPayloadOf<'cart.status'>['status'];
type Vitals = EventPayloadOf<'cart.vitals'>;

export interface CartViewInput {
  /** The last `cart.status` (null: none yet, the screen has just asked for the cart). */
  readonly status: Status | null;
  readonly vitals: Vitals | null;
  /** The last `cart.leadOff`. */
  readonly electrodesOff: readonly string[];
  /** When the last sample block arrived before the cart stopped being connected (epoch ms), null if none came. */
  readonly tracingStoppedAtMs: number | null;
  /** Local clock time of a moment, as the screen shows it (common/format/time.ts clockTime). */
  readonly clockTime: (atMs: number) => string;
}

export interface CartView {
  readonly connected: boolean;
  /** The status line's plain words for the assistant: what is wrong and what to do. */
  readonly statusText: string;
  /**
   * The device's own message, for support, shown after statusText, smaller, while something is wrong
   * (it is what to read out to support); null when connected: "connected to tcp:127.0.0.1:38821"
   * told an assistant nothing (a UI tester). It is in `statusTooltip` then.
   */
  readonly statusDetail: string | null;
  /** The device's own message at any time, as the status line's tooltip (null: none yet). */
  readonly statusTooltip: string | null;
  /** The tracing's caption: LIVE, or why what is drawn is not the patient now. */
  readonly caption: { readonly kind: 'live' } | { readonly kind: 'no-signal'; readonly text: string };
  readonly heartRateText: string;
  /** Frames lost or damaged on the link, null when there is nothing to say. */
  readonly linkProblemText: string | null;
  /** Electrodes reported off; null when not known (the cart is not connected). */
  readonly electrodesOff: readonly string[] | null;
}

const CHECK_CART = 'check the cable and that the cart is switched on. The station keeps trying to connect.';

/**
 * What the EKG screen's live part shows for the cart's state. Everything the cart reported comes
 * only while it streams, so once it is not connected the last tracing, heart rate and lead-off
 * describe the patient as they were, not now: a UI test found a frozen tracing captioned "LIVE
 * cart now" beside "HR 45 bpm" and "All electrodes connected" after the cable was pulled, under
 * a raw "ECONNREFUSED". Then the caption says NO SIGNAL and when the tracing stopped, the rate is
 * "HR —", the electrodes are not known, and the status line says in plain words what to do.
 */
export function cartView({ status, vitals, electrodesOff, tracingStoppedAtMs, clockTime }: CartViewInput): CartView {
  if (status?.state === 'connected') {
    const hr = vitals?.heartRateBpm;
    return {
      connected: true,
      statusText: 'Cart: connected',
      statusDetail: null,
      statusTooltip: status.message === '' ? null : status.message,
      caption: { kind: 'live' },
      heartRateText: `HR ${typeof hr === 'number' ? `${Math.round(hr)} bpm` : '—'}`,
      linkProblemText: vitals && (vitals.framesMissing > 0 || vitals.crcErrors > 0) ? `${vitals.framesMissing} frame(s) missing, ${vitals.crcErrors} damaged` : null,
      electrodesOff,
    };
  }
  const stopped = tracingStoppedAtMs === null ? 'cart not connected' : `cart not connected: the tracing below stopped at ${clockTime(tracingStoppedAtMs)}`;
  return {
    connected: false,
    statusText: notConnectedText(status, tracingStoppedAtMs !== null),
    statusDetail: status?.message ?? null,
    statusTooltip: status?.message ?? null,
    caption: { kind: 'no-signal', text: stopped },
    heartRateText: 'HR —',
    linkProblemText: null,
    electrodesOff: null,
  };
}

function notConnectedText(status: Exclude<Status, { state: 'connected' }> | null, hadTracing: boolean): string {
  if (status === null) return 'Cart: starting…';
  switch (status.state) {
    // The first try on opening the screen is routine; a retry, or any try after the stream was
    // lost, keeps the advice steady instead of flickering between it and "connecting".
    case 'connecting':
      return status.attempt <= 1 && !hadTracing ? 'Connecting to the cart…' : `Cart not connected: ${CHECK_CART}`;
    case 'error':
      return `Cart not connected: ${CHECK_CART}`;
    // Stopped (the live view was left before the cart was up): nothing retries by itself.
    case 'disconnected':
      return 'Cart not connected: leave the EKG screen and open it again to reconnect.';
    default: {
      const never: never = status;
      return never;
    }
  }
}

/**
 * What Capture's refusal `ekg-capture-in-progress` (another session's capture or armed
 * auto-capture holds the cart; main/app/station.ts heldBy) becomes once a capture of that kind has
 * ended (`cart.captured`, for every window): a UI tester who took the locked station over during the
 * previous operator's capture kept reading "Wait until that capture has finished." for a minute
 * after it was stored, with nothing saying an EKG had been stored. Null: the refusal is not one a
 * capture ends (another code, or a capture of the other kind). Where the capture ran is read from
 * main's words ("for the previous operator of this window" or "in another window"); no patient or
 * operator is named: the EKG is not this operator's to open.
 */
export function heldCaptureEnded(refusal: { readonly code: string; readonly message: string }, captured: { readonly trigger: 'manual' | 'auto'; readonly ekgId: number | null }): string | null {
  if (refusal.code !== 'ekg-capture-in-progress') return null;
  const byAuto = refusal.message.startsWith('Auto-capture is on');
  if (byAuto !== (captured.trigger === 'auto')) return null;
  const previous = refusal.message.includes('for the previous operator of this window');
  if (!previous && !refusal.message.includes('in another window')) return null;
  const what = byAuto ? 'The auto-capture' : 'The capture';
  const where = previous ? ' for the previous operator of this window' : ' in another window';
  const stored = captured.ekgId === null ? 'no EKG could be stored from it' : previous ? 'its EKG was stored for the previous operator' : 'its EKG was stored for the patient it was taken for';
  return `${what}${where} has finished and ${stored}. You can capture now.`;
}
