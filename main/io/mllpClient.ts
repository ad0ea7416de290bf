/**
 * Sends one HL7 message over MLLP (node:net) and waits for its ACK. The reply must acknowledge
 * our control id (MSA-2); a dropped connection, a timeout or garbage is a typed error so the
 * outbox can retry.
 */
import { connect } from 'node:net';
import { StationError } from '../../common/errors.ts';
import { MllpDecoder, MllpError, encodeMllp, parseAck, type Ack } from '../../drivers/protocols/hl7/mllp.ts';

export class MllpSendError extends StationError {
  constructor(
    code: 'mllp-timeout' | 'mllp-closed' | 'mllp-connect' | 'mllp-reply',
    message: string,
  ) {
    super(code, message);
    this.name = 'MllpSendError';
  }
}

export interface MllpTarget {
  readonly host: string;
  readonly port: number;
  /** Whole exchange: connect, send, ACK. */
  readonly timeoutMs?: number;
}

export function sendMllp(target: MllpTarget, message: string, controlId: string): Promise<Ack> {
  return new Promise<Ack>((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const decoder = new MllpDecoder();
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new MllpSendError('mllp-timeout', `no ACK from ${target.host}:${target.port} in time`))), target.timeoutMs ?? 10_000);
    // Node has already cleared socket.connecting when a refused connection's error fires, so the
    // connect event itself says whether the EMR was ever reached (mllp-connect vs mllp-closed).
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      socket.write(encodeMllp(message));
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const reply of decoder.feed(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
          const ack = parseAck(reply);
          if (ack.controlId !== controlId) throw new MllpError('ACK is for another message');
          finish(() => resolve(ack));
          return;
        }
      } catch (e) {
        finish(() => reject(new MllpSendError('mllp-reply', e instanceof Error ? e.message : 'bad reply')));
      }
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish(() => reject(new MllpSendError(connected ? 'mllp-closed' : 'mllp-connect', `${target.host}:${target.port}: ${e.code ?? e.message}`))),
    );
    socket.once('close', () => finish(() => reject(new MllpSendError('mllp-closed', `${target.host}:${target.port} closed the connection before an ACK`))));
  });
}
