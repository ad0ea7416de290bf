/**
 * Types shared by every cart protocol. A real-hardware protocol is one more `CartProtocol`
 * implementation (a new file), the driver and the acquisition session do not change.
 */

/** The 8 channels a 12-lead front end acquires; III, aVR, aVL, aVF are derived from I and II. */
export const CART_CHANNELS = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type CartChannel = (typeof CART_CHANNELS)[number];
export const CART_CHANNEL_COUNT = CART_CHANNELS.length;

/** The 10 electrodes of a 12-lead ECG; bit i of an ElectrodeMask is ELECTRODES[i]. */
export const ELECTRODES = ['RA', 'LA', 'LL', 'RL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type Electrode = (typeof ELECTRODES)[number];
/** Bit set = that electrode is off (lead-off detected). */
export type ElectrodeMask = number;

export interface CartIdentity {
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  readonly supportedRatesHz: readonly number[];
  /** Nanovolts per count of the 24-bit samples. */
  readonly resolutionNvPerLsb: number;
}

export type CartCommand =
  | { readonly type: 'identify' }
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'setRate'; readonly rateHz: number }
  | { readonly type: 'impedanceCheck' };

export type CartCommandType = CartCommand['type'];

/** Why the cart refused a command (0 = accepted). */
export type AckStatus = 'ok' | 'unsupported' | 'busy' | 'invalid';

export type CartEvent =
  | {
      readonly type: 'samples';
      /** Frame sequence number (32-bit, restarts at 0 on every start). */
      readonly seq: number;
      readonly receivedMs: number;
      /** One sample per channel, CART_CHANNELS order, signed counts. */
      readonly counts: Int32Array;
      readonly leadOff: ElectrodeMask;
    }
  /** Frames `fromSeq..toSeq` (inclusive) never arrived. Their samples are missing, not zero. */
  | { readonly type: 'gap'; readonly fromSeq: number; readonly toSeq: number; readonly frames: number; readonly receivedMs: number }
  | { readonly type: 'identity'; readonly identity: CartIdentity }
  | { readonly type: 'ack'; readonly command: CartCommandType; readonly status: AckStatus }
  /** Electrode-skin impedance in ohms, ELECTRODES order; NaN = not measurable (electrode off). */
  | { readonly type: 'impedance'; readonly ohms: Float64Array }
  /** Bytes dropped while resynchronising (garbage, a frame failing its CRC, a lost byte). */
  | { readonly type: 'discarded'; readonly bytes: number; readonly reason: 'crc' | 'garbage' | 'malformed' }
  /** Sequence went backwards: the cart restarted its stream. */
  | { readonly type: 'sequenceReset'; readonly seq: number };

/** A pure, stateful decoder for bytes from the cart. Never throws on input bytes. */
export interface CartDecoder {
  feed(bytes: Uint8Array, nowMs: number): CartEvent[];
  /** Forget partial input and the expected sequence (after reconnect). */
  reset(): void;
  /** A START was sent: the next data frame should be the stream's first (seq 0), so a loss there is a gap too. */
  startStream(): void;
  readonly stats: Readonly<CartDecoderStats>;
}

export interface CartDecoderStats {
  framesOk: number;
  framesMissing: number;
  crcErrors: number;
  bytesDiscarded: number;
}

export interface CartProtocol {
  readonly name: string;
  createDecoder(): CartDecoder;
  encodeCommand(command: CartCommand): Uint8Array;
}
