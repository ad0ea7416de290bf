import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { JsonInputError, parseStrictJson } from '../../../common/json.ts';
import { isValidStationPrefix, parsePrintableAccession, previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import type { LabelInput } from '../../../common/labels/input.ts';
import { buildLabel, parseLabelInput } from '../../../common/labels/label.ts';
import type { LabelDpi } from '../../../common/labels/layout.ts';
import { InputFileError, MAX_JSON_INPUT_BYTES, readInputText } from '../../io/inputFile.ts';
import { writeOutputFile } from '../../io/outputFile.ts';
import { optionString, parseArgs, requireOption, type ParsedArgs } from '../args.ts';
import type { CliIo, Command } from '../command.ts';

const usage = `Usage: station label render --input LABEL.json --format zpl|png [--dpi 203|300] [--out FILE]
                           [--data-matrix] [--simulated]
       station label print --input LABEL.json --printer usb:VID:PID|serial:PATH|tcp:HOST:PORT
                           [--dpi 203|300] [--data-matrix] [--simulated] [--job-id ID] [--another-tube]
                           [--timeout-ms N] [--data-dir DIR]
LABEL.json: {patient:{familyName, givenName, dob, mrn}, specimen:{accession?, type, container,
tests:[...], collectedAt, collector}} (see docs/labels.md). Invalid input: exit 1, nothing printed.
render: without specimen.accession the label is a preview: no barcode, a PREVIEW - NOT A SPECIMEN
        LABEL band in its place.
print:  without specimen.accession a new number is issued from the station database; the job is
        queued in SQLite and this command waits (default 30000 ms) until it has printed. A job
        still waiting when it gives up stays queued; run again with its --job-id to wait for it.
        The same label for the same printer while one is still queued is refused (exit 1, nothing
        queued) unless --job-id names that job or --another-tube says it is a second tube.
        Running it again with the same --job-id resumes that job (idempotent): it never prints a
        second label; the same --job-id with another label or printer is refused (exit 1).
        A supplied accession with sequence 0 (the preview number) is refused.
--simulated prints the SIMULATED mark (demo data). The accession prefix is STATION_ACCESSION_PREFIX
(2-3 letters, default ST).`;

async function readInput(io: CliIo, path: string): Promise<LabelInput> {
  let text: string;
  try {
    text = await readInputText(resolve(io.cwd, path), 'the --input file', MAX_JSON_INPUT_BYTES);
  } catch (e) {
    if (e instanceof InputFileError) throw new LabelError('invalid-input', e.message);
    throw e;
  }
  let json: unknown;
  try {
    json = parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonInputError) throw new LabelError('invalid-input', `the --input file is refused: ${e.message}`);
    throw e;
  }
  return parseLabelInput(json);
}

function dpiOf(parsed: ParsedArgs): LabelDpi {
  const dpi = optionString(parsed, 'dpi') ?? '203';
  if (dpi !== '203' && dpi !== '300') throw new StationError('usage', '--dpi must be 203 or 300');
  return Number(dpi) as LabelDpi;
}

function prefixOf(io: CliIo): string {
  const prefix = io.env['STATION_ACCESSION_PREFIX'] ?? 'ST';
  if (!isValidStationPrefix(prefix)) throw new StationError('usage', 'STATION_ACCESSION_PREFIX must be 2-3 letters A-Z');
  return prefix;
}

async function render(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['input', 'format', 'dpi', 'out'], flags: ['data-matrix', 'simulated'] });
  const format = requireOption(parsed, 'format');
  if (format !== 'zpl' && format !== 'png') throw new StationError('usage', '--format must be zpl or png');
  const out = optionString(parsed, 'out');
  if (format === 'png' && out === undefined) throw new StationError('usage', '--format png needs --out FILE');
  const dpi = dpiOf(parsed);
  const input = await readInput(io, requireOption(parsed, 'input'));
  const label = buildLabel(input, {
    accession: input.specimen.accession ?? previewAccession(prefixOf(io)),
    nowMs: Date.now(),
    simulated: parsed.options.has('simulated'),
    dpi,
    dataMatrix: parsed.options.has('data-matrix'),
  });
  if (format === 'zpl') {
    if (out === undefined) label.zpl.trimEnd().split('\n').forEach((l) => io.stdout(l));
    else writeOutputFile(resolve(io.cwd, out), 'the --out file', label.zpl);
    return 0;
  }
  const { renderZplToPng } = await import('../../../drivers/simulators/printer/renderPng.ts');
  writeOutputFile(resolve(io.cwd, out!), 'the --out file', await renderZplToPng(label.zpl, dpi));
  return 0;
}

async function print(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['input', 'printer', 'dpi', 'job-id', 'timeout-ms', 'data-dir'], flags: ['data-matrix', 'simulated', 'another-tube'] });
  const printer = requireOption(parsed, 'printer');
  const { parseAddress } = await import('../../../drivers/transports/open.ts');
  parseAddress(printer);
  const dpi = dpiOf(parsed);
  const timeoutMs = Number(optionString(parsed, 'timeout-ms') ?? '30000');
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new StationError('usage', '--timeout-ms must be a number of milliseconds');
  const input = await readInput(io, requireOption(parsed, 'input'));
  const simulated = parsed.options.has('simulated');
  const dataMatrix = parsed.options.has('data-matrix');
  const prefix = prefixOf(io);
  const supplied = input.specimen.accession;
  if (supplied !== undefined) parsePrintableAccession(supplied);
  const nowMs = Date.now();
  // The label this call prints, given the accession it carries (the supplied one wins).
  const zplWith = (accession: string) => buildLabel(input, { accession: supplied ?? accession, nowMs, simulated, dpi, dataMatrix }).zpl;
  // Validate first with the preview number: a refused label must not use up an accession. A
  // preview has no barcode, so the barcode zone is checked with the issued number, in the
  // transaction below, which a refusal rolls back.
  zplWith(previewAccession(prefix));

  const { dbPathIn, ensureDataDir } = await import('../../storage/dataDir.ts');
  const { openStore } = await import('../../storage/store.ts');
  const { AccessionAllocator } = await import('../../services/labels/accessions.ts');
  const { PrintQueue } = await import('../../services/labels/printQueue.ts');
  const { PrintWorker } = await import('../../services/labels/printWorker.ts');
  const { connectZebra } = await import('../../services/labels/connectPrinter.ts');
  const dataDir = ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
  // Accession numbers are unique within one station database. A print that sets a new one up (a
  // fresh install, or a mistyped --data-dir) starts its numbers again, so it says so: numbers that
  // repeat labels already on tubes would mix specimens up. It still prints (a first label is how a
  // new station starts).
  const newDatabase = !existsSync(dbPathIn(dataDir));
  const store = openStore({ dataDir });
  if (newDatabase) {
    io.stderr(`station label: set up a new station database at ${dataDir}: its accession numbers start again; if this is not the station's usual data dir, stop and print from that one`);
  }
  const queue = new PrintQueue(store);
  const worker = new PrintWorker({ queue, connect: (address) => connectZebra(address), retryMs: 500 });
  try {
    const patientId = input.patient.mrn ?? null;
    const givenJobId = optionString(parsed, 'job-id');
    const known = givenJobId === undefined ? undefined : queue.get(givenJobId);
    // Without --job-id, the same label asked for again while the first request still waits is
    // either that request re-run after "printer not ready" or a second tube drawn in the same
    // minute: the input cannot tell. Guessing either way costs a tube (a duplicate number, or an
    // unlabelled second tube), so the command stops and asks. A new --job-id is the caller's own
    // key for a new job; --another-tube says it is a second tube.
    const twin = givenJobId === undefined && !parsed.options.has('another-tube') ? queue.findWaitingTwin(printer, zplWith) : undefined;
    if (twin) {
      io.stderr(
        `station label: an identical label is already waiting for this printer as job ${twin.jobId}: run again with --job-id ${twin.jobId} to print that job, or add --another-tube to label a second tube; nothing was queued`,
      );
      return 1;
    }
    let jobId: string;
    if (known) {
      // The same --job-id again resumes that job only for the same label and printer; enqueue
      // refuses anything else (job-conflict), so another patient's label is never reported printed.
      jobId = queue.enqueue({ jobId: known.jobId, printer, accession: supplied ?? known.accession, patientId, zpl: zplWith(known.accession) }).jobId;
    } else {
      const newJobId = givenJobId ?? randomUUID();
      // Issue the number and queue the job in one commit: a refused job uses up no accession.
      jobId = store.transaction(() => {
        const accession = supplied ?? new AccessionAllocator(store, prefix).allocate();
        return queue.enqueue({ jobId: newJobId, printer, accession, patientId, zpl: zplWith(accession) }).jobId;
      });
    }
    worker.start();
    worker.kick();
    const job = await worker.waitFor(jobId, timeoutMs);
    switch (job.state) {
      case 'printed':
        io.stdout(`printed ${job.accession} (job ${job.jobId})`);
        return 0;
      case 'queued':
      case 'sending':
        io.stderr(
          `station label: job ${job.jobId} still queued, printer not ready (${job.lastFault ?? 'no reply'}); it prints when the printer is ready and a station runs its queue: run again with --job-id ${job.jobId} to wait for it (not a new label)`,
        );
        return 1;
      case 'uncertain':
        io.stderr(`station label: job ${job.jobId} may not have printed (${job.lastFault ?? 'interrupted'}): check the tube, reprint with a reason if needed`);
        return 1;
      case 'cancelled':
        io.stderr(`station label: job ${job.jobId} was cancelled`);
        return 1;
    }
  } finally {
    await worker.stop();
    store.close();
  }
}

export const command: Command = {
  name: 'label',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'render') return render(rest, io);
    if (sub === 'print') return print(rest, io);
    throw new StationError('usage', `unknown label sub-command '${sub ?? ''}' (render, print)`);
  },
};
