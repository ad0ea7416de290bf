import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_ATTEMPTS, Operators } from '../../../main/services/operators.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
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
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'bad-pin', attemptsLeft: MAX_FAILED_ATTEMPTS - 1 });
    expect(await ops.authenticate({ badgeId: 'NOBODY' }, '5678', 'sign-in')).toEqual({ ok: false, reason: 'unknown-badge', attemptsLeft: MAX_FAILED_ATTEMPTS - 1 });
    expect(audit().slice(2)).toEqual([
      { operator_id: 'mia', verb: 'sign-in', outcome: 'failure', reason: 'bad-pin', object_id: null },
      { operator_id: null, verb: 'sign-in', outcome: 'failure', reason: 'unknown-badge', object_id: null },
    ]);
  });

  it(`locks the account after ${MAX_FAILED_ATTEMPTS} wrong PINs (audited) until an admin unlocks it`, async () => {
    const { ops, audit } = await setup();
    // Each wrong PIN says how many are left, so the person can stop before the lockout.
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'bad-pin', attemptsLeft: MAX_FAILED_ATTEMPTS - i });
    // The attempt that locks the account says so itself.
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'locked-out', attemptsLeft: null });
    expect(ops.get('mia')?.lockedOut).toBe(true);
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in')).toEqual({ ok: false, reason: 'locked-out', attemptsLeft: null });
    const rows = audit();
    expect(rows.filter((r) => r.verb === 'lockout')).toEqual([{ operator_id: 'mia', verb: 'lockout', outcome: 'success', reason: null, object_id: 'mia' }]);
    expect(rows.at(-1)).toMatchObject({ verb: 'sign-in', reason: 'locked-out' });
    ops.unlockAccount('mia', { id: 'ann', role: 'admin' });
    expect(await ops.authenticate({ badgeId: 'BADGE-MIA' }, '5678', 'sign-in')).toMatchObject({ ok: true });
  });

  it('an unknown badge counts down like a known one, so the count does not tell which badges exist', async () => {
    const { ops, t } = await setup();
    const known: Array<number | null> = [];
    const unknown: Array<number | null> = [];
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      known.push(((await ops.authenticate({ badgeId: 'BADGE-MIA' }, '0000', 'sign-in')) as { attemptsLeft: number | null }).attemptsLeft);
      unknown.push(((await ops.authenticate({ badgeId: 'NOBODY-1' }, '0000', 'sign-in')) as { attemptsLeft: number | null }).attemptsLeft);
    }
    expect(unknown).toEqual(known);
    // Each unknown badge has its own count; as before, only a known badge reaches the lockout.
    expect(await ops.authenticate({ badgeId: 'NOBODY-2' }, '0000', 'sign-in')).toMatchObject({ attemptsLeft: MAX_FAILED_ATTEMPTS - 1 });
    expect(await ops.authenticate({ badgeId: 'NOBODY-1' }, '0000', 'sign-in')).toEqual({ ok: false, reason: 'unknown-badge', attemptsLeft: null });
    // Kept in memory by keyed hash only: no badge in the database or the log.
    expect(JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all())).not.toContain('NOBODY');
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

  it('audits every refused account change as a failure with its reason, naming no badge, name or PIN', async () => {
    const { t, ops } = await setup();
    const admin = { id: 'ann', role: 'admin' as const };
    const refused = () =>
      t.store.db
        .prepare("SELECT operator_id, action, verb, object_type, object_id, outcome, reason, details FROM audit_log WHERE outcome = 'failure' ORDER BY seq")
        .all() as Array<Record<string, unknown>>;
    const entry = (verb: string, objectId: string | null, reason: string, details = '{}') => ({
      operator_id: 'ann',
      action: verb === 'create' ? 'create' : 'update',
      verb,
      object_type: 'operator',
      object_id: objectId,
      outcome: 'failure',
      reason,
      details,
    });
    await expect(ops.add({ login: 'ann', displayName: 'Ann Again', role: 'ma', badgeId: 'BADGE-NEW', pin: '2468' }, admin)).rejects.toMatchObject({ code: 'operator-exists' });
    await expect(ops.add({ login: 'bob', displayName: 'Bob Badge', role: 'provider', badgeId: 'BADGE-ANN', pin: '2468' }, admin)).rejects.toMatchObject({ code: 'badge-taken' });
    // A PIN typed into the login field is not a login: not named.
    await expect(ops.add({ login: '97531', displayName: 'Typo', role: 'ma', badgeId: 'BADGE-TYPO', pin: '2468' }, admin)).rejects.toMatchObject({ code: 'invalid-operator' });
    await expect(ops.add({ login: 'cy', displayName: 'Cy', role: 'ma', badgeId: 'BADGE-CY', pin: '24' }, admin)).rejects.toMatchObject({ code: 'invalid-operator' });
    await expect(ops.add({ login: 'dee', displayName: 'Dee', role: 'admin', badgeId: 'BADGE-DEE', pin: '2468' }, admin, { onlyIfNone: true })).rejects.toMatchObject({ code: 'already-set-up' });
    expect(() => ops.unlockAccount('nobody', admin)).toThrow(expect.objectContaining({ code: 'operator-not-found', message: 'no such operator' }));
    expect(() => ops.unlockAccount('NO SUCH one', admin)).toThrow(expect.objectContaining({ code: 'operator-not-found' }));
    expect(refused()).toEqual([
      entry('create', 'ann', 'operator-exists', '{"role":"ma"}'),
      entry('create', 'bob', 'badge-taken', '{"role":"provider"}'),
      entry('create', null, 'invalid-operator', '{"role":"ma"}'),
      entry('create', 'cy', 'invalid-operator', '{"role":"ma"}'),
      entry('create', 'dee', 'already-set-up', '{"role":"admin"}'),
      entry('unlock', 'nobody', 'operator-not-found'),
      entry('unlock', null, 'operator-not-found'),
    ]);
    // Only the columns that carry what was typed: the hashes and the station id are hex,
    // and a run of PIN digits turns up in them by chance.
    const log = JSON.stringify(t.store.db.prepare('SELECT operator_id, object_id, patient_id, reason, details FROM audit_log').all());
    for (const secret of ['2468', '97531', 'BADGE', 'Ann Again', 'Bob Badge']) expect(log).not.toContain(secret);
    // Nothing was created or changed by the refusals, and the chain still verifies.
    expect(ops.list().map((o) => o.login)).toEqual(['ann', 'mia']);
    expect(verifyAuditLog(t.store.db, readAuditHead(auditHeadPathIn(t.dir)))).toMatchObject({ ok: true, entries: 9 });
  });
});
