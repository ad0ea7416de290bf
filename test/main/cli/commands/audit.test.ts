import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFault, parseExportBound } from '../../../../main/cli/commands/audit.ts';
import { chainHash, GENESIS_HASH } from '../../../../main/audit/chain.ts';
import type { AuditRecord } from '../../../../main/audit/entry.ts';
import { Operators } from '../../../../main/services/operators.ts';
import { auditHeadPathIn, dbPathIn } from '../../../../main/storage/dataDir.ts';
import { openStore } from '../../../../main/storage/store.ts';
import { viewEntry } from '../../../helpers/auditEntries.ts';
import { tempDataDir } from '../../../helpers/tempStore.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
const station = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [pkg.bin['station']!, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const temp = tempDataDir('cli-audit-');
const dir = join(temp.dir, 'station');
afterAll(() => temp.remove());

/** The done-criteria, end to end through the real CLI: demo, then verify; then tamper with the sqlite3 shell. */
describe('station demo + station audit', () => {
  beforeAll(() => {
    const demo = station(['demo', '--data-dir', dir, '--days', '3']);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain('SIMULATED clinic: 3 days');
  });

  it('verify passes on the new data dir and prints count and head hash', () => {
    const r = station(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/audit log intact: \d+ entries, head seq \d+ hash [0-9a-f]{64}/);
    const json = JSON.parse(station(['audit', 'verify', '--data-dir', dir, '--json']).stdout) as { ok: boolean; entries: number };
    expect(json.ok).toBe(true);
    expect(json.entries).toBeGreaterThan(20);
  });

  it('export writes csv and json for a date range, and is itself audited', () => {
    const csv = station(['audit', 'export', '--data-dir', dir, '--from', '2000-01-01', '--to', '2100-01-01', '--format', 'csv']);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^seq,at_utc,/);
    const json = station(['audit', 'export', '--data-dir', dir, '--from', '2000-01-01', '--to', '2100-01-01', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as Array<{ seq: number }>;
    expect(rows.length).toBe(lines.length - 1 + 1); // the csv export added one entry before the json one ran
    const last = execFileSync('sqlite3', [dbPathIn(dir), 'SELECT verb FROM audit_log ORDER BY seq DESC LIMIT 1'], { encoding: 'utf8' }).trim();
    expect(last).toBe('export');
    expect(station(['audit', 'export', '--data-dir', dir, '--from', '2026-02-01', '--to', '2026-01-01', '--format', 'csv']).status).toBe(2);
    expect(station(['audit', 'export', '--data-dir', dir, '--from', 'yesterday', '--to', '2026-01-01', '--format', 'csv']).status).toBe(2);
  });

  it('an edited row (triggers dropped in the sqlite3 shell) makes verify exit 1 naming its sequence', () => {
    execFileSync('cp', [dbPathIn(dir), join(temp.dir, 'orig.sqlite')]);
    execFileSync('sqlite3', [dbPathIn(dir), "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET operator_id = 'someone-else' WHERE seq = 5;"]);
    const r = station(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('first bad sequence 5: hash-mismatch');
    const json = JSON.parse(station(['audit', 'verify', '--data-dir', dir, '--json']).stdout) as object;
    expect(json).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'hash-mismatch' });
    execFileSync('cp', [join(temp.dir, 'orig.sqlite'), dbPathIn(dir)]);
  });

  it('deleting the newest rows makes verify exit 1: head behind the sidecar', () => {
    const head = Number(execFileSync('sqlite3', [dbPathIn(dir), 'SELECT MAX(seq) FROM audit_log'], { encoding: 'utf8' }).trim());
    execFileSync('sqlite3', [dbPathIn(dir), `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > ${head - 3};`]);
    const r = station(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`first bad sequence ${head - 2}: head-behind-sidecar`);
  });

  it('verify, export and acknowledge on a data dir without a database are one stderr line and exit 1, and create nothing', () => {
    const missing = join(temp.dir, 'nothing-here');
    const r = station(['audit', 'verify', '--data-dir', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`station audit: no station database at ${missing}\n`);
    const exported = station(['audit', 'export', '--data-dir', missing, '--from', '2000-01-01', '--to', '2100-01-01', '--format', 'csv']);
    expect(exported).toMatchObject({ status: 1, stdout: '', stderr: `station audit: no station database at ${missing}\n` });
    const ack = station(['audit', 'acknowledge', '--seq', '3', '--login', 'ann', '--data-dir', missing], { STATION_PIN: '1234' });
    expect(ack).toMatchObject({ status: 1, stderr: `station audit: no station database at ${missing}\n` });
    expect(existsSync(missing)).toBe(false);
  });
});

/** A data dir holding a log of `entries` made-up entries (through the real store). */
function logDir(name: string, entries: number): string {
  const d = join(temp.dir, name);
  const store = openStore({ dataDir: d, auditHeadMaxLagMs: 0 });
  store.audit.appendMany(Array.from({ length: entries }, (_, i) => viewEntry(i)));
  store.close();
  return d;
}

/** The newest audit entry's verb, outcome and reason, read with the sqlite3 shell. */
const newestEntry = (d: string): string =>
  execFileSync('sqlite3', [dbPathIn(d), 'SELECT verb, outcome, reason FROM audit_log ORDER BY seq DESC LIMIT 1'], { encoding: 'utf8' }).trim();

const everything = ['--from', '2000-01-01', '--to', '2100-01-01'];

describe('station audit export: failures are one line, non-zero, and audited as failures', () => {
  it('refuses an existing --out file without touching it (exit 2, one line)', () => {
    const d = logDir('export-exists', 5);
    const out = join(temp.dir, 'already-there.csv');
    writeFileSync(out, 'keep me');
    const r = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'csv', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('station audit: the output file already exists\n');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('an --out in a missing folder is exit 1, one line, and an audited failure', () => {
    const d = logDir('export-nofolder', 5);
    const r = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'csv', '--out', join(temp.dir, 'no-such-folder', 'x.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('station audit: export failed: the folder for the output file does not exist\n');
    expect(newestEntry(d)).toBe('export|failure|target-dir-missing');
  });

  it('writes --out completely and audits the success', () => {
    const d = logDir('export-file', 300);
    const out = join(temp.dir, 'export.csv');
    const r = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'csv', '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(301);
    expect(newestEntry(d)).toBe('export|success|');
  });

  it('a reader that closes the pipe early ends the export quietly (141), audited as incomplete', async () => {
    const d = logDir('export-pipe', 2000);
    const child = spawn(process.execPath, [pkg.bin['station']!, 'audit', 'export', '--data-dir', d, ...everything, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader goes away before the first line
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(141);
    expect(newestEntry(d)).toBe('export|failure|output-closed');
  });

  it('JSON: details is the recorded object ({} when there is none), and the export re-verifies against its hashes', () => {
    const d = join(temp.dir, 'export-json-details');
    const store = openStore({ dataDir: d, auditHeadMaxLagMs: 0 });
    store.audit.appendMany([viewEntry(0), viewEntry(1)]);
    store.audit.append({ operator: null, action: 'execute', verb: 'sign-out', objectType: 'session', outcome: 'success' });
    store.close();
    const r = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'json']);
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as Array<Omit<AuditRecord, 'details'> & { details: Record<string, unknown>; hash: string }>;
    expect(entries.map((e) => e.details)).toEqual([{ n: 0 }, { n: 1 }, {}]);
    // Someone holding only the export recomputes every link: the hashed details text is
    // JSON.stringify(details).
    let previous = GENESIS_HASH;
    for (const { hash, details, ...fields } of entries) {
      expect(chainHash(previous, { ...fields, details: JSON.stringify(details) }), `seq ${fields.seq}`).toBe(hash);
      previous = hash;
    }
    // The CSV keeps the hashed text in its details cell.
    const csv = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'csv']);
    expect(csv.stdout.split('\n')[1]).toContain(',"{""n"":0}",');
  });

  it('JSON: an entry whose details were edited into something else is an audited failure naming it, not a value of another type', () => {
    const d = logDir('export-json-edited', 3);
    execFileSync('sqlite3', [dbPathIn(d), "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = 'oops' WHERE seq = 2;"]);
    const r = station(['audit', 'export', '--data-dir', d, ...everything, '--format', 'json', '--out', join(temp.dir, 'edited.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('station audit: export incomplete: audit entry 2: details are not a JSON object (station audit verify tells what was changed)\n');
    expect(existsSync(join(temp.dir, 'edited.json'))).toBe(false);
    expect(newestEntry(d)).toBe('export|failure|unreadable-entry');
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    const d = logDir('export-dates', 1);
    const r = station(['audit', 'export', '--data-dir', d, '--from', '2020-02-30', '--to', '2100-01-01', '--format', 'csv']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(() => parseExportBound('from', '2021-02-29')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseExportBound('from', '2020-04-31')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseExportBound('to', '2020-01-01T24:00Z')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseExportBound('to', '2020-01-01T10:60:00Z')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseExportBound('to', '2020-01-01T10:00:00')).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(parseExportBound('from', '2020-02-29')).toBe(new Date(2020, 1, 29).toISOString());
    expect(parseExportBound('from', '2020-02-29T23:59:59.5Z')).toBe('2020-02-29T23:59:59.500Z');
    expect(parseExportBound('to', '2026-01-05T09:30Z')).toBe('2026-01-05T09:30:00.000Z');
  });

  it('takes a date alone as --to to include that whole day: --from D --to D exports the day D', () => {
    // A UI tester's one-day export was refused: "--from must be before --to". The days are this
    // computer's (local midnight to local midnight).
    expect(parseExportBound('to', '2026-11-24')).toBe(new Date(2026, 10, 25).toISOString());
    expect(parseExportBound('to', '2020-02-28')).toBe(new Date(2020, 1, 29).toISOString());
    expect(parseExportBound('to', '2026-12-31')).toBe(new Date(2027, 0, 1).toISOString());
    expect(parseExportBound('from', '2026-11-24')).toBe(new Date(2026, 10, 24).toISOString());
    const d = logDir('export-one-day', 4);
    const utc = { TZ: 'UTC' };
    const sql = (q: string) => execFileSync('sqlite3', [dbPathIn(d), q], { encoding: 'utf8' }).trim();
    const day = sql('SELECT substr(MIN(at_utc), 1, 10) FROM audit_log');
    const thatDay = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE at_utc >= '${day}' AND at_utc < '${day}T99'`));
    expect(thatDay).toBeGreaterThanOrEqual(4);
    const r = station(['audit', 'export', '--data-dir', d, '--from', day, '--to', day, '--format', 'json'], utc);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const rows = JSON.parse(r.stdout) as Array<{ atUtc: string }>;
    expect(rows).toHaveLength(thatDay);
    // A later --from than --to is still refused, and the message says how to ask for one day.
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const refused = station(['audit', 'export', '--data-dir', d, '--from', next, '--to', day, '--format', 'json'], utc);
    expect(refused).toMatchObject({ status: 2, stdout: '' });
    expect(refused.stderr).toBe(`station audit: --from must be before --to (a date alone as --to includes that whole day: --from 2026-11-24 --to 2026-11-24 is that day)\n`);
  });
});

describe('station audit export: a date alone is a day on this computer\'s clock', () => {
  it('exports the local day the entries were written on, as the Audit screen reads From and To, in any zone', () => {
    // It was the UTC day: an admin in New York asking for a day missed its evening (a UI tester's
    // finding). At any instant one of these zones (UTC-12, UTC+14) is on another date than UTC.
    let differed = 0;
    for (const [tz, offsetHours] of [['Etc/GMT+12', -12], ['Etc/GMT-14', 14]] as const) {
      const d = logDir(`export-local-day-${offsetHours}`, 3);
      const sql = (q: string) => execFileSync('sqlite3', [dbPathIn(d), q], { encoding: 'utf8' }).trim();
      const written = sql('SELECT MIN(at_utc) FROM audit_log');
      const localDay = new Date(Date.parse(written) + offsetHours * 3_600_000).toISOString().slice(0, 10);
      const exported = (day: string) => {
        const r = station(['audit', 'export', '--data-dir', d, '--from', day, '--to', day, '--format', 'json'], { TZ: tz });
        expect(r, `${tz} ${day}`).toMatchObject({ status: 0, stderr: '' });
        return (JSON.parse(r.stdout) as unknown[]).length;
      };
      expect(exported(localDay), tz).toBe(3);
      const utcDay = written.slice(0, 10);
      if (utcDay !== localDay) {
        differed++;
        expect(exported(utcDay), `${tz}: the UTC day is another local day`).toBe(0);
      }
    }
    expect(differed).toBeGreaterThanOrEqual(1);
  });
});

describe('station audit verify: what it says is true, and bad files are named', () => {
  it('a missing sidecar names no bad entry and says the chain itself verified', () => {
    const d = logDir('verify-nosidecar', 7);
    renameSync(auditHeadPathIn(d), join(d, 'moved-away.json'));
    const r = station(['audit', 'verify', '--data-dir', d]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('audit log NOT intact: sidecar-missing');
    expect(r.stdout).toContain('hash chain of 7 entries intact');
    expect(r.stdout).not.toContain('first bad sequence');
  });

  it('words each kind of fault without contradicting its counts', () => {
    const base = { ok: false, headSeq: 9, headHash: 'h' } as const;
    expect(describeFault({ ...base, entries: 4, firstBadSeq: 5, reason: 'hash-mismatch' })).toBe('first bad sequence 5: hash-mismatch (4 entries verified before it)');
    expect(describeFault({ ...base, entries: 9, firstBadSeq: 10, reason: 'head-behind-sidecar' })).toBe('first bad sequence 10: head-behind-sidecar (hash chain of 9 entries intact)');
    expect(describeFault({ ...base, entries: 9, firstBadSeq: 1, reason: 'sidecar-unreadable' })).not.toContain('first bad sequence');
    // A recorded deletion: its seqs were reused since, so no "first bad sequence", but what was lost.
    expect(describeFault({ ...base, entries: 101, firstBadSeq: 100, reason: 'head-behind-sidecar', recordedSeq: 100, lostSeqs: { from: 100, to: 139 } })).toBe(
      'head-behind-sidecar found when the store was opened earlier, recorded at sequence 100: entries 100 to 139 were deleted; ' +
        'not acknowledged by an admin (station audit acknowledge --seq 100 --login ADMIN); hash chain of 101 entries intact',
    );
  });

  it('an empty file, a file that is not SQLite, and a database without audit_log are one-line errors, exit 1', () => {
    const cases: Array<[string, (file: string) => void, string]> = [
      ['empty', (f) => writeFileSync(f, ''), 'has no audit log'],
      ['garbage', (f) => writeFileSync(f, 'this is not a database\n'.repeat(200)), 'is not a SQLite database'],
      ['other-db', (f) => execFileSync('sqlite3', [f, 'CREATE TABLE other (a)']), 'has no audit log'],
    ];
    for (const [name, make, says] of cases) {
      const d = join(temp.dir, `verify-${name}`);
      mkdirSync(d);
      make(dbPathIn(d));
      const r = station(['audit', 'verify', '--data-dir', d]);
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^station audit: [^\n]*${says}[^\n]*\n$`));
      expect(existsSync(dbPathIn(d)), name).toBe(true);
    }
  });
});

describe('station audit acknowledge: an admin clears one recorded deletion, and verify says what was lost', () => {
  it('verify names the lost seqs of a recorded deletion; a wrong PIN, an MA and a bad --seq are refused and audited; the admin clears one finding at a time', async () => {
    const d = join(temp.dir, 'acknowledge');
    const store = openStore({ dataDir: d, auditHeadMaxLagMs: 0 });
    const operators = new Operators(store, { pinCost: { N: 2 ** 10, r: 8, p: 1 } });
    await operators.add({ login: 'ann', displayName: 'Ann', role: 'admin', badgeId: 'BADGE-ANN', pin: '1234' }, { id: 'setup', role: 'system' });
    await operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    store.audit.appendMany(Array.from({ length: 20 }, (_, i) => viewEntry(i))); // seqs 3-22
    store.close();
    const sql = (q: string) => execFileSync('sqlite3', [dbPathIn(d), q], { encoding: 'utf8' }).trim();
    // Tampering as the records issue describes it, then any command that opens the store records it.
    sql('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 15;');
    expect(station(['operators', 'list', '--data-dir', d]).status).toBe(0); // records the finding at 15
    const ack = (seq: string, login: string, pin: string) => station(['audit', 'acknowledge', '--seq', seq, '--login', login, '--data-dir', d], { STATION_PIN: pin });

    const before = station(['audit', 'verify', '--data-dir', d]);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain('head-behind-sidecar found when the store was opened earlier, recorded at sequence 15: entries 15 to 22 were deleted');
    expect(before.stdout).not.toContain('first bad sequence');
    expect(before.stdout).not.toContain('verified before it');

    expect(ack('15', 'ann', '9999')).toMatchObject({ status: 1, stderr: 'station audit: cannot acknowledge: wrong login or PIN\n' });
    expect(ack('15', 'mia', '5678')).toMatchObject({ status: 1, stderr: 'station audit: only an admin can acknowledge an audit anchor mismatch\n' });
    expect(ack('14', 'ann', '1234').status).toBe(1);
    expect(ack('x', 'ann', '1234').status).toBe(2);
    expect(station(['audit', 'acknowledge', '--seq', '15', '--login', 'ann', '--data-dir', d]).status).toBe(2); // no STATION_PIN
    expect(station(['audit', 'verify', '--data-dir', d]).status).toBe(1);
    expect(sql("SELECT operator_id, object_type, outcome, reason FROM audit_log WHERE verb = 'audit-anchor-acknowledge' ORDER BY seq")).toBe(
      ['ann|session|failure|bad-pin', 'mia|audit-log|failure|forbidden', 'ann|audit-log|failure|not-anchor-mismatch'].join('\n'),
    );

    // A second deletion, found at the next open, is a second finding.
    const head = Number(sql('SELECT MAX(seq) FROM audit_log'));
    sql(`DELETE FROM audit_log WHERE seq = ${head};`);
    const done = ack('15', 'ann', '1234'); // this open records the second finding, at seq `head`
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/^acknowledged the head-behind-sidecar recorded at sequence 15 \(entries 15 to 22 were lost\) as entry \d+, by ann\n$/);
    const second = JSON.parse(station(['audit', 'verify', '--data-dir', d, '--json']).stdout) as object;
    expect(second).toMatchObject({ ok: false, reason: 'head-behind-sidecar', recordedSeq: head, lostSeqs: { from: head, to: head } });
    expect(ack(String(head), 'ann', '1234').status).toBe(0);
    expect(station(['audit', 'verify', '--data-dir', d]).status).toBe(0);
    expect(ack(String(head), 'ann', '1234')).toMatchObject({ status: 1, stderr: `station audit: the anchor mismatch at entry ${head} is already acknowledged\n` });
  });
});
