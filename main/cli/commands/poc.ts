import { basename, resolve } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { JsonInputError, parseStrictJson } from '../../../common/json.ts';
import { decodeAstmCapture } from '../../../drivers/protocols/astm/capture.ts';
import type { MeterReading } from '../../../drivers/protocols/meterResult.ts';
import { OneTouchError, OneTouchLineDecoder, parseDump, withheldMessage, type WithheldReading } from '../../../drivers/protocols/onetouch/protocol.ts';
import { buildCatalogue } from '../../domain/poc/catalogue.ts';
import { oruForResult, parseResultJson } from '../../domain/poc/resultInput.ts';
import { MAX_JSON_INPUT_BYTES, readInputFile, readInputText } from '../../io/inputFile.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { CliIo, Command } from '../command.ts';

const usage = `Usage:
  station poc import --format astm|onetouch (--port PATH | --file FILE) [--json] [--timeout-ms N]
      Downloads (--port, 9600 8N1; or serial:PATH[@baud] / tcp:HOST:PORT) or decodes a byte
      capture (--file, with or without the ENQ/EOT handshake) and prints one JSON line per
      result: {test, value, unit, observedAt, deviceSerial, recordTime, protocol, control, flags,
      simulated}; value and unit as the device sent them (OneTouch: MG/DL, from its dump header).
      A broken message (bad checksum, missing records, a result with no value or a control
      character), a capture with no transmission at all, line noise with no message received
      whole or with a frame end in it, and a OneTouch reading the meter flagged with a parity
      error: none of those results are printed and the exit code is 1. Line noise between frames
      that cost no message is said, and on its own leaves the exit code 0. Problems are one line
      on stderr (counted when there are several).
  station poc hl7 --input RESULT.json
      Prints the HL7 v2.5.1 ORU^R01 for one result (input format: docs/poc.md), one segment per
      line (segments are CR-separated on the wire).`;

function emit(io: CliIo, readings: readonly MeterReading[], json: boolean): void {
  for (const r of readings) {
    if (json) io.stdout(JSON.stringify(r));
    else io.stdout(`${r.observedAt}  ${r.test}  ${r.value} ${r.unit}${r.control ? '  (control)' : ''}  ${r.deviceSerial}${r.simulated ? '  SIMULATED' : ''}`);
  }
}

type AstmProblem = { readonly code: string; readonly reason: string };

/** Line noise and an empty capture reject no message (each is checksummed): they are worded as link problems, not as a message rejected. */
function astmWhat(code: string): string {
  return code === 'astm-noise' ? 'line noise' : code === 'astm-empty' ? 'no transmission' : 'message rejected';
}

/**
 * Every problem of an ASTM import as one stderr line (issue 2: one line naming what was wrong). One
 * problem reads as it is; several are counted per kind and code, with the first reason of each kind
 * (a reason names a record by its place, never its content).
 */
export function astmProblemsLine(problems: readonly AstmProblem[]): string | null {
  const [only] = problems;
  if (only === undefined) return null;
  if (problems.length === 1) return `${astmWhat(only.code)} (${only.code}): ${only.reason}`;
  const kinds = new Map<string, AstmProblem[]>();
  for (const p of problems) kinds.set(astmWhat(p.code), [...(kinds.get(astmWhat(p.code)) ?? []), p]);
  const parts = [...kinds].map(([what, ps]) => {
    const codes = new Map<string, number>();
    for (const p of ps) codes.set(p.code, (codes.get(p.code) ?? 0) + 1);
    const counted = [...codes].map(([code, n]) => (n > 1 ? `${code} x${n}` : code)).join(', ');
    const label = what === 'message rejected' ? `${ps.length} message(s) rejected` : what;
    return `${label} (${counted}): ${ps.length > 1 ? 'first: ' : ''}${ps[0]!.reason}`;
  });
  return `${problems.length} problems: ${parts.join('; ')}`;
}

/** The readings a OneTouch meter flagged, as one line: named by place and meter time, never by value. */
export function withheldLine(withheld: readonly WithheldReading[]): string | null {
  const [only] = withheld;
  if (only === undefined) return null;
  if (withheld.length === 1) return withheldMessage(only);
  const SHOWN = 5;
  const named = withheld.slice(0, SHOWN).map((w) => `reading ${w.index} (meter ${w.deviceSerial}, ${w.recordTime})`);
  const more = withheld.length > SHOWN ? ` and ${withheld.length - SHOWN} more` : '';
  return `${withheld.length} readings withheld: the meter flagged a parity error in their stored values: ${named.join(', ')}${more}`;
}

interface Imported {
  readonly readings: MeterReading[];
  /** The one stderr line, or null when there is nothing to say. */
  readonly problem: string | null;
  /** Whether results were withheld, nothing was received or a message may be lost: exit 1. */
  readonly failed: boolean;
}

function astmImported(d: { readonly readings: MeterReading[]; readonly errors: readonly AstmProblem[]; readonly warnings: readonly AstmProblem[] }): Imported {
  return { readings: d.readings, problem: astmProblemsLine([...d.errors, ...d.warnings]), failed: d.errors.length > 0 };
}

function oneTouchImported(d: { readonly readings: MeterReading[]; readonly withheld: readonly WithheldReading[] }): Imported {
  return { readings: d.readings, problem: withheldLine(d.withheld), failed: d.withheld.length > 0 };
}

/** A meter's whole memory is a few hundred KiB of ASTM or text; a capture is refused beyond this. */
const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

async function importFile(format: string, file: string): Promise<Imported> {
  const bytes = await readInputFile(file, 'capture file', MAX_CAPTURE_BYTES);
  if (format === 'astm') return astmImported(decodeAstmCapture(bytes));
  try {
    return oneTouchImported(parseDump(new OneTouchLineDecoder().feed(bytes)));
  } catch (e) {
    if (e instanceof OneTouchError) return { readings: [], problem: `dump rejected (${e.code}): ${e.message}`, failed: true };
    throw e;
  }
}

async function importPort(format: string, port: string, timeoutMs: number | undefined): Promise<Imported> {
  const { createTransport, parseAddress } = await import('../../../drivers/transports/open.ts');
  const transport = await createTransport(port.includes(':') ? parseAddress(port, 9600) : { kind: 'serial', path: port, baudRate: 9600 });
  await transport.open();
  try {
    if (format === 'astm') {
      const { downloadAstm } = await import('../../../drivers/meters/astmMeter.ts');
      return astmImported(await downloadAstm(transport, timeoutMs === undefined ? {} : { startTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs }));
    }
    const { downloadOneTouch } = await import('../../../drivers/meters/oneTouchMeter.ts');
    return oneTouchImported(await downloadOneTouch(transport, timeoutMs === undefined ? {} : { lineTimeoutMs: timeoutMs }));
  } finally {
    await transport.close();
  }
}

async function runImport(args: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { flags: ['json'], valued: ['format', 'port', 'file', 'timeout-ms'] });
  const format = requireOption(p, 'format');
  if (format !== 'astm' && format !== 'onetouch') throw new StationError('usage', '--format must be astm or onetouch');
  const port = optionString(p, 'port');
  const file = optionString(p, 'file');
  if ((port === undefined) === (file === undefined)) throw new StationError('usage', 'give exactly one of --port PATH or --file FILE');
  const t = optionString(p, 'timeout-ms');
  const timeoutMs = t === undefined ? undefined : Number(t);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new StationError('usage', '--timeout-ms must be a positive integer');
  const r = file !== undefined ? await importFile(format, resolve(io.cwd, file)) : await importPort(format, port!, timeoutMs);
  emit(io, r.readings, p.options.has('json'));
  if (r.problem !== null) io.stderr(`station poc import: ${r.problem}`);
  return r.failed ? 1 : 0;
}

async function runHl7(args: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { valued: ['input'] });
  const path = resolve(io.cwd, requireOption(p, 'input'));
  const text = await readInputText(path, 'result file', MAX_JSON_INPUT_BYTES);
  let json: unknown;
  try {
    json = parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonInputError) throw new StationError('format', `cannot read ${basename(path)} as JSON: ${e.message}`);
    throw e;
  }
  const now = new Date();
  const { message } = oruForResult(parseResultJson(json), {
    catalogue: buildCatalogue(),
    nowMs: now.getTime(),
    controlId: `POC${now.getTime().toString(36).toUpperCase()}`,
    sentAt: now.toISOString(),
    sendingApplication: io.env['STATION_HL7_SENDING_APP'] ?? 'POC-STATION',
    sendingFacility: io.env['STATION_HL7_FACILITY'] ?? 'CLINIC',
    receivingApplication: io.env['STATION_HL7_RECEIVING_APP'] ?? 'EMR',
    receivingFacility: io.env['STATION_HL7_FACILITY'] ?? 'CLINIC',
    mrnAuthority: io.env['STATION_HL7_FACILITY'] ?? 'CLINIC',
  });
  for (const segment of message.split('\r')) if (segment !== '') io.stdout(segment);
  return 0;
}

export const command: Command = {
  name: 'poc',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'import') return runImport(rest, io);
    if (sub === 'hl7') return runHl7(rest, io);
    throw new StationError('usage', `unknown poc sub-command '${sub ?? ''}' (import, hl7)`);
  },
};
