/**
 * Where POC results go: an outbox folder (persistent retry queue) flushed periodically to the
 * EMR over MLLP, or, with no MLLP host configured, written as files into an outbound folder the
 * EMR picks up. Compose once per station and pass `outbox` to createPocServices.
 */
import { join } from 'node:path';
import type { Ack } from '../../../drivers/protocols/hl7/mllp.ts';
import { Hl7Outbox, writeOutboundFile } from '../../io/hl7Outbox.ts';
import { sendMllp } from '../../io/mllpClient.ts';

export interface EmrLinkOptions {
  /** The outbox folder (e.g. <dataDir>/hl7-outbox). */
  readonly dir: string;
  /** `tcp:HOST:PORT` style target for MLLP; null writes files into `<dir>/outbound` instead. */
  readonly mllp: { readonly host: string; readonly port: number; readonly timeoutMs?: number } | null;
  readonly flushEveryMs?: number;
  readonly nowMs?: () => number;
}

export interface EmrLink {
  readonly outbox: Hl7Outbox;
  close(): void;
}

export function startEmrLink(o: EmrLinkOptions): EmrLink {
  const target = o.mllp;
  const nowMs = o.nowMs ?? Date.now;
  const send = target
    ? (message: string, controlId: string) => sendMllp(target, message, controlId)
    : async (message: string, controlId: string): Promise<Ack> => {
        writeOutboundFile(join(o.dir, 'outbound'), controlId, message);
        return { code: 'AA', controlId, text: 'written to the outbound folder' };
      };
  const outbox = new Hl7Outbox(o.dir, send);
  let flushing = false;
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    outbox.flush(nowMs()).finally(() => (flushing = false));
  }, o.flushEveryMs ?? 5_000);
  return { outbox, close: () => clearInterval(timer) };
}
