/**
 * Downloads results from an ASTM E1381/E1394 meter or analyzer (e.g. Ascensia Contour over
 * serial/USB-CDC) over any Transport. The station is the receiver: it wakes the meter with EOT
 * (Contour's sync: host EOT, meter ENQ, glucometerutils contourusb.py), ACKs/NAKs frames through
 * the pure AstmReceiver and assembles messages all-or-nothing.
 *
 * Every way a device can keep the download busy ends in a typed MeterError: no ENQ within
 * `startTimeoutMs`; no accepted frame within `frameTimeoutMs` (NAKed frames, repeats and repeated
 * ENQs do not count as progress); 6 NAKs in a row (E1381's retry limit, `protocol`/`checksum`);
 * and the whole download past `sessionTimeoutMs` (10 min: a meter's memory dump at 9600 baud
 * takes a few minutes at most).
 */
import { AstmMessageAssembler } from '../protocols/astm/assembler.ts';
import { EOT } from '../protocols/astm/frame.ts';
import { AstmReceiver, lineNoise } from '../protocols/astm/receiver.ts';
import type { MeterReading } from '../protocols/meterResult.ts';
import type { Transport } from '../transports/transport.ts';
import { MeterError } from './errors.ts';
import { runSession } from './session.ts';

export interface AstmDownload {
  readonly readings: MeterReading[];
  /**
   * Messages that arrived broken (none of their readings are in `readings`), and line noise that
   * may have cost a message (`lineNoise`): any of these fails the import.
   */
  readonly errors: { readonly code: string; readonly reason: string }[];
  /** Line noise between frames that cost nothing (no message was lost to it): said, not a failure. */
  readonly warnings: { readonly code: string; readonly reason: string }[];
  readonly messages: number;
}

export interface AstmDownloadOptions {
  /** How long to wait for the meter's first ENQ. */
  readonly startTimeoutMs?: number;
  /** E1381 receiver timer between frames (30 s). */
  readonly frameTimeoutMs?: number;
  /** Write EOT first to wake a Contour-style meter. */
  readonly wake?: boolean;
  /**
   * Deadline for the whole download, however busy the link (10 min). Contour meters hold up to
   * 2,000 readings, about 160 kB of frames: under 3 min at 9600 baud with the ACK turnarounds.
   */
  readonly sessionTimeoutMs?: number;
}

export const ASTM_SESSION_TIMEOUT_MS = 600_000;

/** The transport must be open. Resolves at the meter's EOT; rejects on timeout or unplug. */
export function downloadAstm(transport: Transport, options: AstmDownloadOptions = {}): Promise<AstmDownload> {
  const receiver = new AstmReceiver({ frameTimeoutMs: options.frameTimeoutMs ?? 30_000 });
  // Live link: a NAKed frame is retransmitted by the meter, so rejected frames do not spoil a message.
  const assembler = new AstmMessageAssembler(false);
  const readings: MeterReading[] = [];
  const errors: { code: string; reason: string }[] = [];
  let messages = 0;
  let step = 'wait-for-enq';
  const startedAtMs = Date.now();
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const sessionTimeoutMs = options.sessionTimeoutMs ?? ASTM_SESSION_TIMEOUT_MS;
  const result = (): AstmDownload => {
    // Line noise around a good transmission still means the link is wrong: say so, as a failure
    // only when it may have cost a message.
    const noise = lineNoise(receiver.strayBytes, receiver.strayFrameEnds, messages);
    const report = noise && { code: noise.code, reason: noise.reason };
    return { readings, errors: report && noise.lossPossible ? [...errors, report] : errors, warnings: report && !noise.lossPossible ? [report] : [], messages };
  };
  return runSession<AstmDownload>(transport, () => step, {
    onStart: (ctl) => {
      if (options.wake ?? true) ctl.write(Uint8Array.of(EOT));
    },
    onBytes: (bytes, nowMs, ctl) => {
      const out = receiver.feed(bytes, nowMs);
      for (const s of out.send) ctl.write(s);
      for (const ev of out.events) {
        if (ev.type === 'established') step = 'receive-frames';
        for (const a of assembler.handle(ev)) {
          if (a.type === 'message') {
            messages++;
            readings.push(...a.readings);
          } else errors.push({ code: a.code, reason: a.reason });
        }
        if (ev.type === 'aborted') {
          return ctl.fail(
            new MeterError(
              ev.lastReason === 'checksum' ? 'checksum' : 'protocol',
              step,
              `${ev.rejections} frames in a row were rejected (last: ${ev.lastReason}); the transfer was abandoned (E1381 allows 6 tries per frame)`,
            ),
          );
        }
        if (ev.type === 'end') ctl.finish(result());
      }
    },
    onTick: (nowMs, ctl) => {
      const out = receiver.poll(nowMs);
      for (const ev of out.events) {
        for (const a of assembler.handle(ev)) if (a.type === 'broken') errors.push({ code: a.code, reason: a.reason });
        if (ev.type === 'timeout') ctl.fail(new MeterError('timeout', step, 'no frame from the meter within the receive timeout; the partial transfer was discarded'));
      }
      if (step === 'wait-for-enq' && nowMs - startedAtMs >= startTimeoutMs) ctl.fail(new MeterError('timeout', step, 'the meter did not start a transmission'));
      if (nowMs - startedAtMs >= sessionTimeoutMs) ctl.fail(new MeterError('timeout', step, `the download did not finish within ${Math.round(sessionTimeoutMs / 1000)} s`));
    },
  });
}
