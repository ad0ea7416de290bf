import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../helpers/tempStore.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
// Bounded: a data dir under /proc once made Node's recursive mkdir spin forever.
const station = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [pkg.bin['station']!, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });
const temp = tempDataDir('cli-operators-');
afterAll(() => temp.remove());

interface ExportedEntry {
  operatorId: string | null;
  operatorRole: string | null;
  action: string;
  verb: string;
  objectType: string;
  objectId: string | null;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown>;
}

describe('station operators: refusals keep their exit code and message, and are audited', () => {
  it('a taken login and an unknown login to unlock are failure entries with a reason; the chain verifies', () => {
    const d = join(temp.dir, 'refusals');
    const add = (login: string, role: string, badge: string) =>
      station(['operators', 'add', '--login', login, '--name', `${login} Name`, '--role', role, '--badge', badge, '--data-dir', d], { STATION_PIN: '8642' });
    expect(add('ann', 'admin', 'BADGE-ANN')).toMatchObject({ status: 0, stdout: 'operator ann added (admin)\n', stderr: '' });
    expect(add('ann', 'ma', 'BADGE-OTHER')).toMatchObject({ status: 1, stdout: '', stderr: 'station operators: that login is taken\n' });
    expect(station(['operators', 'unlock', '--login', 'nobody', '--data-dir', d])).toMatchObject({ status: 1, stdout: '', stderr: 'station operators: no such operator\n' });

    const exported = station(['audit', 'export', '--data-dir', d, '--from', '2000-01-01', '--to', '2100-01-01', '--format', 'json']);
    expect(exported.status).toBe(0);
    const entries = (JSON.parse(exported.stdout) as ExportedEntry[]).map(({ operatorId, operatorRole, action, verb, objectType, objectId, outcome, reason, details }) => ({
      operatorId,
      operatorRole,
      action,
      verb,
      objectType,
      objectId,
      outcome,
      reason,
      details,
    }));
    const cli = { operatorId: expect.stringMatching(/^cli:/) as unknown, operatorRole: 'system', objectType: 'operator' };
    expect(entries).toEqual([
      { ...cli, action: 'create', verb: 'create', objectId: 'ann', outcome: 'success', reason: null, details: { role: 'admin' } },
      { ...cli, action: 'create', verb: 'create', objectId: 'ann', outcome: 'failure', reason: 'operator-exists', details: { role: 'ma' } },
      { ...cli, action: 'update', verb: 'unlock', objectId: 'nobody', outcome: 'failure', reason: 'operator-not-found', details: {} },
    ]);
    // Every field but the generated hex ones (a run of PIN digits turns up in a hash by chance).
    const typed = JSON.stringify(JSON.parse(exported.stdout, (key, value: unknown) => (/hash|stationId/i.test(key) ? undefined : value)));
    expect(typed).not.toContain('8642');
    expect(typed).not.toContain('BADGE');
    expect(station(['audit', 'verify', '--data-dir', d])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^audit log intact: 4 entries/) as unknown });
  });
});

describe('station operators: the data dir', () => {
  it('list and unlock on a folder without a station database refuse in one line and create nothing; add sets the station up', () => {
    const d = join(temp.dir, 'mistyped', 'station');
    expect(station(['operators', 'list', '--data-dir', d])).toMatchObject({ status: 1, stdout: '', stderr: `station operators: no station database at ${d}\n` });
    expect(station(['operators', 'unlock', '--login', 'ann', '--data-dir', d])).toMatchObject({ status: 1, stderr: `station operators: no station database at ${d}\n` });
    expect(station(['operators', 'lst', '--data-dir', d])).toMatchObject({ status: 2, stderr: "station operators: unknown operators sub-command 'lst' (add, list, unlock)\n" });
    expect(existsSync(join(temp.dir, 'mistyped'))).toBe(false);
    const add = station(['operators', 'add', '--login', 'ann', '--name', 'Ann', '--role', 'admin', '--badge', 'BADGE-ANN', '--data-dir', d], { STATION_PIN: '8642' });
    expect(add).toMatchObject({ status: 0, stderr: '' });
    expect(station(['operators', 'list', '--data-dir', d])).toMatchObject({ status: 0, stdout: 'ann\tadmin\tAnn\n' });
  });

  it('list --json prints one JSON line per operator; a stray argument is refused in one line, exit 2', () => {
    const d = join(temp.dir, 'json-list');
    const add = (login: string, role: string) =>
      station(['operators', 'add', '--login', login, '--name', `${login} Name`, '--role', role, '--badge', `BADGE-${login}`, '--data-dir', d], { STATION_PIN: '8642' });
    expect(add('ann', 'admin')).toMatchObject({ status: 0 });
    expect(add('mary', 'ma')).toMatchObject({ status: 0 });
    const r = station(['operators', 'list', '--json', '--data-dir', d]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { login: 'ann', displayName: 'ann Name', role: 'admin', active: true, lockedOut: false, simulated: false },
      { login: 'mary', displayName: 'mary Name', role: 'ma', active: true, lockedOut: false, simulated: false },
    ]);
    expect(r.stdout).not.toMatch(/hash|8642|BADGE/i);
    // --json is list's: add and unlock refuse it rather than ignore it.
    expect(station(['operators', 'unlock', '--login', 'ann', '--json', '--data-dir', d])).toMatchObject({ status: 2, stderr: 'station operators: unknown option --json\n' });
    // A UI tester: `operators list ... extra` was silently ignored.
    expect(station(['operators', 'list', '--data-dir', d, 'extra'])).toMatchObject({ status: 2, stdout: '', stderr: "station operators: unexpected argument (word 3 after the command): this command takes only --options\n" });
    expect(station(['operators', 'unlock', 'ann', '--data-dir', d])).toMatchObject({ status: 2, stdout: '', stderr: "station operators: unexpected argument (word 1 after the command): this command takes only --options\n" });
  });

  it('a file in place of the data dir is one typed line, exit 1, for reading and for setting up', () => {
    const file = join(temp.dir, 'a-file');
    writeFileSync(file, 'not a folder');
    expect(station(['operators', 'list', '--data-dir', file])).toMatchObject({ status: 1, stdout: '', stderr: `station operators: the data dir ${file} is not a folder\n` });
    const add = station(['operators', 'add', '--login', 'ann', '--name', 'Ann', '--role', 'admin', '--badge', 'BADGE-ANN', '--data-dir', join(file, 'sub')], { STATION_PIN: '8642' });
    expect(add).toMatchObject({ status: 1, stdout: '', stderr: `station operators: cannot create the data dir ${join(file, 'sub')}: ${file} is not a folder\n` });
  });

  // /proc refuses mkdir with ENOENT under an existing parent, which sent Node's recursive mkdir into an endless loop.
  it.runIf(process.platform === 'linux')('a data dir that cannot be created (under /proc) fails at once in one line, never spins', () => {
    const list = station(['operators', 'list', '--data-dir', '/proc/nonexistent']);
    expect(list).toMatchObject({ status: 1, stdout: '', stderr: 'station operators: no station database at /proc/nonexistent\n' });
    const add = station(['operators', 'add', '--login', 'ann', '--name', 'Ann', '--role', 'admin', '--badge', 'BADGE-ANN', '--data-dir', '/proc/nonexistent/station'], { STATION_PIN: '8642' });
    expect(add).toMatchObject({ status: 1, stdout: '', stderr: expect.stringMatching(/^station operators: cannot create the data dir \/proc\/nonexistent\/station \(\w+\)\n$/) as unknown });
  });
});
