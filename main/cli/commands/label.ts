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
import { outputFailure, writeOutputFile } from '../../io/outputFile.ts';
import { optionString, parseArgs, requireOption, type ParsedArgs } from '../args.ts';
import type { CliIo, Command } from '../command.ts';

const usage = `Usage: station label render --input LABEL.json --format zpl|png [--dpi 203|300] [--out FILE]
                           [--data-matrix] [--simulated]
       station label print --input LABEL.json --printer usb:VID:PID|serial:PATH|tcp:HOST:PORT
                           [--dpi 203|300] [--data-matrix] [--simulated] [--job-id ID] [--another-tube]
                           [--timeout-ms N] [--data-dir DIR] [--json]
LABEL.json: {patient:{familyName, givenName, dob, mrn}, specimen:{accession?, type, container,
tests:[...], collectedAt, collector}} (see docs/labels.md). dob is YYYY-MM-DD; collectedAt an ISO
8601 date-time, with an offset or Z, or without one for this computer's local time; the label
prints it as written. Invalid input: exit 1, nothing printed.
render: without specimen.accession the label is a preview: no barcode, a PREVIEW - NOT A SPECIMEN
        LABEL band in its place. Without --out the ZPL, or the PNG's bytes, go to stdout (PNG only
        when stdout is a file or a pipe, not a terminal).
print:  without specimen.accession a new number is issued from the station database; the job is
        queued in SQLite and this command waits (default 30000 ms) until it has printed. A job
        still waiting when it gives up stays queued; run again with its --job-id to wait for it.
        The same label for the same printer while one is still queued is refused (exit 1, nothing
        queued) unless --job-id names that job or --another-tube says it is a second tube.
        Running it again with the same --job-id resumes that job (idempotent): it never prints a
        second label; the same --job-id with another label or printer is refused (exit 1).
        A supplied accession with sequence 0 (the preview number) is refused.
        Printed: \`printed ACCESSION (job ID)\`, or with --json one JSON line
        {"accession", "jobId", "state":"printed"}; any other end is one line on stderr, exit 1.
        It never reprints: a reprint (with a reason) is made on the station's Labels screen.
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
  // A PNG without --out goes to stdout as bytes (issue synopsis: --out optional), but never onto a
  // terminal, where binary bytes scramble the screen: there it asks for a file.
  if (format === 'png' && out === undefined && process.stdout.isTTY) {
    throw new StationError('usage', '--format png writes binary PNG bytes: give --out FILE, or send stdout to a file or a pipe (it is a terminal)');
  }
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
  const png = await renderZplToPng(label.zpl, dpi);
  if (out === undefined) await writeStdoutBytes(png);
  else writeOutputFile(resolve(io.cwd, out), 'the --out file', png);
  return 0;
}

/**
 * Bytes to the process's own stdout: CliIo carries text lines, a PNG is binary. Resolves once
 * written, so the exit code is set after the bytes left. A reader that went away (EPIPE) is
 * bin/station.mjs's to report (exit 141, as for text); any other failure is one typed line.
 */
function writeStdoutBytes(bytes: Uint8Array): Promise<void> {
  return new Promise((done, fail) => {
    process.stdout.write(bytes, (e) => {
      if (e === null || e === undefined || (e as NodeJS.ErrnoException).code === 'EPIPE') done();
      else fail(new StationError('io', `cannot write the PNG to stdout: ${outputFailure(e).text}`));
    });
  });
}

async function print(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['input', 'printer', 'dpi', 'job-id', 'timeout-ms', 'data-dir'], flags: ['data-matrix', 'simulated', 'another-tube', 'json'] });
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
      try {
        jobId = store.transaction(() => {
          const accession = supplied ?? new AccessionAllocator(store, prefix).allocate();
          return queue.enqueue({ jobId: newJobId, printer, accession, patientId, zpl: zplWith(accession) }).jobId;
        });
      } catch (e) {
        // The queue's words ("reprint it with a reason") are the Labels screen's; this command has no reprint.
        if (e instanceof StationError && e.code === 'print-queue-already-printed') {
          throw new StationError(e.code, "a label with this accession was already queued: the command line never prints one twice and cannot reprint (a label printed from the station's Labels screen is reprinted there, with a reason)");
        }
        throw e;
      }
    }
    worker.start();
    worker.kick();
    const job = await worker.waitFor(jobId, timeoutMs);
    switch (job.state) {
      case 'printed':
        // --json: the queue's own names for the job (PrintJob: accession, jobId, state).
        io.stdout(parsed.options.has('json') ? JSON.stringify({ accession: job.accession, jobId: job.jobId, state: job.state }) : `printed ${job.accession} (job ${job.jobId})`);
        return 0;
      case 'queued':
      case 'sending':
        io.stderr(
          `station label: job ${job.jobId} still queued, printer not ready (${job.lastFault ?? 'no reply'}); it prints when the printer is ready and a station runs its queue: run again with --job-id ${job.jobId} to wait for it (not a new label)`,
        );
        return 1;
      case 'uncertain':
        // The command line cannot reprint (that needs a reason, on the Labels screen, for labels
        // printed there), so the way out it names is one it has: a new label, a new number.
        io.stderr(
          `station label: job ${job.jobId} may not have printed (${job.lastFault ?? 'interrupted'}): look at the printer and the tube; if no label came out, print a new label with a new accession number (station label print without --job-id or specimen.accession): the command line cannot reprint`,
        );
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
