import { isStationError } from '../../../common/errors.ts';
import { encodeFrame, FrameReader } from './frame.ts';
import { electrodeMaskFromStatus } from './leadOff.ts';
import { commandCode, commandPayload, decodeAck, decodeData, decodeIdentity, decodeImpedance, hostAccepts, MSG } from './messages.ts';
import { CART_CHANNEL_COUNT, type CartCommand, type CartDecoder, type CartDecoderStats, type CartEvent, type CartProtocol } from './types.ts';

/**
 * Host side of "station cart v1": frames from frame.ts, messages from messages.ts, plus the
 * sequence tracking that turns missing frames into `gap` events (never filled in).
 */
class StationCartV1Decoder implements CartDecoder {
  private readonly reader = new FrameReader(hostAccepts);
  private expectedSeq: number | undefined;
  readonly stats: CartDecoderStats = { framesOk: 0, framesMissing: 0, crcErrors: 0, bytesDiscarded: 0 };

  reset(): void {
    this.reader.reset();
    this.expectedSeq = undefined;
  }

  startStream(): void {
    this.expectedSeq = 0;
  }

  feed(bytes: Uint8Array, nowMs: number): CartEvent[] {
    const { frames, discards } = this.reader.push(bytes);
    const events: CartEvent[] = [];
    for (const d of discards) {
      this.stats.bytesDiscarded += d.bytes;
      if (d.reason === 'crc') this.stats.crcErrors++;
      events.push({ type: 'discarded', bytes: d.bytes, reason: d.reason });
    }
    for (const f of frames) {
      try {
        switch (f.type) {
          case MSG.data:
            this.onData(f.payload, nowMs, events);
            break;
          case MSG.ack:
            events.push({ type: 'ack', ...decodeAck(f.payload) });
            break;
          case MSG.identity:
            events.push({ type: 'identity', identity: decodeIdentity(f.payload) });
            break;
          case MSG.impedance:
            events.push({ type: 'impedance', ohms: decodeImpedance(f.payload) });
            break;
        }
      } catch (e) {
        // A frame with a valid CRC but an impossible payload: drop it, as the cart sent nonsense.
        if (!isStationError(e)) throw e;
        this.stats.bytesDiscarded += f.payload.length;
        events.push({ type: 'discarded', bytes: f.payload.length, reason: 'malformed' });
      }
    }
    return events;
  }

  private onData(payload: Uint8Array, nowMs: number, events: CartEvent[]): void {
    const counts = new Int32Array(CART_CHANNEL_COUNT);
    const { seq, status } = decodeData(payload, counts);
    const expected = this.expectedSeq;
    if (expected !== undefined && seq !== expected) {
      if (seq > expected) {
        const frames = seq - expected;
        this.stats.framesMissing += frames;
        events.push({ type: 'gap', fromSeq: expected, toSeq: seq - 1, frames, receivedMs: nowMs });
      } else {
        events.push({ type: 'sequenceReset', seq });
      }
    }
    this.expectedSeq = seq + 1;
    this.stats.framesOk++;
    events.push({ type: 'samples', seq, receivedMs: nowMs, counts, leadOff: electrodeMaskFromStatus(status) });
  }
}

export const stationCartV1: CartProtocol = {
  name: 'station-cart-v1',
  createDecoder: () => new StationCartV1Decoder(),
  encodeCommand: (command: CartCommand) => encodeFrame(commandCode(command.type), commandPayload(command)),
};
