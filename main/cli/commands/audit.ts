import { createWriteStream } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { StationError } from '../../../common/errors.ts';
import { readAuditHead } from '../../storage/auditSidecar.ts';
import { writeAuditCsv, writeAuditJson } from '../../storage/auditExport.ts';
import { iterateAuditRange } from '../../storage/auditQuery.ts';
import { verifyAuditLogParallel } from '../../storage/auditVerifyParallel.ts';
import { auditHeadPathIn, dbPathIn, ensureDataDir, resolveDataDir } from '../../storage/dataDir.ts';
import { openStore } from '../../storage/store.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { CliIo, Command } from '../command.ts';

const usage = `Usage:
  station audit verify [--data-dir D] [--json]
      Recomputes the whole hash chain and checks it against the sidecar head.
      Exit 0 and print the entry count and head hash when intact; exit 1 naming the first bad
      sequence number and the reason (hash-mismatch, sequence-gap, head-behind-sidecar,
      sidecar-mismatch, sidecar-missing, sidecar-unreadable).
  station audit export --from DATE --to DATE --format csv|json [--out FILE] [--data-dir D]
      Entries with from <= time < to (DATE: YYYY-MM-DD = that day 00:00 UTC, or ISO-8601 UTC),
      oldest first, to FILE or stdout. The export itself is audited.
Data dir: --data-dir, else STATION_DATA_DIR, else the per-OS application-data folder.`;

async function verify(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], valued: ['data-dir'] });
  const dataDir = resolveDataDir({ flag: optionString(parsed, 'data-dir'), env: io.env, platform: process.platform, home: homedir(), cwd: io.cwd });
  // The sidecar is read before the chain, so an append committed meanwhile cannot put it ahead.
  const sidecar = readAuditHead(auditHeadPathIn(dataDir));
  const result = await verifyAuditLogParallel(dbPathIn(dataDir), sidecar);
  if (parsed.options.has('json')) {
    io.stdout(JSON.stringify(result));
  } else if (result.ok) {
    io.stdout(`audit log intact: ${result.entries} entries, head seq ${result.headSeq} hash ${result.headHash}`);
  } else {
    io.stdout(`audit log NOT intact: first bad sequence ${result.firstBadSeq}: ${result.reason} (${result.entries} entries verified before it)`);
  }
  return result.ok ? 0 : 1;
}

/** YYYY-MM-DD means midnight UTC of that day; a full ISO-8601 UTC time is taken as is. */
export function parseExportBound(name: string, value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : /Z$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new StationError('usage', `--${name} must be YYYY-MM-DD or an ISO-8601 UTC time ending in Z`);
  return new Date(ms).toISOString();
}

async function exportLog(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valued: ['data-dir', 'from', 'to', 'format', 'out'] });
  const fromUtc = parseExportBound('from', requireOption(parsed, 'from'));
  const toUtc = parseExportBound('to', requireOption(parsed, 'to'));
  if (fromUtc >= toUtc) throw new StationError('usage', '--from must be before --to');
  const format = requireOption(parsed, 'format');
  if (format !== 'csv' && format !== 'json') throw new StationError('usage', '--format must be csv or json');
  const out = optionString(parsed, 'out');
  const store = openStore({ dataDir: ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd) });
  try {
    const file = out === undefined ? null : createWriteStream(out, { flags: 'wx' });
    const write = file ? (line: string) => void file.write(line + '\n') : io.stdout;
    const rows = iterateAuditRange(store.db, fromUtc, toUtc);
    const count = format === 'csv' ? writeAuditCsv(rows, write) : writeAuditJson(rows, write);
    if (file) await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    store.audit.append({
      operator: { id: `cli:${userInfo().username}`, role: 'system' },
      action: 'read',
      verb: 'export',
      objectType: 'audit-log',
      outcome: 'success',
      details: { fromUtc, toUtc, format, entries: count },
    });
    if (out !== undefined) io.stderr(`exported ${count} entries`);
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
    throw new StationError('usage', `unknown audit sub-command '${sub ?? ''}' (verify, export)`);
  },
};
