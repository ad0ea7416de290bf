import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { isoCalendarMs, parseIsoCalendar } from '../../../common/calendar.ts';
import { FormatError, StationError } from '../../../common/errors.ts';
import { outputFailure } from '../../io/outputFile.ts';
import { readAuditHead } from '../../storage/auditSidecar.ts';
import { writeAuditCsv, writeAuditJson } from '../../storage/auditExport.ts';
import { iterateAuditRange } from '../../storage/auditQuery.ts';
import { Operators } from '../../services/operators.ts';
import { ANCHOR_ACKNOWLEDGE_VERB, type VerifyResult } from '../../storage/auditVerify.ts';
import { verifyAuditLogParallel } from '../../storage/auditVerifyParallel.ts';
import { auditHeadPathIn, dbPathIn, existingDataDir } from '../../storage/dataDir.ts';
import { openStore } from '../../storage/store.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { CliIo, Command } from '../command.ts';

const usage = `Usage:
  station audit verify [--data-dir D] [--json]
      Recomputes the whole hash chain and checks it against the sidecar head.
      Exit 0 and print the entry count and head hash when intact; exit 1 naming the first bad
      sequence number and the reason (hash-mismatch, sequence-gap, head-behind-sidecar,
      sidecar-mismatch, sidecar-missing, sidecar-unreadable, records-without-log). A fault found
      when the store was opened earlier is recorded in the log and fails verify, naming the entry
      that recorded it and the entries lost, until an admin acknowledges it.
  station audit acknowledge --seq N --login ADMIN [--data-dir D]
      An admin acknowledges the anchor mismatch recorded at sequence N (verify names it) after
      looking into it. The admin's PIN is read from STATION_PIN. The acknowledgement is itself an
      audit entry naming the lost sequence range; it clears that one finding only. Refusals (wrong
      PIN, not an admin, no such finding, already acknowledged) are audited as failures.
  station audit export --from DATE --to DATE --format csv|json [--out FILE] [--data-dir D]
      Entries from --from up to --to, oldest first. DATE is YYYY-MM-DD (a whole day on this
      computer's clock, as the Audit screen's dates are: --from from its start, --to to its end,
      so --from 2026-11-24 --to 2026-11-24 is that one day) or ISO-8601 UTC
      YYYY-MM-DDTHH:MM[:SS[.sss]]Z (an instant; --to excludes it), to FILE (never overwritten) or stdout. JSON gives
      each entry's details as an object ({} when it has none), CSV as the hashed JSON text. The
      export itself is audited, as a failure when it did not complete.
Data dir: --data-dir, else STATION_DATA_DIR, else the per-OS application-data folder. Every
sub-command needs an existing station: a data dir without a database is refused (exit 1).`;

async function verify(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], valued: ['data-dir'] });
  const dataDir = existingDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
  // The sidecar is read before the chain, so an append committed meanwhile cannot put it ahead.
  const sidecar = readAuditHead(auditHeadPathIn(dataDir));
  const result = await verifyAuditLogParallel(dbPathIn(dataDir), sidecar);
  if (parsed.options.has('json')) {
    io.stdout(JSON.stringify(result));
  } else if (result.ok) {
    io.stdout(`audit log intact: ${result.entries} entries, head seq ${result.headSeq} hash ${result.headHash}`);
  } else {
    io.stdout(`audit log NOT intact: ${describeFault(result)}`);
  }
  return result.ok ? 0 : 1;
}

/**
 * The verdict in words. A broken link stops the walk, so the entries before it are all that was
 * verified. The other faults are found with the whole chain verified; a missing or unreadable
 * sidecar, or an emptied log, names no entry that is bad, only what can no longer be ruled out.
 * A fault found at an earlier open is reported as what the log recorded then.
 */
export function describeFault(result: Extract<VerifyResult, { ok: false }>): string {
  const chain = `hash chain of ${result.entries} entries intact`;
  const at = result.reason === 'head-behind-sidecar' || result.reason === 'sidecar-mismatch' ? `first bad sequence ${result.firstBadSeq}: ` : '';
  if (result.recordedSeq !== undefined) {
    // The seqs of a recorded finding were reused by the entries written since, so the walk's
    // "first bad sequence" says nothing here: name what was lost and the entry recording it.
    const lost =
      result.lostSeqs !== undefined
        ? `entries ${result.lostSeqs.from} to ${result.lostSeqs.to} were deleted; `
        : result.reason === 'sidecar-mismatch'
          ? `entry ${result.firstBadSeq} no longer matched the sidecar; `
          : '';
    return (
      `${result.reason} found when the store was opened earlier, recorded at sequence ${result.recordedSeq}: ${lost}` +
      `not acknowledged by an admin (station audit acknowledge --seq ${result.recordedSeq} --login ADMIN); ${chain}`
    );
  }
  switch (result.reason) {
    case 'hash-mismatch':
    case 'sequence-gap':
      return `first bad sequence ${result.firstBadSeq}: ${result.reason} (${result.entries} entries verified before it)`;
    case 'sidecar-missing':
      return `sidecar-missing: the audit head file is missing, so removal of the newest entries cannot be ruled out (${chain})`;
    case 'sidecar-unreadable':
      return `sidecar-unreadable: the audit head file cannot be read, so removal of the newest entries cannot be ruled out (${chain})`;
    case 'records-without-log':
      return 'records-without-log: the audit log is empty although the database holds records';
    default:
      return `${at}${result.reason} (${chain})`;
  }
}

const BOUND = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z)?$/;

/**
 * The export's bounds as UTC instants, `from` included, `to` excluded. A date alone (YYYY-MM-DD)
 * is a whole day on this computer's clock, the day the Audit screen's From and To mean: as --from
 * its local start, as --to the start of the next local day, so `--from 2026-11-24 --to 2026-11-24`
 * exports that one day (it was refused as "--from must be before --to"). It was the UTC day, and
 * an admin in New York asking for a day missed its evening (a tester's finding). The next day is
 * the calendar's, not 24 h on: a day the clocks change is 23 or 25 h long.
 * YYYY-MM-DDTHH:MM[:SS[.sss]]Z is taken as is. A date that does not exist (2020-02-30, 25:00) is
 * refused: Date would roll it into the next month or day, and the export would quietly cover
 * another range than the one asked for.
 */
export function parseExportBound(name: 'from' | 'to', value: string): string {
  // BOUND is the CLI's form (a local date, or a UTC instant of at most ms); common/calendar.ts
  // decides whether it exists.
  const c = BOUND.test(value) ? parseIsoCalendar(value) : undefined;
  if (c === undefined) throw new StationError('usage', `--${name} must be a real date: YYYY-MM-DD (a local day) or YYYY-MM-DDTHH:MM[:SS[.sss]]Z (UTC)`);
  if (c.time !== undefined) return new Date(isoCalendarMs(c, 'utc')).toISOString();
  return new Date(isoCalendarMs(name === 'to' ? { ...c, day: c.day + 1 } : c, 'local')).toISOString();
}

/** Why an export did not complete: the audit reason code and the one line the operator reads. */
function exportFailure(e: unknown): { reason: string; message: string } {
  // An entry the JSON export cannot read (an edited database), not a failed write.
  if (e instanceof FormatError) return { reason: 'unreadable-entry', message: `export incomplete: ${e.message}` };
  const f = outputFailure(e);
  return { reason: f.reason, message: `${f.partial ? 'export incomplete' : 'export failed'}: ${f.text}` };
}

/**
 * Closes and deletes the file of a failed export. Best effort: the export has already failed,
 * and that failure is what is audited and reported. Closed first: Windows cannot delete an open file.
 */
function discardFile(fd: number, path: string): void {
  try {
    closeSync(fd);
    rmSync(path, { force: true });
  } catch {
    // the partial file stays; the audited failure says the export is not whole
  }
}

/**
 * Lines to a file we created, through a 64 KiB buffer with synchronous writes: a failure (disk
 * full) is thrown at the line where it happens, nothing piles up in memory, and close() returns
 * only once the data is on disk.
 */
function fileLines(fd: number): { write: (line: string) => void; close: () => void } {
  const FLUSH_CHARS = 65_536;
  let pending: string[] = [];
  let chars = 0;
  const flush = (): void => {
    const bytes = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    chars = 0;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
  };
  return {
    write: (line) => {
      pending.push(line, '\n');
      chars += line.length + 1;
      if (chars >= FLUSH_CHARS) flush();
    },
    close: () => {
      flush();
      fsyncSync(fd);
    },
  };
}

async function exportLog(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['data-dir', 'from', 'to', 'format', 'out'] });
  const fromUtc = parseExportBound('from', requireOption(parsed, 'from'));
  const toUtc = parseExportBound('to', requireOption(parsed, 'to'));
  if (fromUtc >= toUtc) throw new StationError('usage', '--from must be before --to (a date alone as --to includes that whole day: --from 2026-11-24 --to 2026-11-24 is that day)');
  const format = requireOption(parsed, 'format');
  if (format !== 'csv' && format !== 'json') throw new StationError('usage', '--format must be csv or json');
  const outOption = optionString(parsed, 'out');
  const out = outOption === undefined ? undefined : resolve(io.cwd, outOption);
  if (out !== undefined && existsSync(out)) throw new StationError('usage', 'the output file already exists');
  const store = openStore({ dataDir: existingDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd) });
  const audited = {
    operator: { id: `cli:${userInfo().username}`, role: 'system' },
    action: 'read',
    verb: 'export',
    objectType: 'audit-log',
  } as const;
  try {
    let fd: number | null = null;
    let count: number;
    try {
      fd = out === undefined ? null : openSync(out, 'wx');
      const file = fd === null ? null : fileLines(fd);
      const rows = iterateAuditRange(store.db, fromUtc, toUtc);
      count = format === 'csv' ? writeAuditCsv(rows, file?.write ?? io.stdout) : writeAuditJson(rows, file?.write ?? io.stdout);
      file?.close();
    } catch (e) {
      // Half an export must not pass for a whole one: audited as a failure, its file removed.
      const failure = exportFailure(e);
      store.audit.append({ ...audited, outcome: 'failure', reason: failure.reason, details: { fromUtc, toUtc, format } });
      if (fd !== null && out !== undefined) discardFile(fd, out);
      throw new StationError('export-failed', failure.message);
    }
    if (fd !== null) closeSync(fd);
    store.audit.append({ ...audited, outcome: 'success', details: { fromUtc, toUtc, format, entries: count } });
    if (out !== undefined) io.stderr(`exported ${count} entries`);
    return 0;
  } finally {
    store.close();
  }
}

/**
 * An admin acknowledges one recorded anchor mismatch. The PIN comes from STATION_PIN (a command
 * line is visible to other users) and is checked by the Operators service, which audits a wrong
 * PIN and locks the account after repeated ones, as at sign-in.
 */
async function acknowledge(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['data-dir', 'seq', 'login'] });
  const seqText = requireOption(parsed, 'seq');
  if (!/^[1-9]\d{0,15}$/.test(seqText)) throw new StationError('usage', '--seq must be the sequence number that audit verify names as recorded');
  const login = requireOption(parsed, 'login');
  const pin = io.env['STATION_PIN'];
  if (pin === undefined || pin === '') throw new StationError('usage', "set the admin's PIN in the STATION_PIN environment variable");
  const store = openStore({ dataDir: existingDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd) });
  try {
    const auth = await new Operators(store).authenticate({ login }, pin, ANCHOR_ACKNOWLEDGE_VERB);
    if (!auth.ok) throw new StationError('sign-in-failed', `cannot acknowledge: ${auth.reason === 'locked-out' ? 'the account is locked out' : 'wrong login or PIN'}`);
    const ack = store.audit.acknowledgeAnchorMismatch(Number(seqText), { id: auth.operator.login, role: auth.operator.role });
    const lost = ack.lostSeqs === null ? 'the entries lost cannot be told' : `entries ${ack.lostSeqs.from} to ${ack.lostSeqs.to} were lost`;
    io.stdout(`acknowledged the ${ack.findingReason} recorded at sequence ${ack.mismatchSeq} (${lost}) as entry ${ack.seq}, by ${auth.operator.login}`);
    return 0;
  } finally {
    store.close();
  }
}

export const command: Command = {
  name: 'audit',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'verify') return verify(rest, io);
    if (sub === 'export') return exportLog(rest, io);
    if (sub === 'acknowledge') return acknowledge(rest, io);
    throw new StationError('usage', `unknown audit sub-command '${sub ?? ''}' (verify, export, acknowledge)`);
  },
};
