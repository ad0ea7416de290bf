import { describe, expect, it } from 'vitest';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { EkgReviewService } from '../../../main/services/ekgReview.ts';
import { openStore } from '../../../main/storage/store.ts';
import { MA } from '../../helpers/uiSession.ts';
import { IMMEDIATE_TACHYCARDIA } from '../../helpers/ekgInterpretations.ts';
import { stationPerFile } from '../../helpers/stationPerFile.ts';

// Issue 5: "an immediate flag must be acknowledged before the assistant can leave the screen". A
// tester signed the same assistant in in a second tab and selected another patient there while the
// first patient's immediate finding was unacknowledged (only sign-out was refused there).
const fixture = stationPerFile('station-immediate-');
const first: CallContext = { sessionId: 'tab-1', host: 'browser' };
const second: CallContext = { sessionId: 'tab-2', host: 'browser' };
const call = (ctx: CallContext, channel: string, payload: unknown) => dispatch(fixture.station().handlers as never, channel as never, payload, ctx);

const immediate = IMMEDIATE_TACHYCARDIA;
const created = async (ctx: CallContext, mrn: string, familyName: string): Promise<number> => {
  const r = (await call(ctx, 'records.patients.create', { mrn, familyName, givenName: 'Ann', birthDate: '1950-03-04', sex: 'female' })) as { ok: true; value: { id: number } };
  return r.value.id;
};
const refusals = (): unknown[] => {
  const log = openStore({ dataDir: fixture.dataDir() });
  const rows = log.db.prepare("SELECT operator_id AS operator, patient_id AS patient, reason, details FROM audit_log WHERE verb = 'leave-patient' AND outcome = 'failure' ORDER BY seq").all();
  log.close();
  return rows;
};

describe("an operator's unacknowledged immediate finding holds them on its patient in every session", () => {
  it('refuses another patient (selected or registered) in a second tab, allows the EKG\'s own patient, and audits the refusal', async () => {
    expect(await call(first, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    const a = await created(first, 'TAB-1', 'Okafor');
    const b = await created(first, 'TAB-2', 'Lind');
    expect(await call(first, 'records.patients.select', { patientId: a })).toMatchObject({ ok: true });
    const store = openStore({ dataDir: fixture.dataDir() });
    const ekg = new EkgReviewService(store).saveCapture({ id: 'mary', role: 'ma' }, { patientId: a, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv: Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5)) }], interpretation: immediate });
    store.close();

    // The same assistant in a second tab: signing in is allowed (a new session starts without a patient).
    expect(await call(second, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true, value: { patient: null } });
    const before = refusals().length;
    const refused = {
      ok: false,
      error: { code: 'ekg-immediate-unacknowledged', message: expect.stringMatching(new RegExp(`^Your EKG #${ekg.id} has an immediate finding that is not acknowledged, on another patient .*red banner.*Select that patient, open EKG #${ekg.id}`)) },
    };
    expect(await call(second, 'records.patients.select', { patientId: b })).toEqual(refused);
    expect(await call(second, 'records.patients.select', { mrn: 'TAB-2' })).toEqual(refused);
    // Registering a patient selects them next: refused too, and nothing is registered.
    expect(await call(second, 'records.patients.create', { mrn: 'TAB-3', familyName: 'Ng', givenName: 'Lu', birthDate: '1955-07-08', sex: 'female' })).toEqual(refused);
    expect(await call(second, 'records.patients.search', { query: 'TAB-3' })).toMatchObject({ ok: true, value: { patients: [] } });
    // Audited like every refusal to leave: under her, from no patient, to the patient asked for.
    expect(refusals().slice(before)).toEqual([
      { operator: 'mary', patient: null, reason: 'ekg-immediate-unacknowledged', details: JSON.stringify({ toPatientId: b }) },
      { operator: 'mary', patient: null, reason: 'ekg-immediate-unacknowledged', details: JSON.stringify({ toPatientId: b }) },
      { operator: 'mary', patient: null, reason: 'ekg-immediate-unacknowledged', details: JSON.stringify({ toPatientId: 'new' }) },
    ]);

    // The EKG's own patient may be chosen there, so the finding can be acknowledged from this tab.
    expect(await call(second, 'records.patients.select', { patientId: a })).toMatchObject({ ok: true, value: { patient: { mrn: 'TAB-1' } } });
    expect(await call(second, 'ekg.notifyProvider', { ekgId: ekg.id, whom: 'Dr Paula Provider', how: 'phone', atUtc: new Date().toISOString() })).toMatchObject({ ok: true });
    expect(await call(second, 'ekg.acknowledgeImmediate', { ekgId: ekg.id })).toMatchObject({ ok: true });
    // Acknowledged: both tabs may go to another patient.
    expect(await call(second, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(first, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
  }, 60_000);
});
