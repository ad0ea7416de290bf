/**
 * Downloads a LifeScan OneTouch Ultra/Ultra2 over any Transport (9600 8N1): `DM?` firmware,
 * `DM@` serial, then `DMP` dump, all through the pure protocol module. A dump with any bad line
 * is discarded whole and asked for again, up to `attempts` times. A record the meter flagged with
 * a parity error is stored that way in its memory, so asking again cannot cure it: it is withheld
 * (reported in `withheld`) and the rest of the dump is delivered.
 *
 * A meter (or a wrong device, or line noise) that keeps sending cannot hold the download: the
 * reply timer restarts only on a non-empty line with a valid checksum (blank lines, garbage and
 * corrupted lines do not count), an exchange takes at most the lines it can need (the dump's
 * header count + MAX_EXTRA_LINES), and the whole download has a deadline (`sessionTimeoutMs`).
 * Each ends in a typed MeterError naming the command.
 */
import { OneTouchError, OneTouchLineDecoder, decodeLine, encodeCommand, parseDump, type OneTouchCommand, type WithheldReading } from '../protocols/onetouch/protocol.ts';
import type { MeterReading } from '../protocols/meterResult.ts';
import type { Transport } from '../transports/transport.ts';
import { MeterError } from './errors.ts';
import { runSession } from './session.ts';

export interface OneTouchDownload {
  readonly firmware: string;
  readonly serial: string;
  readonly readings: MeterReading[];
  /** Readings the meter flagged unreliable (parity error): not in `readings`. */
  readonly withheld: WithheldReading[];
  /** Dumps refused before a good one (bad checksum, malformed line). */
  readonly rejectedDumps: number;
}

export interface OneTouchOptions {
  /** Silence (no good line) after which a reply is considered over (glucometerutils uses a 1 s read timeout). */
  readonly lineTimeoutMs?: number;
  readonly attempts?: number;
  /**
   * Deadline for the whole download, all commands and attempts (3 min). An Ultra2 holds 500
   * readings, about 31 kB of dump: some 35 s per attempt at 9600 baud.
   */
  readonly sessionTimeoutMs?: number;
}

export const ONETOUCH_SESSION_TIMEOUT_MS = 180_000;

/**
 * Lines a reply may carry beyond the ones it needs (the `?`/`@` replies or a stale line before a
 * dump's header): more is not a OneTouch answer.
 */
export const MAX_EXTRA_LINES = 4;

/** True for a non-empty reply line with a valid checksum: the only thing that shows the meter is answering. */
function isGoodLine(line: string): boolean {
  try {
    decodeLine(line);
    return true;
  } catch (e) {
    if (e instanceof OneTouchError) return false;
    throw e;
  }
}

/**
 * Sends one command and collects reply lines until `complete(lines)` says so. Fails on
 * `lineTimeoutMs` without a good line, on more than `maxLines(lines)` lines, or at `deadlineMs`.
 */
function exchange(
  transport: Transport,
  cmd: OneTouchCommand,
  complete: (lines: string[]) => boolean,
  maxLines: (lines: string[]) => number,
  lineTimeoutMs: number,
  deadlineMs: number,
): Promise<string[]> {
  const decoder = new OneTouchLineDecoder();
  const lines: string[] = [];
  let lastGoodMs = Date.now();
  return runSession<string[]>(transport, () => cmd, {
    onStart: (ctl) => ctl.write(encodeCommand(cmd)),
    onBytes: (bytes, nowMs, ctl) => {
      let fresh: string[];
      try {
        fresh = decoder.feed(bytes).filter((l) => l !== '' && l !== cmd);
      } catch (e) {
        return ctl.fail(e instanceof OneTouchError ? new MeterError('protocol', cmd, e.message) : (e as Error));
      }
      for (const line of fresh) {
        if (isGoodLine(line)) lastGoodMs = nowMs;
        lines.push(line);
        if (lines.length > maxLines(lines)) return ctl.fail(new MeterError('protocol', cmd, `more than ${maxLines(lines)} reply lines: not a OneTouch answer`));
      }
      if (complete(lines)) ctl.finish(lines);
    },
    onTick: (nowMs, ctl) => {
      if (nowMs >= deadlineMs) return ctl.fail(new MeterError('timeout', cmd, 'the download did not finish in time'));
      if (nowMs - lastGoodMs >= lineTimeoutMs) ctl.fail(new MeterError('timeout', cmd, lines.length === 0 ? 'the meter did not answer' : 'the meter stopped mid-reply'));
    },
  });
}

/** Index and record count of the dump header among the reply lines (it may follow a stale `?`/`@` line). */
function dumpHeader(lines: string[]): { readonly at: number; readonly count: number } | null {
  for (let at = 0; at < lines.length; at++) {
    const m = /^P (\d{3}),/.exec(lines[at]!);
    if (m) return { at, count: Number(m[1]) };
  }
  return null;
}

function dumpComplete(lines: string[]): boolean {
  const h = dumpHeader(lines);
  return h !== null && lines.length >= h.at + h.count + 1;
}

/** The header, its records, and a few lines around them. */
function dumpMaxLines(lines: string[]): number {
  const h = dumpHeader(lines);
  return (h === null ? 0 : h.at + h.count + 1) + MAX_EXTRA_LINES;
}

/** The transport must be open at 9600 8N1. */
export async function downloadOneTouch(transport: Transport, options: OneTouchOptions = {}): Promise<OneTouchDownload> {
  const lineTimeoutMs = options.lineTimeoutMs ?? 1000;
  const attempts = options.attempts ?? 3;
  const deadlineMs = Date.now() + (options.sessionTimeoutMs ?? ONETOUCH_SESSION_TIMEOUT_MS);
  const one = async (cmd: OneTouchCommand, prefix: string): Promise<string> => {
    const [line] = await exchange(transport, cmd, (l) => l.length >= 1, () => 1 + MAX_EXTRA_LINES, lineTimeoutMs, deadlineMs);
    try {
      const payload = decodeLine(line ?? '');
      if (!payload.startsWith(prefix)) throw new OneTouchError('onetouch-format', `unexpected reply to ${cmd}`);
      return payload;
    } catch (e) {
      if (e instanceof OneTouchError) throw new MeterError(e.code === 'onetouch-checksum' ? 'checksum' : 'protocol', cmd, e.message);
      throw e;
    }
  };
  const firmware = (await one('DM?', '?')).slice(1);
  const serialMatch = /^@ "([0-9A-Z-]{1,16})"$/.exec(await one('DM@', '@'));
  if (!serialMatch) throw new MeterError('protocol', 'DM@', 'serial number reply malformed');
  const serial = serialMatch[1]!;
  let rejectedDumps = 0;
  for (;;) {
    const lines = await exchange(transport, 'DMP', dumpComplete, dumpMaxLines, lineTimeoutMs, deadlineMs);
    try {
      const { readings, withheld } = parseDump(lines);
      if ([...readings, ...withheld].some((r) => r.deviceSerial !== serial)) throw new OneTouchError('onetouch-format', 'dump serial differs from DM@ serial');
      return { firmware, serial, readings, withheld, rejectedDumps };
    } catch (e) {
      if (!(e instanceof OneTouchError)) throw e;
      rejectedDumps++;
      if (rejectedDumps >= attempts) throw new MeterError(e.code === 'onetouch-checksum' ? 'checksum' : 'protocol', 'DMP', `${e.message} (${attempts} attempts)`);
    }
  }
}
