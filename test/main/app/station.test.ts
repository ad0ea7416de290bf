import { describe, expect, it } from 'vitest';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { EkgReviewService } from '../../../main/services/ekgReview.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { openStore } from '../../../main/storage/store.ts';
import { MA, PROVIDER } from '../../helpers/uiSession.ts';
import { IMMEDIATE_TACHYCARDIA } from '../../helpers/ekgInterpretations.ts';
import { stationPerFile } from '../../helpers/stationPerFile.ts';

const fixture = stationPerFile('station-app-');
const ctx: CallContext = { sessionId: 'window-1', host: 'browser' };
const call = (channel: string, payload: unknown) => dispatch(fixture.station().handlers as never, channel as never, payload, ctx);

const immediate = IMMEDIATE_TACHYCARDIA;

describe('leaving a patient with an unacknowledged immediate EKG finding (enforced in main)', () => {
  it('refuses sign-out, another patient and no patient, also from a locked session, until acknowledged', async () => {
    expect(await call('records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    const made = (await call('records.patients.create', { mrn: 'APP-1', familyName: 'Okafor', givenName: 'Ada', birthDate: '1950-03-04', sex: 'female' })) as { ok: true; value: { id: number } };
    const other = (await call('records.patients.create', { mrn: 'APP-2', familyName: 'Lind', givenName: 'Bo', birthDate: '1960-05-06', sex: 'male' })) as { ok: true; value: { id: number } };
    expect(await call('records.patients.select', { patientId: made.value.id })).toMatchObject({ ok: true });

    // The capture the cart would store (a second connection to the same database, as the cart service writes it).
    const store = openStore({ dataDir: fixture.dataDir() });
    const review = new EkgReviewService(store);
    const mv = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5));
    const ekg = review.saveCapture({ id: 'mary', role: 'ma' }, { patientId: made.value.id, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: immediate });
    store.close();

    const refused = { ok: false, error: { code: 'ekg-immediate-unacknowledged', message: expect.stringMatching(/acknowledged before leaving/) } };
    expect(await call('records.session.signOut', {})).toEqual(refused);
    expect(await call('records.patients.select', { patientId: other.value.id })).toEqual(refused);
    expect(await call('records.patients.select', { mrn: 'APP-2' })).toEqual(refused);
    expect(await call('records.patients.clear', {})).toEqual(refused);
    // Re-badging on the open session would start a new one without the patient.
    expect(await call('records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toEqual(refused);
    // Re-selecting the same patient is not leaving; locking is allowed (it hides the screen) but
    // does not open a way out.
    expect(await call('records.patients.select', { mrn: 'APP-1' })).toMatchObject({ ok: true });
    expect(await call('records.session.lock', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await call('records.session.signOut', {})).toEqual(refused);
    expect(await call('records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true, value: { patient: { mrn: 'APP-1' } } });

    expect(await call('ekg.notifyProvider', { ekgId: ekg.id, whom: 'Dr Paula Provider', how: 'phone', atUtc: new Date().toISOString() })).toMatchObject({ ok: true });
    expect(await call('ekg.acknowledgeImmediate', { ekgId: ekg.id })).toMatchObject({ ok: true, value: { review: { canLeaveScreen: true } } });
    expect(await call('records.patients.select', { patientId: other.value.id })).toMatchObject({ ok: true, value: { patient: { mrn: 'APP-2' } } });
    expect(await call('records.session.signOut', {})).toMatchObject({ ok: true, value: { operator: null } });
  }, 60_000);

  it('refuses sign-out while the operator has an unacknowledged immediate finding on any patient, after a takeover too', async () => {
    // A UI tester: another operator took the locked station over, the capturer signed in again
    // (no patient selected after a takeover) and signed out with the finding left behind.
    expect(await call('records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    const p = (await call('records.patients.create', { mrn: 'APP-3', familyName: 'Ng', givenName: 'Lu', birthDate: '1955-07-08', sex: 'female' })) as { ok: true; value: { id: number } };
    expect(await call('records.patients.select', { patientId: p.value.id })).toMatchObject({ ok: true });
    const store = openStore({ dataDir: fixture.dataDir() });
    const ekg = new EkgReviewService(store).saveCapture({ id: 'mary', role: 'ma' }, { patientId: p.value.id, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv: Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5)) }], interpretation: immediate });
    store.close();
    expect(await call('records.session.lock', {})).toMatchObject({ ok: true });
    // Another operator may take the locked station over (never held hostage), and is told of the
    // finding the capturer left (with its patient's identifiers), which is not theirs to acknowledge.
    expect(await call('records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true, value: { operator: { login: 'paula' } } });
    expect(await call('ekg.pendingImmediate', {})).toEqual({
      ok: true,
      // The capturer by name, as people know her; she has not recorded whom she told.
      value: { ekgs: [], others: [{ id: ekg.id, capturedAtUtc: expect.any(String) as unknown, capturedBy: MA.name, providerNotified: false, patient: expect.objectContaining({ mrn: 'APP-3' }) as unknown }] },
    });
    expect(await call('records.session.signOut', {})).toMatchObject({ ok: true });
    // ...but the capturer, back without the patient, cannot sign out with the finding left behind.
    expect(await call('records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true, value: { patient: null } });
    expect(await call('records.session.signOut', {})).toEqual({
      ok: false,
      error: { code: 'ekg-immediate-unacknowledged', message: 'An immediate EKG finding you captured is not acknowledged: select that patient and acknowledge it before signing out.' },
    });
    // Audited as every refusal is, under her (no patient selected).
    const log = openStore({ dataDir: fixture.dataDir() });
    const last = log.db.prepare("SELECT operator_id AS operator, patient_id AS patient, reason FROM audit_log WHERE verb = 'leave-patient' AND outcome = 'failure' ORDER BY seq DESC LIMIT 1").get();
    log.close();
    expect(last).toEqual({ operator: 'mary', patient: null, reason: 'ekg-immediate-unacknowledged' });
    expect(await call('records.patients.select', { patientId: p.value.id })).toMatchObject({ ok: true });
    expect(await call('ekg.notifyProvider', { ekgId: ekg.id, whom: 'Dr Paula Provider', how: 'phone', atUtc: new Date().toISOString() })).toMatchObject({ ok: true });
    // Whom she told is recorded: whoever takes the station over is told that, not sent for a provider again.
    expect(await call('records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call('records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call('ekg.pendingImmediate', {})).toMatchObject({ ok: true, value: { ekgs: [], others: [{ id: ekg.id, capturedBy: MA.name, providerNotified: true }] } });
    expect(await call('records.session.signOut', {})).toMatchObject({ ok: true });
    expect(await call('records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call('records.patients.select', { patientId: p.value.id })).toMatchObject({ ok: true });
    expect(await call('ekg.acknowledgeImmediate', { ekgId: ekg.id })).toMatchObject({ ok: true });
    expect(await call('ekg.pendingImmediate', {})).toEqual({ ok: true, value: { ekgs: [], others: [] } });
    expect(await call('records.session.signOut', {})).toMatchObject({ ok: true, value: { operator: null } });
  }, 60_000);

  it('an administrator does not capture EKGs (the review steps that follow are a care role\'s); each refusal is audited', async () => {
    expect(await call('cart.autoCapture', { enabled: true })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await call('records.session.signIn', { badgeId: 'BADGE-AD-01', pin: '2468' })).toMatchObject({ ok: true });
    const selected = (await call('records.patients.select', { mrn: 'APP-1' })) as { ok: true; value: { patient: { id: number } } };
    const db = openReadonly(dbPathIn(fixture.dataDir()));
    const before = db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'this action needs the ma or provider role' } };
    expect(await call('cart.capture', { seconds: 10 })).toEqual(forbidden);
    // Nor through auto-capture.
    expect(await call('cart.autoCapture', { enabled: true })).toEqual(forbidden);
    expect(await call('cart.autoCapture', { enabled: false })).toEqual(forbidden);
    const entries = db
      .prepare('SELECT operator_id AS who, operator_role AS role, action, verb, object_type, object_id, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(before);
    const refused = { who: 'admin', role: 'admin', object_type: 'ekg', object_id: null, patient_id: String(selected.value.patient.id), outcome: 'failure', reason: 'forbidden', details: '{}' };
    expect(entries).toEqual([
      { ...refused, action: 'create', verb: 'ekg-capture' },
      { ...refused, action: 'execute', verb: 'ekg-auto-capture-on' },
      { ...refused, action: 'execute', verb: 'ekg-auto-capture-off' },
    ]);
    expect(await call('records.session.signOut', {})).toMatchObject({ ok: true });
    expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(fixture.dataDir())))).toMatchObject({ ok: true });
    db.close();
  }, 60_000);
});
