import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbPathIn } from '../../../../main/storage/dataDir.ts';
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

  it('verify on a data dir without a database is one stderr line and exit 1', () => {
    const r = station(['audit', 'verify', '--data-dir', join(temp.dir, 'nothing-here')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
