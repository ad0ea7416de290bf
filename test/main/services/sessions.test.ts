import { afterEach, describe, expect, it } from 'vitest';
import { Operators } from '../../../main/services/operators.ts';
import { requireRole, Sessions, type AttemptedAction } from '../../../main/services/sessions.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };
const AUTO_LOCK_MS = 5 * 60_000;
let cleanup = (): void => undefined;
afterEach(() => cleanup());

async function setup() {
  const clock = manualClock();
  const t = tempStore({ clockMs: clock.clockMs });
  cleanup = t.cleanup;
  const ops = new Operators(t.store, { pinCost: cheap });
  const cli = { id: 'cli:test', role: 'system' as const };
  await ops.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, cli);
  await ops.add({ login: 'pat', displayName: 'Pat', role: 'provider', badgeId: 'BADGE-PAT', pin: '2468' }, cli);
  const sessions = new Sessions(t.store, ops, () => AUTO_LOCK_MS);
  const verbs = () => (t.store.db.prepare("SELECT operator_id || ':' || verb || ':' || outcome || ':' || details FROM audit_log WHERE seq > 2 ORDER BY seq").pluck().all() as string[]);
  return { t, clock, sessions, verbs };
}

describe('Sessions', () => {
  it('signs in with badge + PIN and out again, audited', async () => {
    const { sessions, verbs } = await setup();
    const s = await sessions.signIn('w1', 'BADGE-MIA', '5678');
    expect(s).toMatchObject({ operator: { login: 'mia' }, locked: false, patientId: null });
    expect(sessions.requireActive('w1').operator).toMatchObject({ id: 'mia', role: 'ma' });
    sessions.signOut('w1');
    expect(() => sessions.requireActive('w1')).toThrow(expect.objectContaining({ code: 'not-signed-in' }));
    expect(verbs()).toEqual(['mia:sign-in:success:{}', 'mia:sign-out:success:{"cause":"manual"}']);
  });

  it('a failed sign-in leaves nobody signed in and says nothing about which part was wrong', async () => {
    const { sessions } = await setup();
    const fourLeft = 'badge or PIN not recognized: 4 attempts left before this account is locked';
    await expect(sessions.signIn('w1', 'BADGE-MIA', '0000')).rejects.toMatchObject({ code: 'sign-in-failed', message: fourLeft });
    await expect(sessions.signIn('w1', 'NO-SUCH', '5678')).rejects.toMatchObject({ code: 'sign-in-failed', message: fourLeft });
    expect(sessions.snapshot('w1').operator).toBeNull();
  });

  it('says how many attempts are left before the lockout, then that the account is locked', async () => {
    const { sessions } = await setup();
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push(await sessions.signIn('w1', 'BADGE-MIA', '0000').then(() => 'signed in', (e: Error) => e.message));
    expect(messages).toEqual([
      'badge or PIN not recognized: 4 attempts left before this account is locked',
      'badge or PIN not recognized: 3 attempts left before this account is locked',
      'badge or PIN not recognized: 2 attempts left before this account is locked',
      'badge or PIN not recognized: 1 attempt left before this account is locked',
      'this account is locked after too many attempts: ask an administrator',
    ]);
  });

  it('locks itself after the inactivity delay (audited), hides the patient, and unlocks with the PIN', async () => {
    const { clock, sessions, verbs } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    sessions.setPatient('w1', 42);
    clock.advance(AUTO_LOCK_MS - 1);
    expect(sessions.snapshot('w1')).toMatchObject({ locked: false, patientId: 42, lockAtMs: clock.nowMs + 1 });
    sessions.activity('w1');
    clock.advance(AUTO_LOCK_MS - 1);
    expect(sessions.snapshot('w1').locked).toBe(false);
    clock.advance(1);
    sessions.tick();
    expect(sessions.snapshot('w1')).toMatchObject({ locked: true, patientId: null, lockAtMs: null });
    expect(() => sessions.requireActive('w1')).toThrow(expect.objectContaining({ code: 'session-locked' }));
    await expect(sessions.unlock('w1', '0000')).rejects.toMatchObject({ code: 'sign-in-failed' });
    await sessions.unlock('w1', '5678');
    expect(sessions.snapshot('w1')).toMatchObject({ locked: false, patientId: 42 });
    expect(verbs()).toEqual([
      'mia:sign-in:success:{}',
      'mia:lock:success:{"cause":"inactivity"}',
      'mia:unlock:failure:{}',
      'mia:unlock:success:{"via":"pin"}',
    ]);
  });

  it('background calls are not activity: a screen that refreshes itself still locks when the operator is idle', async () => {
    // A UI tester left the EKG screen (which polls the review count and the cart) open 9 minutes
    // past a 5-minute lock: every handler call counted as the operator's activity.
    const { clock, sessions } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    for (let t = 0; t < AUTO_LOCK_MS - 1_000; t += 1_000) {
      clock.advance(1_000);
      expect(sessions.requireActive('w1').operator.id).toBe('mia'); // a poll, answered
    }
    clock.advance(1_000);
    sessions.tick();
    expect(sessions.snapshot('w1').locked).toBe(true);
    // The operator's own input (keys, clicks, scans: records.session.activity) still counts.
    await sessions.unlock('w1', '5678');
    clock.advance(AUTO_LOCK_MS - 1);
    sessions.activity('w1');
    clock.advance(AUTO_LOCK_MS - 1);
    sessions.tick();
    expect(sessions.snapshot('w1').locked).toBe(false);
  });

  it('a different operator on a locked session ends the first one and starts clean', async () => {
    const { sessions, verbs } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    sessions.setPatient('w1', 42);
    sessions.lock('w1');
    const s = await sessions.signIn('w1', 'BADGE-PAT', '2468');
    expect(s).toMatchObject({ operator: { login: 'pat' }, locked: false, patientId: null });
    expect(verbs().slice(-3)).toEqual(['mia:lock:success:{"cause":"manual"}', 'mia:sign-out:success:{"cause":"replaced"}', 'pat:sign-in:success:{}']);
  });

  it('the same operator badging in on a locked session unlocks it, keeping the patient', async () => {
    const { sessions } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    sessions.setPatient('w1', 42);
    sessions.lock('w1');
    expect(await sessions.signIn('w1', 'BADGE-MIA', '5678')).toMatchObject({ locked: false, patientId: 42 });
  });

  it('sessions are independent per session id, and end() signs out (audited)', async () => {
    const { sessions, verbs } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    await sessions.signIn('w2', 'BADGE-PAT', '2468');
    sessions.end('w1');
    expect(sessions.snapshot('w1').operator).toBeNull();
    expect(sessions.snapshot('w2').operator?.login).toBe('pat');
    expect(verbs().at(-1)).toBe('mia:sign-out:success:{"cause":"session-ended"}');
  });

  it('requireRole lets the named roles through, and audits each refusal as the attempt, failed: forbidden', async () => {
    const { t, sessions } = await setup();
    await sessions.signIn('w1', 'BADGE-MIA', '5678');
    const s = sessions.requireActive('w1');
    const attempt: AttemptedAction = { action: 'update', verb: 'config-change', objectType: 'setting', objectId: 'auto_lock_ms', details: { to: 600_000 } };
    const headSeq = () => t.store.audit.head().seq;
    const before = headSeq();
    expect(() => requireRole(t.store.audit, s, attempt, 'ma', 'provider')).not.toThrow();
    expect(headSeq()).toBe(before);

    expect(() => requireRole(t.store.audit, s, attempt, 'provider')).toThrow(expect.objectContaining({ name: 'AuthError', code: 'forbidden', message: 'this action needs the provider role' }));
    expect(() => requireRole(t.store.audit, s, { action: 'create', verb: 'ekg-capture', objectType: 'ekg', patientId: '42' }, 'admin')).toThrow(
      expect.objectContaining({ code: 'forbidden', message: 'this action needs the admin role' }),
    );
    const entries = t.store.db
      .prepare('SELECT operator_id, operator_role, action, verb, object_type, object_id, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(before);
    expect(entries).toEqual([
      { operator_id: 'mia', operator_role: 'ma', action: 'update', verb: 'config-change', object_type: 'setting', object_id: 'auto_lock_ms', patient_id: null, outcome: 'failure', reason: 'forbidden', details: '{"to":600000}' },
      { operator_id: 'mia', operator_role: 'ma', action: 'create', verb: 'ekg-capture', object_type: 'ekg', object_id: null, patient_id: '42', outcome: 'failure', reason: 'forbidden', details: '{}' },
    ]);
    expect(verifyAuditLog(t.store.db, readAuditHead(auditHeadPathIn(t.dir)))).toMatchObject({ ok: true, entries: before + 2 });
  });
});
