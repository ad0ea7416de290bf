import { basename, resolve } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { JsonInputError, parseStrictJson } from '../../../common/json.ts';
import { decodeAstmCapture } from '../../../drivers/protocols/astm/capture.ts';
import type { MeterReading } from '../../../drivers/protocols/meterResult.ts';
import { OneTouchError, OneTouchLineDecoder, parseDump, withheldMessage } from '../../../drivers/protocols/onetouch/protocol.ts';
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
      simulated}. A broken message (bad checksum, missing records, a result with no value or a
      control character), bytes outside any frame (wrong cable or baud rate), a capture with no
      transmission at all and a OneTouch reading the meter flagged with a parity error
      are reported on stderr, none of those results are printed, and the exit code is 1.
  station poc hl7 --input RESULT.json
      Prints the HL7 v2.5.1 ORU^R01 for one result (input format: docs/poc.md), one segment per
      line (segments are CR-separated on the wire).`;

function emit(io: CliIo, readings: readonly MeterReading[], json: boolean): void {
  for (const r of readings) {
    if (json) io.stdout(JSON.stringify(r));
    else io.stdout(`${r.observedAt}  ${r.test}  ${r.value} ${r.unit}${r.control ? '  (control)' : ''}  ${r.deviceSerial}${r.simulated ? '  SIMULATED' : ''}`);
  }
}

/** Line noise and an empty capture reject no message (each is checksummed): they are worded as link problems, not as a message rejected. */
function astmErrorLine(e: { readonly code: string; readonly reason: string }): string {
  const what = e.code === 'astm-noise' ? 'line noise' : e.code === 'astm-empty' ? 'no transmission' : 'message rejected';
  return `${what} (${e.code}): ${e.reason}`;
}

/** A meter's whole memory is a few hundred KiB of ASTM or text; a capture is refused beyond this. */
const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

async function importFile(format: string, file: string): Promise<{ readings: MeterReading[]; errors: string[] }> {
  const bytes = await readInputFile(file, 'capture file', MAX_CAPTURE_BYTES);
  if (format === 'astm') {
    const d = decodeAstmCapture(bytes);
    return { readings: d.readings, errors: d.errors.map(astmErrorLine) };
  }
  try {
    const d = parseDump(new OneTouchLineDecoder().feed(bytes));
    return { readings: d.readings, errors: d.withheld.map(withheldMessage) };
  } catch (e) {
    if (e instanceof OneTouchError) return { readings: [], errors: [`dump rejected (${e.code}): ${e.message}`] };
    throw e;
  }
}

async function importPort(format: string, port: string, timeoutMs: number | undefined): Promise<{ readings: MeterReading[]; errors: string[] }> {
  const { createTransport, parseAddress } = await import('../../../drivers/transports/open.ts');
  const transport = await createTransport(port.includes(':') ? parseAddress(port, 9600) : { kind: 'serial', path: port, baudRate: 9600 });
  await transport.open();
  try {
    if (format === 'astm') {
      const { downloadAstm } = await import('../../../drivers/meters/astmMeter.ts');
      const d = await downloadAstm(transport, timeoutMs === undefined ? {} : { startTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs });
      return { readings: d.readings, errors: d.errors.map(astmErrorLine) };
    }
    const { downloadOneTouch } = await import('../../../drivers/meters/oneTouchMeter.ts');
    const d = await downloadOneTouch(transport, timeoutMs === undefined ? {} : { lineTimeoutMs: timeoutMs });
    return { readings: d.readings, errors: d.withheld.map(withheldMessage) };
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
  for (const e of r.errors) io.stderr(`station poc import: ${e}`);
  return r.errors.length > 0 ? 1 : 0;
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
