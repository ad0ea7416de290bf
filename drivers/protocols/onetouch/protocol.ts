/**
 * LifeScan OneTouch Ultra / Ultra2 serial protocol (9600 8N1, ASCII), as pure functions and a
 * line decoder. Source: glucometers-tech/glucometerutils drivers/otultra2.py @9b87a5b and
 * tidepool-org/uploader lib/drivers/onetouch/oneTouchUltra2.js (standards-notes §1.1).
 *
 *   host -> meter   DC1 CR <CMD> CR                      e.g. 11 0D 'DMP' 0D
 *   meter -> host   <payload> SP <CCCC> CR [LF]          CCCC = 16-bit byte sum of payload, 4 hex
 *   DMP reply       P nnn,"SERIALNUM","MG/DL " CCCC      header, nnn records follow
 *                   P "DOW","MM/DD/YY","HH:MM:SS   ","C VVV?","N|B|A","cc", 00 CCCC
 *
 * Departures to know: dump values are always mg/dL whatever the display unit (the header's unit
 * field is that display setting, 6 characters wide: `"MG/DL "` or `"MMOL/L"`); the year has two
 * digits (20yy); `C` marks a control-solution reading and `?` a parity error in the stored value.
 * A `?` travels with that one record in the meter's memory (it is not a line error: the line's own
 * checksum is good and every re-read returns it again), so it costs that reading only: see
 * `WithheldReading`.
 */
import { StationError } from '../../../common/errors.ts';
import { isSimulatedSerial, type MeterReading } from '../meterResult.ts';

export class OneTouchError extends StationError {
  constructor(
    override readonly code: 'onetouch-checksum' | 'onetouch-format' | 'onetouch-timeout',
    message: string,
  ) {
    super(code, message);
    this.name = 'OneTouchError';
  }
}

export const ONETOUCH_BAUD = 9600;
export type OneTouchCommand = 'DM?' | 'DM@' | 'DMP' | 'DMF' | 'DMSU?';

/** Plain byte sum mod 0x10000 (otultra2.py _calculate_checksum). */
export function oneTouchChecksum(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum = (sum + (payload.charCodeAt(i) & 0xff)) & 0xffff;
  return sum;
}

export function encodeCommand(cmd: OneTouchCommand): Uint8Array {
  const s = `\x11\r${cmd}\r`;
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A meter line with its checksum appended, as the meter sends it (used by the simulator). */
export function encodeLine(payload: string): Uint8Array {
  const s = `${payload} ${oneTouchChecksum(payload).toString(16).toUpperCase().padStart(4, '0')}\r\n`;
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** Verifies and strips the checksum of one line (without its CR/LF). */
export function decodeLine(line: string): string {
  const m = /^(.+) ([0-9A-F]{4})$/.exec(line);
  if (!m) throw new OneTouchError('onetouch-format', 'reply line has no checksum');
  if (parseInt(m[2]!, 16) !== oneTouchChecksum(m[1]!)) throw new OneTouchError('onetouch-checksum', 'reply line checksum mismatch');
  return m[1]!;
}

/** Splits the byte stream into lines at CR (an LF after it is dropped). Keeps state across chunks. */
export class OneTouchLineDecoder {
  private buf = '';
  static readonly MAX_LINE = 256;

  feed(bytes: Uint8Array): string[] {
    const lines: string[] = [];
    for (const b of bytes) {
      if (b === 0x0d) {
        lines.push(this.buf);
        this.buf = '';
      } else if (b === 0x0a || b === 0x11) {
        // LF after CR, and DC1 (XON) before commands: not part of any line.
      } else if (this.buf.length >= OneTouchLineDecoder.MAX_LINE) {
        throw new OneTouchError('onetouch-format', 'line longer than 256 characters');
      } else {
        this.buf += String.fromCharCode(b);
      }
    }
    return lines;
  }

  get pending(): string {
    return this.buf;
  }
}

const HEADER_RE = /^P (\d{3}),"([0-9A-Z-]{1,16})","(MG\/DL |MMOL\/L)"$/;
const RECORD_RE = /^P "([A-Z]{3})","(\d{2})\/(\d{2})\/(\d{2})","(\d{2}):(\d{2}):(\d{2}) {3}","([C ]) (\d{3})([? ])","([NBA])","(0\d|1[01])", 00$/;

export interface DumpHeader {
  readonly count: number;
  readonly serial: string;
  /** The header's unit field without its pad space: the meter's display setting. */
  readonly displayUnit: 'MG/DL' | 'MMOL/L';
}

/**
 * The unit of every dump value as the meter spells it: its header field for mg/dL (`"MG/DL "`, the
 * pad space is framing). OneTouch sends no unit per reading, and a meter set to show mmol/L still
 * dumps mg/dL (otultra2.py get_readings), so the header's `MMOL/L` is never the values' unit:
 * giving it to `093` would read as 93 mmol/L. Case is kept; the catalogue maps it to UCUM mg/dL
 * (main/domain/poc/catalogue.ts deviceSpellings) when a reading becomes a result.
 */
export const ONETOUCH_DUMP_UNIT = 'MG/DL';

export function parseDumpHeader(payload: string): DumpHeader {
  const m = HEADER_RE.exec(payload);
  if (!m) throw new OneTouchError('onetouch-format', 'DMP header line malformed');
  return { count: Number(m[1]), serial: m[2]!, displayUnit: m[3]!.trim() as 'MG/DL' | 'MMOL/L' };
}

/**
 * A stored reading the meter itself marked unreliable, reported instead of delivered.
 * LifeScan's `?` after the value is the meter's parity-error flag for that record
 * (glucometerutils otultra2.py `parityerror`; standards-notes §1.1): the bytes of the stored value
 * failed their parity check, so the digits may not be what the meter measured. Delivering it, even
 * marked, would put a number of unknown integrity on the pending list where it can be matched to a
 * patient and charted; repairing or guessing it is out of the question. It is withheld, named
 * (position in the dump and the meter's own time, never the value), and the import exits non-zero
 * so the assistant checks the meter and repeats the test if the reading matters.
 */
export interface WithheldReading {
  /** 1-based position of the record in the dump. */
  readonly index: number;
  readonly deviceSerial: string;
  /** The meter's own record time, raw (`MM/DD/YY HH:MM:SS`). */
  readonly recordTime: string;
  readonly reason: 'parity';
}

export function withheldMessage(w: WithheldReading): string {
  return `reading ${w.index} (meter ${w.deviceSerial}, ${w.recordTime}) withheld: the meter flagged a parity error in its stored value`;
}

type DumpRecord = { readonly parityError: false; readonly reading: MeterReading } | { readonly parityError: true; readonly recordTime: string };

function parseDumpRecord(payload: string, serial: string): DumpRecord {
  const m = RECORD_RE.exec(payload);
  if (!m) throw new OneTouchError('onetouch-format', 'DMP record line malformed');
  const [, , mo, da, yy, hh, mi, ss, control, value, parity, meal, comment] = m as unknown as string[];
  const year = 2000 + Number(yy);
  const date = new Date(Date.UTC(year, Number(mo) - 1, Number(da), Number(hh), Number(mi), Number(ss)));
  if (date.getUTCDate() !== Number(da) || date.getUTCMonth() !== Number(mo) - 1 || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) {
    throw new OneTouchError('onetouch-format', 'DMP record date/time invalid');
  }
  const recordTime = `${mo}/${da}/${yy} ${hh}:${mi}:${ss}`;
  if (parity === '?') return { parityError: true, recordTime };
  return {
    parityError: false,
    reading: {
      test: 'Glucose',
      value: value!,
      unit: ONETOUCH_DUMP_UNIT,
      observedAt: `${year}-${mo}-${da}T${hh}:${mi}:${ss}`,
      deviceSerial: serial,
      recordTime,
      protocol: 'onetouch',
      control: control === 'C',
      flags: `meal=${meal} comment=${comment}`,
      simulated: isSimulatedSerial(serial),
    },
  };
}

export interface DumpDecode {
  readonly readings: MeterReading[];
  /** Records the meter flagged `?`: not in `readings`. */
  readonly withheld: WithheldReading[];
}

/**
 * Parses the lines of a DMP reply (checksums included). All-or-nothing for the transmission: a bad
 * checksum, a malformed line or fewer records than the header announced throws, and no reading is
 * returned (a re-read can cure those). A record the meter flagged `?` is withheld on its own.
 * Lines that are not part of the dump (`?` version, `@` serial replies) are verified and skipped.
 */
export function parseDump(lines: readonly string[]): DumpDecode {
  let header: DumpHeader | null = null;
  const readings: MeterReading[] = [];
  const withheld: WithheldReading[] = [];
  for (const raw of lines) {
    if (raw === '' || /^(DM[?@PF]|DMSU\?)$/.test(raw)) continue; // host echo or blank
    const payload = decodeLine(raw);
    if (header === null) {
      if (payload.startsWith('P ')) header = parseDumpHeader(payload);
      continue;
    }
    const seen = readings.length + withheld.length;
    if (seen >= header.count) throw new OneTouchError('onetouch-format', 'more records than the DMP header announced');
    const record = parseDumpRecord(payload, header.serial);
    if (record.parityError) withheld.push({ index: seen + 1, deviceSerial: header.serial, recordTime: record.recordTime, reason: 'parity' });
    else readings.push(record.reading);
  }
  if (header === null) throw new OneTouchError('onetouch-format', 'no DMP header in the transmission');
  const seen = readings.length + withheld.length;
  if (seen !== header.count) throw new OneTouchError('onetouch-format', `DMP announced ${header.count} records, got ${seen}`);
  return { readings, withheld };
}
