import { isStationError } from '../../../common/errors.ts';
import { encodeFrame, FrameReader } from './frame.ts';
import { statusFromElectrodeMask } from './leadOff.ts';
import { decodeCommand, deviceAccepts, encodeAck, encodeData, encodeIdentity, encodeImpedance, MSG } from './messages.ts';
import type { AckStatus, CartCommand, CartCommandType, CartIdentity, ElectrodeMask } from './types.ts';

/** Cart side of station cart v1, for simulators: host commands in, cart frames out. */
export class StationCartV1CommandReader {
  private readonly reader = new FrameReader(deviceAccepts);

  /** Commands found in the bytes; anything else is dropped, as a cart would. */
  feed(bytes: Uint8Array): CartCommand[] {
    const out: CartCommand[] = [];
    for (const f of this.reader.push(bytes).frames) {
      try {
        out.push(decodeCommand(f.type, f.payload));
      } catch (e) {
        if (!isStationError(e)) throw e;
      }
    }
    return out;
  }
}

export function encodeDataFrame(seq: number, leadOff: ElectrodeMask, counts: ArrayLike<number>): Uint8Array {
  return encodeFrame(MSG.data, encodeData(seq, statusFromElectrodeMask(leadOff), counts));
}

export function encodeAckFrame(command: CartCommandType, status: AckStatus): Uint8Array {
  return encodeFrame(MSG.ack, encodeAck(command, status));
}

export function encodeIdentityFrame(identity: CartIdentity): Uint8Array {
  return encodeFrame(MSG.identity, encodeIdentity(identity));
}

export function encodeImpedanceFrame(ohms: ArrayLike<number>): Uint8Array {
  return encodeFrame(MSG.impedance, encodeImpedance(ohms));
}
