/**
 * Where POC results go: an outbox folder (persistent retry queue) flushed periodically to the
 * EMR over MLLP, or, with no MLLP host configured, written as files into an outbound folder the
 * EMR's interface may pick up (`outbox.mode` is then `folder`: the station cannot see whether it
 * did). Compose once per station and pass `outbox` to createPocServices.
 *
 * Every periodic flush first runs the outbox's beforeFlush hooks: createPocServices registers
 * PocService.recoverExports there, so an export that could not be queued goes at the next tick.
 * Delivery is at least once (see main/io/hl7Outbox.ts): the EMR de-duplicates on MSH-10.
 *
 * A flush that fails as a whole (a file the outbox cannot read or move) never takes the station
 * down: its error code shows in `outbox.status()` (the EMR status), and the next tick tries again.
 * The one stderr line carries the error code only, never a message, path or patient data.
 */
import { existsSync, readFileSync } from 'node:fs';
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
  /** Where a flush failure is reported (default: one stderr line with the code, when the code changes). */
  readonly onFlushError?: (code: string) => void;
}

export interface EmrLink {
  readonly outbox: Hl7Outbox;
  close(): void;
}

/**
 * File pick-up: writes `<controlId>.hl7` into the outbound folder. The same message already there
 * (the station stopped after writing it, before the outbox moved its entry) counts as delivered;
 * a different message under that control id is refused like an AE (parked in failed/, for staff).
 */
export async function deliverToOutboundFolder(dir: string, message: string, controlId: string): Promise<Ack> {
  const path = join(dir, `${controlId}.hl7`);
  if (existsSync(path)) {
    return readFileSync(path, 'utf8') === message
      ? { code: 'AA', controlId, text: 'already in the outbound folder' }
      : { code: 'AE', controlId, text: 'another message with this control id is in the outbound folder' };
  }
  writeOutboundFile(dir, controlId, message);
  return { code: 'AA', controlId, text: 'written to the outbound folder' };
}

export function startEmrLink(o: EmrLinkOptions): EmrLink {
  const target = o.mllp;
  const nowMs = o.nowMs ?? Date.now;
  const send = target ? (message: string, controlId: string) => sendMllp(target, message, controlId) : (message: string, controlId: string) => deliverToOutboundFolder(join(o.dir, 'outbound'), message, controlId);
  let lastReported: string | null = null;
  const onFlushError =
    o.onFlushError ??
    ((code: string) => {
      if (code !== lastReported) process.stderr.write(`EMR outbox: flush failed (${code}); see the EMR status\n`);
    });
  // Folder mode: the station writes the file and records its own "AA"; nobody at the EMR answered,
  // so the outbox is told, and a message in sent/ reads as placed in the pick-up folder, not as sent.
  const outbox = new Hl7Outbox(o.dir, send, undefined, nowMs, target ? 'mllp' : 'folder');
  let flushing = false;
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    outbox
      .flush(nowMs())
      .then(
        () => (lastReported = null),
        () => {
          // The outbox keeps the code for status(); the error itself may name files, so it is not logged.
          const code = outbox.flushError() ?? 'flush-failed';
          onFlushError(code);
          lastReported = code;
        },
      )
      .catch(() => undefined)
      .finally(() => (flushing = false));
  }, o.flushEveryMs ?? 5_000);
  return { outbox, close: () => clearInterval(timer) };
}
