import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../helpers/tempStore.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
const station = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [pkg.bin['station']!, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
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
