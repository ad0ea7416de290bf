import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type CallContext, type Handlers } from '../../../main/ipc/dispatch.ts';
import { createRecordsServices } from '../../../main/services/recordsHandlers.ts';
import { rmSync } from 'node:fs';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
import { openStore } from '../../../main/storage/store.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };
let cleanup = (): void => undefined;
afterEach(() => cleanup());

function setup() {
  const clock = manualClock();
  const t = tempStore({ clockMs: clock.clockMs });
  cleanup = t.cleanup;
  const records = createRecordsServices(t.store, { pinCost: cheap });
  // Only the records.* channels are served here: the other areas' handlers are not needed.
  const handlers = records.handlers as unknown as Handlers;
  const call = (sessionId: string, channel: string, payload: unknown) => dispatch(handlers, channel, payload, { sessionId, host: 'browser' } satisfies CallContext);
  return { t, clock, records, call };
}

describe('records IPC handlers through dispatch, on a real database', () => {
  it('first run: setup creates the admin once and signs it in; a second setup is refused and audited', async () => {
    const { t, call } = setup();
    expect(await call('w1', 'records.firstRun.status', {})).toEqual({ ok: true, value: { needsSetup: true } });
    const setupReq = { login: 'ann', displayName: 'Ann Admin', badgeId: 'BADGE-ANN', pin: '1234' };
    const r = await call('w1', 'records.firstRun.setup', setupReq);
    expect(r).toMatchObject({ ok: true, value: { needsSetup: false, operator: { login: 'ann', role: 'admin' }, locked: false } });
    expect(await call('w2', 'records.firstRun.setup', { ...setupReq, login: 'eve', badgeId: 'BADGE-EVE' })).toMatchObject({ ok: false, error: { code: 'already-set-up' } });
    // The refused setup is audited by the Operators service, as the CLI's refusals are.
    expect(t.store.db.prepare("SELECT operator_id, verb, object_type, object_id, outcome, reason FROM audit_log WHERE verb = 'create' ORDER BY seq").all()).toEqual([
      { operator_id: 'first-run', verb: 'create', object_type: 'operator', object_id: 'ann', outcome: 'success', reason: null },
      { operator_id: 'first-run', verb: 'create', object_type: 'operator', object_id: 'eve', outcome: 'failure', reason: 'already-set-up' },
    ]);
  });

  it('sign-in, patient create/select by scan, lock hides the patient, role checks, audit page', async () => {
    const { call, records, clock } = setup();
    await call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });

    expect(await call('w1', 'records.patients.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'sign-in-failed' } });
    expect(await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '12' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' })).toMatchObject({ ok: true, value: { operator: { login: 'mia', role: 'ma' } } });

    const created = await call('w1', 'records.patients.create', { mrn: 'MRN7', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-02-03', sex: 'female' });
    expect(created).toMatchObject({ ok: true, value: { mrn: 'MRN7', simulated: false } });
    const selected = await call('w1', 'records.patients.select', { mrn: 'MRN7' });
    expect(selected).toMatchObject({ ok: true, value: { patient: { mrn: 'MRN7', familyName: 'Doe' } } });

    // An MA cannot read the audit trail; an admin can.
    expect(await call('w1', 'records.audit.query', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('adm', 'records.patients.create', { mrn: 'MRN8', familyName: 'A', givenName: 'B', birthDate: '1990-01-01', sex: 'male' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    clock.advance(5 * 60_000);
    const locked = await call('w1', 'records.session.state', {});
    expect(locked).toMatchObject({ ok: true, value: { locked: true, patient: null } });
    expect(await call('w1', 'records.session.unlock', { pin: '5678' })).toMatchObject({ ok: true, value: { locked: false, patient: { mrn: 'MRN7' } } });

    await call('adm', 'records.session.activity', {});
    await call('adm', 'records.session.signIn', { badgeId: 'BADGE-ANN', pin: '1234' });
    const patientId = (created as { value: { id: number } }).value.id;
    const page1 = await call('adm', 'records.audit.query', { patientId: String(patientId), limit: 2 });
    expect(page1).toMatchObject({ ok: true });
    const v1 = (page1 as { value: { entries: Array<{ verb: string; seq: number }>; nextCursor: unknown } }).value;
    expect(v1.entries.map((e) => e.verb)).toEqual(['view', 'view']); // the audit view itself, then the scan
    const page2 = await call('adm', 'records.audit.query', { patientId: String(patientId), limit: 2, cursor: v1.nextCursor });
    expect((page2 as { value: { entries: Array<{ verb: string }>; nextCursor: unknown } }).value).toMatchObject({ entries: [{ verb: 'create' }], nextCursor: null });
  });

  it('a create confirms "a different person" from the patient ids the form showed (no blanket pass): validated, and a match not among them is refused', async () => {
    const { t, call, records } = setup();
    await call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' });
    const taylor = { familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' };
    const first = (await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-006' })) as { ok: true; value: { id: number } };
    // The boolean of old is no longer taken; the ids must be positive whole numbers, at most 50.
    for (const bad of [{ confirmedDifferentPerson: true }, { confirmedDifferentFrom: true }, { confirmedDifferentFrom: [0] }, { confirmedDifferentFrom: [1.5] }, { confirmedDifferentFrom: ['1'] }, { confirmedDifferentFrom: Array.from({ length: 51 }, (_, i) => i + 1) }]) {
      expect(await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-102', ...bad })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-102' })).toMatchObject({ ok: false, error: { code: 'patient-possible-duplicate' } });
    const shown = ((await call('w1', 'records.patients.possibleDuplicates', { familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13' })) as { ok: true; value: { patients: Array<{ id: number }> } }).value.patients.map((p) => p.id);
    expect(shown).toEqual([first.value.id]);
    // Another window registers the same person meanwhile: the confirmation given for the first does not cover it.
    const meanwhile = await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-200', confirmedDifferentFrom: shown });
    expect(meanwhile).toMatchObject({ ok: true });
    expect(await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-102', confirmedDifferentFrom: shown })).toMatchObject({ ok: false, error: { code: 'patient-possible-duplicate' } });
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(2);
    const both = [first.value.id, (meanwhile as { ok: true; value: { id: number } }).value.id];
    expect(await call('w1', 'records.patients.create', { ...taylor, mrn: 'QA-102', confirmedDifferentFrom: both })).toMatchObject({ ok: true, value: { mrn: 'QA-102' } });
  });

  it('the audit search takes the MRN an admin knows: main finds the patient id; an unknown MRN is said, and audited without it', async () => {
    const { t, call, records } = setup();
    await call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' });
    const jo = (await call('w1', 'records.patients.create', { mrn: 'MRN-JO-1', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-02-03', sex: 'female' })) as { value: { id: number } };
    await call('w1', 'records.patients.create', { mrn: 'MRN-AL-2', familyName: 'Roe', givenName: 'Al', birthDate: '1981-02-03', sex: 'male' });
    const verbsOf = (r: unknown) => (r as { value: { entries: Array<{ verb: string; patientId: string | null }> } }).value.entries.map((e) => `${e.verb}:${e.patientId}`);
    const joId = String(jo.value.id);

    // By MRN, whatever its letter case, the same entries as by the patient id (which still works).
    const byMrn = await call('adm', 'records.audit.query', { patientMrn: 'mrn-jo-1' });
    expect(verbsOf(byMrn)).toEqual([`view:${joId}`, `create:${joId}`]);
    expect(verbsOf(await call('adm', 'records.audit.query', { patientId: joId }))).toEqual([`view:${joId}`, `view:${joId}`, `create:${joId}`]);
    // No patient with that MRN: said in words, never an empty page that reads "nothing happened".
    expect(await call('adm', 'records.audit.query', { patientMrn: 'MRN-NONE-9' })).toEqual({ ok: false, error: { code: 'patient-not-found', message: 'No patient on this station has that MRN: check it, or clear the patient filter.' } });
    expect(await call('adm', 'records.audit.query', { patientMrn: 'MRN-JO-1', patientId: joId })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('adm', 'records.audit.query', { patientMrn: 'not an mrn' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

    const views = t.store.db.prepare("SELECT patient_id AS patientId, outcome, reason FROM audit_log WHERE verb = 'view' AND object_type = 'audit-log' ORDER BY seq").all();
    expect(views).toEqual([
      { patientId: joId, outcome: 'success', reason: null },
      { patientId: joId, outcome: 'success', reason: null },
      { patientId: null, outcome: 'failure', reason: 'patient-not-found' },
    ]);
    const log = JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all());
    for (const mrn of ['MRN-JO-1', 'mrn-jo-1', 'MRN-NONE-9']) expect(log).not.toContain(mrn);
  });

  it('each entry comes with its patient\'s MRN (the log keeps the id); a From after the To is said naming both fields', async () => {
    const { t, call, records } = setup();
    await call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' });
    const jo = (await call('w1', 'records.patients.create', { mrn: 'MRN-JO-1', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-02-03', sex: 'female' })) as { value: { id: number } };
    // An entry naming a patient this station no longer holds (a restored log, another station's id).
    t.store.audit.append({ operator: null, action: 'read', verb: 'view', objectType: 'patient', patientId: '999', outcome: 'success' });

    const page = (await call('adm', 'records.audit.query', {})) as { ok: true; value: { entries: Array<{ verb: string; patientId: string | null; patientMrn: string | null }> } };
    const patientsOf = page.value.entries.map((e) => [e.verb, e.patientId, e.patientMrn]);
    expect(patientsOf).toContainEqual(['create', String(jo.value.id), 'MRN-JO-1']);
    expect(patientsOf).toContainEqual(['view', '999', null]);
    expect(patientsOf).toContainEqual(['sign-in', null, null]);

    expect(await call('adm', 'records.audit.query', { fromUtc: '2026-02-10T00:00:00.000Z', toUtc: '2026-02-01T23:59:59.999Z' })).toEqual({
      ok: false,
      error: { code: 'audit-dates-reversed', message: 'The From date is after the To date: choose a From date on or before the To date.' },
    });
    // "On or before", as the message says: one instant is a (narrow) range.
    expect(await call('adm', 'records.audit.query', { fromUtc: '2026-02-10T00:00:00.000Z', toUtc: '2026-02-10T00:00:00.000Z' })).toMatchObject({ ok: true });
  });

  it('each role refusal is one failure entry (reason forbidden) under the verb its success would have had, and changes nothing', async () => {
    const { t, call, records } = setup();
    await call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' });
    const before = t.store.audit.head().seq;

    const needs = (role: string) => ({ ok: false, error: { code: 'forbidden', message: `this action needs the ${role} role` } });
    expect(await call('w1', 'records.settings.autoLock', { autoLockMs: 600_000 })).toEqual(needs('admin'));
    expect(await call('w1', 'records.audit.query', { patientId: '1', verb: 'view', operatorId: 'ann' })).toEqual(needs('admin'));
    expect(await call('w1', 'records.audit.openFindings', {})).toEqual(needs('admin'));
    const patient = { mrn: 'MRN-SECRET-9', familyName: 'Quixotic', givenName: 'Zebedee', birthDate: '1971-07-19', sex: 'male' };
    expect(await call('adm', 'records.patients.create', patient)).toEqual(needs('ma or provider'));
    // Reading the delay needs no role, and is not an attempt at anything refused.
    expect(await call('w1', 'records.settings.autoLock', {})).toEqual({ ok: true, value: { autoLockMs: 300_000 } });

    const entries = t.store.db
      .prepare('SELECT operator_id AS who, operator_role AS role, action, verb, object_type, object_id, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(before);
    const refused = { patient_id: null, outcome: 'failure', reason: 'forbidden' };
    expect(entries).toEqual([
      { ...refused, who: 'mia', role: 'ma', action: 'update', verb: 'config-change', object_type: 'setting', object_id: 'auto_lock_ms', details: '{"from":300000,"to":600000}' },
      { ...refused, who: 'mia', role: 'ma', action: 'read', verb: 'view', object_type: 'audit-log', object_id: null, details: '{}' },
      { ...refused, who: 'mia', role: 'ma', action: 'read', verb: 'view', object_type: 'audit-log', object_id: null, details: '{"listing":"open-anchor-findings"}' },
      { ...refused, who: 'ann', role: 'admin', action: 'create', verb: 'create', object_type: 'patient', object_id: null, details: '{}' },
    ]);
    // Nothing of the patient the admin typed reaches the log, and nothing was created or changed.
    const log = JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all());
    for (const typed of ['MRN-SECRET-9', 'Quixotic', 'Zebedee', '1971-07-19']) expect(log).not.toContain(typed);
    expect(t.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
    expect(t.store.db.prepare("SELECT count(*) FROM settings WHERE key = 'auto_lock_ms'").pluck().get()).toBe(0);
    expect(verifyAuditLog(t.store.db, readAuditHead(auditHeadPathIn(t.dir)))).toMatchObject({ ok: true, entries: before + 4 });
  });

  it('an admin acknowledges a recorded anchor mismatch from the Audit screen; an MA is refused, and both are audited', async () => {
    const first = setup();
    await first.call('adm', 'records.firstRun.setup', { login: 'ann', displayName: 'Ann', badgeId: 'BADGE-ANN', pin: '1234' });
    await first.records.operators.add({ login: 'mia', displayName: 'Mia', role: 'ma', badgeId: 'BADGE-MIA', pin: '5678' }, { id: 'ann', role: 'admin' });
    first.t.store.close();
    rmSync(auditHeadPathIn(first.t.dir));
    const store = openStore({ dataDir: first.t.dir, auditHeadMaxLagMs: 0 }); // records sidecar-missing
    const findingSeq = store.audit.head().seq;
    const handlers = createRecordsServices(store, { pinCost: cheap }).handlers as unknown as Handlers;
    const call = (sessionId: string, channel: string, payload: unknown) => dispatch(handlers, channel, payload, { sessionId, host: 'browser' } satisfies CallContext);
    await call('w1', 'records.session.signIn', { badgeId: 'BADGE-MIA', pin: '5678' });
    await call('adm', 'records.session.signIn', { badgeId: 'BADGE-ANN', pin: '1234' });

    expect(await call('anon', 'records.audit.acknowledgeAnchor', { seq: findingSeq })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await call('w1', 'records.audit.acknowledgeAnchor', { seq: findingSeq })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const verify = () => verifyAuditLog(store.db, readAuditHead(auditHeadPathIn(first.t.dir)));
    expect(verify()).toMatchObject({ ok: false, reason: 'sidecar-missing', recordedSeq: findingSeq });
    // What the Audit screen lists: admins only.
    expect(await call('w1', 'records.audit.openFindings', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('adm', 'records.audit.openFindings', {})).toEqual({
      ok: true,
      value: { findings: [{ seq: findingSeq, atUtc: expect.stringMatching(/Z$/), reason: 'sidecar-missing', lostSeqs: null }] },
    });
    const ok = await call('adm', 'records.audit.acknowledgeAnchor', { seq: findingSeq });
    expect(ok).toEqual({ ok: true, value: { seq: expect.any(Number), findingReason: 'sidecar-missing', lostSeqs: null } });
    expect(verify()).toMatchObject({ ok: true });
    expect(await call('adm', 'records.audit.openFindings', {})).toEqual({ ok: true, value: { findings: [] } });
    const acks = store.db.prepare("SELECT operator_id AS who, outcome FROM audit_log WHERE verb = 'audit-anchor-acknowledge' ORDER BY seq").all();
    expect(acks).toEqual([
      { who: 'mia', outcome: 'failure' },
      { who: 'ann', outcome: 'success' },
    ]);
    store.close();
  });
});
