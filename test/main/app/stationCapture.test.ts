import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../main/app/station.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { openStore } from '../../../main/storage/store.ts';
import { addOperators, MA, PROVIDER } from '../../helpers/uiSession.ts';

// Whose EKG a capture is (docs/cart.md "Whose EKG it is"): a station with a SIMULATED cart over
// a real socket, driven through the same dispatch the hosts use, two or three windows at once.
const RECORD = join(import.meta.dirname, '../../../../shared/ecg/ludb-dev/1.hea');

type Result = { ok: true; value: any } | { ok: false; error: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads answers of many channels

let dataDir: string;
let station: Station;
let window = 0;
const newWindow = (): CallContext => ({ sessionId: `window-${++window}`, host: 'browser' });
const call = (ctx: CallContext, channel: string, payload: unknown) => dispatch(station.handlers as never, channel as never, payload, ctx) as Promise<Result>;
let mrn = 0;
const newPatient = async (ctx: CallContext, sex: 'female' | 'male', birthDate: string): Promise<number> => {
  const r = await call(ctx, 'records.patients.create', { mrn: `CAP-${++mrn}`, familyName: 'Example', givenName: sex === 'female' ? 'Ann' : 'Bob', birthDate, sex });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.id as number;
};
/** Resolves once the running capture has received samples: the capture is under way. */
const captureUnderWay = () =>
  new Promise<void>((resolve) => {
    const off = station.events.subscribe((name, payload) => {
      if (name === 'cart.captureProgress' && (payload as { received: number }).received > 0) {
        off();
        resolve();
      }
    });
  });
/** An assistant signed in in a new window, patients A (selected) and B created. */
async function assistantWithA(): Promise<{ w: CallContext; a: number; b: number }> {
  const w = newWindow();
  expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
  const a = await newPatient(w, 'female', '1950-01-01');
  const b = await newPatient(w, 'male', '2000-01-01');
  expect(await call(w, 'records.patients.select', { patientId: a })).toMatchObject({ ok: true });
  expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
  return { w, a, b };
}
/** The stored EKG row: whose patient, who captured it, how long. */
function stored(ekgId: number): { patientId: number | null; capturedBy: string; samples: number } {
  const store = openStore({ dataDir });
  try {
    return store.db.prepare('SELECT patient_id AS patientId, captured_by AS capturedBy, samples_per_lead AS samples FROM ekg_records WHERE id = ?').get(ekgId) as never;
  } finally {
    store.close();
  }
}
function auditVerbs(): string[] {
  const store = openStore({ dataDir });
  try {
    return store.db.prepare("SELECT verb FROM audit_log WHERE object_type = 'ekg' ORDER BY seq").pluck().all() as string[];
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-capture-'));
  addOperators(dataDir);
  station = await createStation({ host: 'browser', dataDir, mainsHz: 60, meter: null, cart: 'simulated', simulatedCartRecord: RECORD });
}, 60_000);
afterAll(async () => {
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an EKG is stored for the operator and patient of the moment Capture was pressed', () => {
  it('refuses another patient, no patient and sign-out in the capturing window until the capture has finished', async () => {
    const { w, a, b } = await assistantWithA();
    const under = captureUnderWay();
    const capture = call(w, 'cart.capture', { seconds: 2 });
    await under;
    const refused = { ok: false, error: { code: 'ekg-capture-in-progress', message: expect.stringMatching(/capture/) } };
    expect(await call(w, 'records.patients.select', { patientId: b })).toEqual(refused);
    expect(await call(w, 'records.patients.clear', {})).toEqual(refused);
    expect(await call(w, 'records.session.signOut', {})).toEqual(refused);
    // A badge on the open session would start a new one without the patient.
    expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toEqual(refused);
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true, ekgId: expect.any(Number) } });
    expect(stored(done.ok ? done.value.ekgId : -1)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 1000 });
    // Afterwards the patient may change again.
    expect(await call(w, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
  }, 60_000);

  it("another window's EKG screen neither takes over nor stops the capture, nor captures for its own patient", async () => {
    const { w, a, b } = await assistantWithA();
    // A provider in a second window, on patient B (signed in first: a PIN check takes a while).
    const w2 = newWindow();
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    const under = captureUnderWay();
    const capture = call(w, 'cart.capture', { seconds: 4 });
    await under;
    expect(await call(w2, 'cart.start', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'cart.capture', { seconds: 2 })).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress' } });
    expect(await call(w2, 'cart.autoCapture', { enabled: true })).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress' } });
    expect(await call(w2, 'cart.stop', {})).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress' } });
    // A socket nobody signed in on stops nothing.
    expect(await call(newWindow(), 'cart.stop', {})).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true, samples: 2000 } });
    expect(stored(done.ok ? done.value.ekgId : -1)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 2000 });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 60_000);

  it('a capture whose window locks and leaves the EKG screen is answered, kept complete and stored for its patient', async () => {
    const { w, a } = await assistantWithA();
    const under = captureUnderWay();
    const capture = call(w, 'cart.capture', { seconds: 2 });
    await under;
    expect(await call(w, 'records.session.lock', {})).toMatchObject({ ok: true });
    // The screen unmounts on lock and leaves the live view: a locked session stops nothing.
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: false, error: { code: 'session-locked' } });
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true } });
    expect(stored(done.ok ? done.value.ekgId : -1)).toMatchObject({ patientId: a, capturedBy: 'mary' });
    expect(await call(w, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w, 'ekg.list', {})).toMatchObject({ ok: true, value: { ekgs: [{ id: done.ok ? done.value.ekgId : -1 }] } });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
  }, 60_000);

  it('a capture whose window closes runs on, is stored for its capturer and patient, and says so in the audit log', async () => {
    const { w, a } = await assistantWithA();
    const under = captureUnderWay();
    const capture = call(w, 'cart.capture', { seconds: 2 });
    await under;
    station.onSessionEnd(w.sessionId);
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true } });
    const ekgId = done.ok ? (done.value.ekgId as number) : -1;
    expect(stored(ekgId)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 1000 });
    expect(auditVerbs().slice(-2)).toEqual(['ekg-capture', 'ekg-capture-after-session-end']);
  }, 60_000);
});
