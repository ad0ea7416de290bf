// A data dir whose station.sqlite is no SQLite database (random bytes) or has a damaged schema
// page: every command that opens the store says so in one typed line and exits 1 (openStore), as
// `audit verify` always did; before, demo, operators, backup and audit export died with
// "internal error: SqliteError: ..." (exit 70). The file is left as it was.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, closeSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/storage/store.ts';
import { StorageError } from '../../../main/storage/db.ts';

const repo = resolve(import.meta.dirname, '../../..');
const root = mkdtempSync(join(tmpdir(), 'damaged-db-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function station(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, STATION_PIN: '4821' };
    delete env['STATION_DATA_DIR'];
    const proc = spawn(process.execPath, ['bin/station.mjs', ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** A data dir holding a station.sqlite of 64 KiB of fixed pseudo-random bytes (not a SQLite header). */
function randomBytesDir(name: string): { dir: string; bytes: Buffer } {
  const dir = join(root, name);
  mkdirSync(dir);
  let x = 0x9e3779b9;
  const bytes = Buffer.alloc(65_536);
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    bytes[i] = x >>> 24;
  }
  writeFileSync(join(dir, 'station.sqlite'), bytes);
  return { dir, bytes };
}

/** A real SQLite file whose first page (the schema) is overwritten after the 100-byte header. */
function damagedSchemaDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const path = join(dir, 'station.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1)');
  db.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(3000, 0xa5), 0, 3000, 100);
  closeSync(fd);
  return dir;
}

const NOT_A_DB = 'the station database file is not a SQLite database';

describe('a station.sqlite that is not a database: one typed line, exit 1, for every command', () => {
  // [what, the command name in the error line, its arguments]
  const cases: Array<[string, string, (dir: string) => string[]]> = [
    ['demo', 'demo', (dir) => ['demo', '--data-dir', dir, '--days', '1']],
    ['operators add', 'operators', (dir) => ['operators', 'add', '--login', 'admin1', '--name', 'Admin One', '--role', 'admin', '--badge', 'B-1', '--data-dir', dir]],
    ['backup', 'backup', (dir) => ['backup', '--to', `${dir}-backup.sqlite`, '--data-dir', dir]],
    ['audit export', 'audit', (dir) => ['audit', 'export', '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'json', '--data-dir', dir]],
    ['audit verify (as before)', 'audit', (dir) => ['audit', 'verify', '--data-dir', dir]],
  ];

  it.each(cases.map(([what, name, args], i) => [what, name, args, i] as const))('%s', async (_what, name, args, i) => {
    const { dir, bytes } = randomBytesDir(`random-${i}`);
    const r = await station(args(dir));
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `station ${name}: ${NOT_A_DB}\n`]);
    // The file is refused, never repaired, replaced or given a journal beside it.
    expect(readFileSync(join(dir, 'station.sqlite')).equals(bytes)).toBe(true);
    expect(existsSync(join(dir, 'station.sqlite-wal'))).toBe(false);
  }, 60_000);

  it('a damaged schema page (SQLITE_CORRUPT at open) is one typed line naming the code, exit 1', async () => {
    for (const args of [(d: string) => ['operators', 'list', '--data-dir', d], (d: string) => ['backup', '--to', join(root, 'corrupt-backup.sqlite'), '--data-dir', d]]) {
      const dir = damagedSchemaDir(`corrupt-${args('x')[0]!}`);
      const r = await station(args(dir));
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `station ${args(dir)[0]!}: the station database cannot be read (SQLITE_CORRUPT)\n`]);
    }
    expect(existsSync(join(root, 'corrupt-backup.sqlite'))).toBe(false);
  }, 60_000);

  it('openStore itself throws the typed StorageError (the app and the demo open the store there too)', () => {
    const { dir } = randomBytesDir('direct');
    expect(() => openStore({ dataDir: dir })).toThrow(StorageError);
    expect(() => openStore({ dataDir: dir })).toThrow(NOT_A_DB);
    expect(() => openStore({ dataDir: damagedSchemaDir('direct-corrupt') })).toThrow(expect.objectContaining({ code: 'storage-unreadable' }) as Error);
  });
});
