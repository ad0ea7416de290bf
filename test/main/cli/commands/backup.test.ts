import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../../main/storage/store.ts';
import { tempDataDir } from '../../../helpers/tempStore.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
const station = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [pkg.bin['station']!, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const temp = tempDataDir('cli-backup-');
afterAll(() => temp.remove());

describe('station backup and station operators', () => {
  it('adds an admin with the PIN from the environment, lists it, and backs up', () => {
    const d = join(temp.dir, 'ops');
    expect(station(['operators', 'add', '--data-dir', d, '--login', 'mia', '--name', 'Mia', '--role', 'ma', '--badge', 'BADGE-MIA'], { STATION_PIN: '5678' }).status).toBe(2);
    const add = station(['operators', 'add', '--data-dir', d, '--login', 'ann', '--name', 'Ann Admin', '--role', 'admin', '--badge', 'BADGE-ANN'], { STATION_PIN: '1234' });
    expect(add.status).toBe(0);
    expect(station(['operators', 'list', '--data-dir', d]).stdout).toContain('ann\tadmin\tAnn Admin');
    const file = join(temp.dir, 'ops-backup.sqlite');
    const b = station(['backup', '--data-dir', d, '--to', file]);
    expect(b.status).toBe(0);
    expect(execFileSync('sqlite3', [file, 'SELECT login FROM operators'], { encoding: 'utf8' }).trim()).toBe('ann');
    expect(station(['backup', '--data-dir', d, '--to', file]).status).toBe(2);
  });

  it('a backup that fails is one stderr line, exit 1, and audited as a failure, not a success', () => {
    const d = join(temp.dir, 'failing');
    openStore({ dataDir: d }).close();
    const r = station(['backup', '--data-dir', d, '--to', join(temp.dir, 'no-such-folder', 'bk.sqlite')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('station backup: the folder for the backup file does not exist\n');
    const entries = execFileSync('sqlite3', [join(d, 'station.sqlite'), "SELECT verb || '|' || outcome || '|' || coalesce(reason, '') FROM audit_log ORDER BY seq"], { encoding: 'utf8' });
    expect(entries.trim().split('\n')).toEqual(['backup-start|success|', 'backup|failure|target-dir-missing']);
  });

  it('refuses a data dir without a station database: one line, exit 1, and no database is created to back up', () => {
    const d = join(temp.dir, 'mistyped');
    const r = station(['backup', '--data-dir', d, '--to', join(temp.dir, 'never.sqlite')]);
    expect(r).toMatchObject({ status: 1, stdout: '', stderr: `station backup: no station database at ${d}\n` });
    expect(existsSync(d)).toBe(false);
    expect(existsSync(join(temp.dir, 'never.sqlite'))).toBe(false);
  });
});
