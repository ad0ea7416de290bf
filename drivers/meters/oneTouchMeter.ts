/**
 * Downloads a LifeScan OneTouch Ultra/Ultra2 over any Transport (9600 8N1): `DM?` firmware,
 * `DM@` serial, then `DMP` dump, all through the pure protocol module. A dump with any bad line
 * is discarded whole and asked for again, up to `attempts` times. A record the meter flagged with
 * a parity error is stored that way in its memory, so asking again cannot cure it: it is withheld
 * (reported in `withheld`) and the rest of the dump is delivered.
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
  /** Silence after which a reply is considered over (glucometerutils uses a 1 s read timeout). */
  readonly lineTimeoutMs?: number;
  readonly attempts?: number;
}

/** Sends one command and collects reply lines until `complete(lines)` says so or the line timeout fires. */
function exchange(transport: Transport, cmd: OneTouchCommand, complete: (lines: string[]) => boolean, lineTimeoutMs: number): Promise<string[]> {
  const decoder = new OneTouchLineDecoder();
  const lines: string[] = [];
  let lastMs = Date.now();
  return runSession<string[]>(transport, () => cmd, {
    onStart: (ctl) => ctl.write(encodeCommand(cmd)),
    onBytes: (bytes, nowMs, ctl) => {
      lastMs = nowMs;
      try {
        lines.push(...decoder.feed(bytes).filter((l) => l !== '' && l !== cmd));
      } catch (e) {
        return ctl.fail(e as Error);
      }
      if (complete(lines)) ctl.finish(lines);
    },
    onTick: (nowMs, ctl) => {
      if (nowMs - lastMs >= lineTimeoutMs) ctl.fail(new MeterError('timeout', cmd, lines.length === 0 ? 'the meter did not answer' : 'the meter stopped mid-reply'));
    },
  });
}

function dumpComplete(lines: string[]): boolean {
  const m = /^P (\d{3}),/.exec(lines[0] ?? '');
  return m !== null && lines.length >= Number(m[1]) + 1;
}

/** The transport must be open at 9600 8N1. */
export async function downloadOneTouch(transport: Transport, options: OneTouchOptions = {}): Promise<OneTouchDownload> {
  const lineTimeoutMs = options.lineTimeoutMs ?? 1000;
  const attempts = options.attempts ?? 3;
  const one = async (cmd: OneTouchCommand, prefix: string): Promise<string> => {
    const [line] = await exchange(transport, cmd, (l) => l.length >= 1, lineTimeoutMs);
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
    const lines = await exchange(transport, 'DMP', dumpComplete, lineTimeoutMs);
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
