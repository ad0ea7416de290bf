import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_ATTEMPTS, Operators } from '../../../main/services/operators.ts';
import { tempStore } from '../../helpers/tempStore.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };
const cli = { id: 'cli:test', role: 'system' as const };
let cleanup = (): void => undefined;
afterEach(() => cleanup());

async function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  const ops = new Operators(t.store, { pinCost: cheap });
  await ops.add({ login: 'ann', displayName: 'Ann Admin', role: 'admin', badgeId: 'BADGE-ANN', pin: '1234' }, cli);
  await ops.add({ login: 'mia', displayName: 'Mia MA', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, cli);
  const audit = () => t.store.db.prepare('SELECT operator_id, verb, outcome, reason, object_id FROM audit_log ORDER BY seq').all() as Array<Record<string, unknown>>;
  return { t, ops, audit };
}

describe('Operators', () => {
  it('stores neither badge nor PIN in clear, and audits account creation', async () => {
    const { t, audit } = await setup();
    const dump = JSON.stringify(t.store.db.prepare('SELECT * FROM operators').all());
    expect(dump).not.toContain('BADGE-ANN');
    expect(dump).not.toContain('"1234"');
    expect(audit()).toEqual([
      { operator_id: 'cli:test', verb: 'create', outcome: 'success', reason: null, object_id: 'ann' },
      { operator_id: 'cli:test', verb: 'create', outcome: 'success', reason: null, object_id: 'mia' },
    ]);
  });

  it('authenticates badge + PIN, and audits failures with a reason', async () => {
    const { ops, audit } = await setup();
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in')).toMatchObject({ ok: true, operator: { login: 'mia', role: 'ma' } });
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'bad-pin' });
    expect(await ops.authenticate({ badgeId: 'NOBODY' }, '5678', 'sign-in')).toEqual({ ok: false, reason: 'unknown-badge' });
    expect(audit().slice(2)).toEqual([
      { operator_id: 'mia', verb: 'sign-in', outcome: 'failure', reason: 'bad-pin', object_id: null },
      { operator_id: null, verb: 'sign-in', outcome: 'failure', reason: 'unknown-badge', object_id: null },
    ]);
  });

  it(`locks the account after ${MAX_FAILED_ATTEMPTS} wrong PINs (audited) until an admin unlocks it`, async () => {
    const { ops, audit } = await setup();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'bad-pin' });
    // The attempt that locks the account says so itself.
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'locked-out' });
    expect(ops.get('mia')?.lockedOut).toBe(true);
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in')).toEqual({ ok: false, reason: 'locked-out' });
    const rows = audit();
    expect(rows.filter((r) => r.verb === 'lockout')).toEqual([{ operator_id: 'mia', verb: 'lockout', outcome: 'success', reason: null, object_id: 'mia' }]);
    expect(rows.at(-1)).toMatchObject({ verb: 'sign-in', reason: 'locked-out' });
    ops.unlockAccount('mia', { id: 'ann', role: 'admin' });
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in')).toMatchObject({ ok: true });
  });

  it('a success resets the failure count', async () => {
    const { ops } = await setup();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in');
    await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in');
    await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in');
    expect(ops.get('mia')?.lockedOut).toBe(false);
  });

  it('refuses duplicate logins and badges, bad input, and a second first-run setup', async () => {
    const { ops } = await setup();
    await expect(ops.add({ login: 'ann', displayName: 'X', role: 'ma', badgeId: 'BADGE-NEW', pin: '1234' }, cli)).rejects.toMatchObject({ code: 'operator-exists' });
    await expect(ops.add({ login: 'bob', displayName: 'X', role: 'ma', badgeId: 'BADGE-ANN', pin: '1234' }, cli)).rejects.toMatchObject({ code: 'badge-taken' });
    await expect(ops.add({ login: 'Bob!', displayName: 'X', role: 'ma', badgeId: 'BADGE-B', pin: '1234' }, cli)).rejects.toMatchObject({ code: 'invalid-operator' });
    await expect(ops.add({ login: 'bob', displayName: 'X', role: 'ma', badgeId: 'BADGE-B', pin: '12' }, cli)).rejects.toMatchObject({ code: 'invalid-operator' });
    await expect(ops.add({ login: 'bob', displayName: 'X', role: 'admin', badgeId: 'BADGE-B', pin: '1234' }, cli, { onlyIfNone: true })).rejects.toMatchObject({ code: 'already-set-up' });
  });
});
