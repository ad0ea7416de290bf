import { StationError } from '../../../common/errors.ts';
import { PRINTER_FAULTS, type PrinterFault } from '../../../common/labels/jobs.ts';

/**
 * Zebra `~HS` host status [src: Zebra ZPL Programming Guide, ~HS
 * https://docs.zebra.com/us/en/printers/software/zpl-pg/zpl-commands/~hs4.html].
 * The reply is three strings, each framed `<STX> ... <ETX><CR><LF>`:
 *
 *   STX aaa,b,c,dddd,eee,f,g,h,iii,j,k,l ETX CR LF        string 1 (12 fields)
 *   STX mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www ETX CR LF         string 2 (11 fields)
 *   STX xxxx,y ETX CR LF                                   string 3 (2 fields)
 *
 * 1: aaa comm settings, b paper out, c pause, dddd label length (dots), eee formats in receive
 *    buffer, f buffer full, g comm diagnostic mode, h partial format, iii unused, j corrupt RAM,
 *    k under temperature, l over temperature.
 * 2: mmm function settings, n unused, o head up (open), p ribbon out, q thermal transfer mode,
 *    r print mode, s print width mode, t label waiting, uuuuuuuu labels remaining in batch,
 *    v format while printing (always 1), www graphics stored.
 * 3: xxxx password, y static RAM installed.
 * Departure from the guide, seen on current firmware: NO reply at all while in MEDIA OUT,
 * RIBBON OUT, HEAD OPEN, REWINDER FULL or HEAD OVER-TEMP; the driver treats a missing reply
 * as a fault (see statusFaults / 'no-status-reply').
 */
export interface HostStatus {
  readonly commSettings: number;
  readonly paperOut: boolean;
  readonly paused: boolean;
  readonly labelLengthDots: number;
  readonly formatsInBuffer: number;
  readonly bufferFull: boolean;
  readonly commDiagnosticMode: boolean;
  readonly partialFormat: boolean;
  readonly corruptRam: boolean;
  readonly underTemperature: boolean;
  readonly overTemperature: boolean;
  readonly functionSettings: number;
  readonly headOpen: boolean;
  readonly ribbonOut: boolean;
  readonly thermalTransfer: boolean;
  readonly printMode: number;
  readonly printWidthMode: number;
  readonly labelWaiting: boolean;
  readonly labelsRemaining: number;
  readonly graphicsStored: number;
  readonly password: number;
  readonly staticRamInstalled: boolean;
}

export { PRINTER_FAULTS, type PrinterFault };

export class ZebraStatusError extends StationError {
  constructor(message: string) {
    super('zebra-status', message);
    this.name = 'ZebraStatusError';
  }
}

const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;
const LF = 0x0a;
/** Longest string the guide allows is string 2 (34 chars); anything much longer is garbage. */
const MAX_STRING_BYTES = 64;

/** The 3-byte `~HS` command. */
export function encodeHostStatusRequest(): Uint8Array {
  return Uint8Array.of(0x7e, 0x48, 0x53);
}

function field(fields: readonly string[], i: number, digits: number | 'any', what: string): number {
  const f = fields[i];
  if (f === undefined || !/^\d+$/.test(f) || (digits !== 'any' && f.length !== digits)) {
    throw new ZebraStatusError(`~HS ${what}: field ${i + 1} is not ${digits === 'any' ? 'a number' : `${digits} digits`}`);
  }
  return Number(f);
}

function flag(fields: readonly string[], i: number, what: string): boolean {
  const f = fields[i];
  if (f !== '0' && f !== '1') throw new ZebraStatusError(`~HS ${what}: field ${i + 1} is not a 0/1 flag`);
  return f === '1';
}

/** Parses the three ~HS strings (without STX/ETX) into a HostStatus, or throws ZebraStatusError. */
export function parseHostStatus(strings: readonly [string, string, string]): HostStatus {
  const s1 = strings[0].split(',');
  const s2 = strings[1].split(',');
  const s3 = strings[2].split(',');
  if (s1.length !== 12) throw new ZebraStatusError(`~HS string 1 has ${s1.length} fields, expected 12`);
  if (s2.length !== 11) throw new ZebraStatusError(`~HS string 2 has ${s2.length} fields, expected 11`);
  if (s3.length !== 2) throw new ZebraStatusError(`~HS string 3 has ${s3.length} fields, expected 2`);
  const a = 'string 1';
  const b = 'string 2';
  field(s1, 8, 3, a);
  field(s2, 1, 1, b);
  field(s2, 9, 1, b);
  return {
    commSettings: field(s1, 0, 3, a),
    paperOut: flag(s1, 1, a),
    paused: flag(s1, 2, a),
    labelLengthDots: field(s1, 3, 4, a),
    formatsInBuffer: field(s1, 4, 3, a),
    bufferFull: flag(s1, 5, a),
    commDiagnosticMode: flag(s1, 6, a),
    partialFormat: flag(s1, 7, a),
    corruptRam: flag(s1, 9, a),
    underTemperature: flag(s1, 10, a),
    overTemperature: flag(s1, 11, a),
    functionSettings: field(s2, 0, 3, b),
    headOpen: flag(s2, 2, b),
    ribbonOut: flag(s2, 3, b),
    thermalTransfer: flag(s2, 4, b),
    printMode: field(s2, 5, 1, b),
    printWidthMode: field(s2, 6, 1, b),
    labelWaiting: flag(s2, 7, b),
    labelsRemaining: field(s2, 8, 8, b),
    graphicsStored: field(s2, 10, 3, b),
    password: field(s3, 0, 4, 'string 3'),
    staticRamInstalled: flag(s3, 1, 'string 3'),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const bit = (b: boolean) => (b ? '1' : '0');

/** The three strings a printer would send for `status` (used by the simulator and round-trip tests). */
export function formatHostStatus(s: HostStatus): [string, string, string] {
  return [
    [pad(s.commSettings, 3), bit(s.paperOut), bit(s.paused), pad(s.labelLengthDots, 4), pad(s.formatsInBuffer, 3), bit(s.bufferFull), bit(s.commDiagnosticMode), bit(s.partialFormat), '000', bit(s.corruptRam), bit(s.underTemperature), bit(s.overTemperature)].join(','),
    [pad(s.functionSettings, 3), '0', bit(s.headOpen), bit(s.ribbonOut), bit(s.thermalTransfer), pad(s.printMode, 1), pad(s.printWidthMode, 1), bit(s.labelWaiting), pad(s.labelsRemaining, 8), '1', pad(s.graphicsStored, 3)].join(','),
    [pad(s.password, 4), bit(s.staticRamInstalled)].join(','),
  ];
}

/** The framed reply bytes (ASCII) for `status`. */
export function encodeHostStatus(s: HostStatus): Uint8Array {
  const bytes: number[] = [];
  for (const str of formatHostStatus(s)) {
    bytes.push(STX);
    for (let i = 0; i < str.length; i++) bytes.push(str.charCodeAt(i));
    bytes.push(ETX, CR, LF);
  }
  return Uint8Array.from(bytes);
}

/** What a status reply means for printing: the faults that block it (empty = ready). */
export function statusFaults(s: HostStatus): PrinterFault[] {
  const faults: PrinterFault[] = [];
  if (s.paperOut) faults.push('paper-out');
  if (s.headOpen) faults.push('head-open');
  if (s.paused) faults.push('paused');
  if (s.ribbonOut) faults.push('ribbon-out');
  if (s.bufferFull) faults.push('buffer-full');
  if (s.corruptRam) faults.push('corrupt-ram');
  if (s.underTemperature) faults.push('under-temperature');
  if (s.overTemperature) faults.push('over-temperature');
  return faults;
}

export type HostStatusEvent = { readonly kind: 'status'; readonly status: HostStatus; readonly atMs: number } | { readonly kind: 'error'; readonly error: ZebraStatusError; readonly atMs: number };

/**
 * Stream decoder for ~HS replies: feed it whatever bytes arrive (any chunking) and it returns
 * one event per complete three-string reply. Garbage (bytes outside a frame other than CR/LF,
 * over-long or non-ASCII strings, malformed fields) yields an error event and the decoder
 * resynchronises at the next STX. Pure: no timers; time comes in with the bytes.
 */
export class HostStatusDecoder {
  private current: number[] | null = null;
  private strings: string[] = [];

  reset(): void {
    this.current = null;
    this.strings = [];
  }

  feed(bytes: Uint8Array, nowMs: number): HostStatusEvent[] {
    const events: HostStatusEvent[] = [];
    const fail = (message: string) => {
      events.push({ kind: 'error', error: new ZebraStatusError(message), atMs: nowMs });
      this.reset();
    };
    for (const byte of bytes) {
      if (this.current === null) {
        if (byte === STX) this.current = [];
        else if (byte !== CR && byte !== LF) fail('~HS reply: byte outside an STX...ETX frame');
        continue;
      }
      if (byte === STX) {
        fail('~HS reply: STX inside a frame');
        this.current = [];
        continue;
      }
      if (byte === ETX) {
        const str = String.fromCharCode(...this.current);
        this.current = null;
        // A 12-field string is always string 1: it starts a new reply, so a reply cut short
        // (or junk that looked like frames) cannot shift the next reply's strings.
        if (str.split(',').length === 12) {
          if (this.strings.length > 0) events.push({ kind: 'error', error: new ZebraStatusError('~HS reply: incomplete reply before a new one'), atMs: nowMs });
          this.strings = [];
        }
        this.strings.push(str);
        if (this.strings.length === 3) {
          const [s1, s2, s3] = this.strings as [string, string, string];
          this.strings = [];
          try {
            events.push({ kind: 'status', status: parseHostStatus([s1, s2, s3]), atMs: nowMs });
          } catch (e) {
            if (e instanceof ZebraStatusError) fail(e.message);
            else throw e;
          }
        }
        continue;
      }
      if (byte < 0x20 || byte > 0x7e) {
        fail('~HS reply: non-printable byte inside a frame');
        continue;
      }
      this.current.push(byte);
      if (this.current.length > MAX_STRING_BYTES) fail('~HS reply: string too long');
    }
    return events;
  }
}
