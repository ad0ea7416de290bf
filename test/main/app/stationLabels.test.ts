import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../main/app/station.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { addOperators, MA, PROVIDER } from '../../helpers/uiSession.ts';

// A real station (SQLite file, the printer simulator on a real TCP socket), driven through the
// same dispatch as the hosts. The simulated printer takes its state from a control file.
let dataDir: string;
let station: Station;
const w1: CallContext = { sessionId: 'window-1', host: 'browser' };
const w2: CallContext = { sessionId: 'window-2', host: 'browser' };
const call = (ctx: CallContext, channel: string, payload: unknown) => dispatch(station.handlers as never, channel as never, payload, ctx) as Promise<{ ok: boolean; value?: never; error?: { code: string; message: string } }>;
const printerState = (word: string) => writeFileSync(join(dataDir, 'simulated-printer', 'control'), `${word}\n`);
/** Refusals to leave a patient in the audit log: (patient left, reason) in order. */
const leaveRefusals = () => {
  const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT patient_id AS patientId, reason FROM audit_log WHERE verb = 'leave-patient' AND outcome = 'failure' ORDER BY seq").all() as { patientId: string; reason: string }[];
  } finally {
    db.close();
  }
};
const printedLabels = () => readdirSync(join(dataDir, 'simulated-printer')).filter((f) => f.endsWith('.zpl')).length;
const specimen = { type: 'blood-venous', container: 'sst-gold', tests: ['CBC'], collectedAt: new Date(Date.now() - 60_000).toISOString(), collector: 'mary' };
let patientA: number;
let patientB: number;

async function jobState(ctx: CallContext, jobId: string, want: (j: { state: string; lastFault: string | null }) => boolean): Promise<{ state: string; lastFault: string | null }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await call(ctx, 'labels.job', { jobId });
    const job = (r.value as unknown as { job: { state: string; lastFault: string | null } } | undefined)?.job;
    if (job && want(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId}: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
/** Prints a label for the caller's patient while the printer is out of paper: it waits, queued. */
async function waitingLabel(ctx: CallContext, jobId: string, tests: string[]): Promise<void> {
  expect(await call(ctx, 'labels.print', { jobId, specimen: { ...specimen, tests } })).toMatchObject({ ok: true, value: { job: { state: 'queued' } } });
  await jobState(ctx, jobId, (j) => j.lastFault?.includes('paper-out') === true);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-labels-'));
  addOperators(dataDir);
  mkdirSync(join(dataDir, 'simulated-printer'), { recursive: true });
  writeFileSync(join(dataDir, 'simulated-printer', 'control'), 'paper-out\n');
  station = await createStation({ host: 'browser', dataDir, mainsHz: 60, cart: null, meter: null });
  // The simulator reads its control file every 200 ms.
  await new Promise((r) => setTimeout(r, 600));
  expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
  patientA = ((await call(w1, 'records.patients.create', { mrn: 'LBL-1', familyName: 'Okafor', givenName: 'Ada', birthDate: '1950-03-04', sex: 'female' })).value as unknown as { id: number }).id;
  patientB = ((await call(w1, 'records.patients.create', { mrn: 'LBL-2', familyName: 'Lind', givenName: 'Bo', birthDate: '1960-05-06', sex: 'male' })).value as unknown as { id: number }).id;
}, 60_000);
afterAll(async () => {
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('leaving a patient while their specimen label waits for the printer (enforced in main)', () => {
  it('refuses another patient, no patient, sign-out and a badge-in until the label is cancelled or has printed', async () => {
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-leave-1', ['CBC']);

    const refused = { ok: false, error: { code: 'labels-waiting', message: expect.stringMatching(/^A label for this patient is still waiting for the printer \(out of labels: load a new roll.*\)\. Let it print, or cancel it on the Labels screen, before leaving the patient\.$/) } };
    expect(await call(w1, 'records.patients.select', { patientId: patientB })).toEqual(refused);
    expect(await call(w1, 'records.patients.select', { mrn: 'LBL-2' })).toEqual(refused);
    expect(await call(w1, 'records.patients.clear', {})).toEqual(refused);
    expect(await call(w1, 'records.session.signOut', {})).toEqual(refused);
    expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toEqual(refused);
    // Locking hides the screen but opens no way out.
    expect(await call(w1, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w1, 'records.session.signOut', {})).toEqual(refused);
    expect(await call(w1, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    // Staying with the patient is not leaving.
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    // Each refusal the operator asked for is in the audit log, as every refused action is (a UI
    // tester found none): the two selects, the clear and the sign-out. Not the badge scanned on the
    // open session nor the sign-out on the locked one: whoever asked is not known there, and a
    // review found another badge with a wrong PIN logged as this MA leaving her patient.
    expect(await call(w1, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: '0000' })).toEqual(refused);
    expect(leaveRefusals()).toEqual(Array.from({ length: 4 }, () => ({ patientId: String(patientA), reason: 'labels-waiting' })));

    expect(await call(w1, 'labels.waiting', {})).toMatchObject({ ok: true, value: { jobs: [{ jobId: 'click-leave-1', state: 'queued' }] } });
    expect(await call(w1, 'labels.cancel', { jobId: 'click-leave-1' })).toMatchObject({ ok: true, value: { job: { state: 'cancelled' } } });
    expect(await call(w1, 'records.patients.select', { patientId: patientB })).toMatchObject({ ok: true });

    // B's label waits; B's label cannot be cancelled from A, and it holds the MA on B until it prints.
    await waitingLabel(w1, 'click-leave-2', ['BMP']);
    expect(await call(w1, 'records.session.signOut', {})).toEqual(refused);
    printerState('ready');
    await jobState(w1, 'click-leave-2', (j) => j.state === 'printed');
    expect(await call(w1, 'labels.cancel', { jobId: 'click-leave-2' })).toMatchObject({ ok: false, error: { code: 'labels-not-waiting' } });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    expect(await call(w1, 'labels.cancel', { jobId: 'click-leave-2' })).toMatchObject({ ok: false, error: { code: 'labels-patient-not-selected' } });
    expect(await call(w1, 'records.session.signOut', {})).toMatchObject({ ok: true, value: { operator: null } });
    expect(printedLabels()).toBe(1);
    printerState('paper-out');
    await new Promise((r) => setTimeout(r, 600));
  }, 60_000);

  it('withdraws the waiting labels of a session that ends without signing out: the window closes, or another operator takes over the locked station', async () => {
    const printedBefore = printedLabels();
    expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    // Window 2 goes away while its label waits.
    expect(await call(w2, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w2, 'click-gone-1', ['TSH']);
    station.onSessionEnd(w2.sessionId);
    expect(await jobState(w1, 'click-gone-1', () => true)).toMatchObject({ state: 'cancelled', lastFault: 'cancelled:session-ended' });

    // Window 1 locks with a waiting label; the provider badges in on the locked station.
    expect(await call(w1, 'records.patients.select', { patientId: patientB })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-gone-2', ['PT']);
    expect(await call(w1, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w1, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await jobState(w1, 'click-gone-2', () => true)).toMatchObject({ state: 'cancelled', lastFault: 'cancelled:session-ended' });

    // Neither prints when the paper is back.
    printerState('ready');
    await new Promise((r) => setTimeout(r, 1500));
    expect(printedLabels()).toBe(printedBefore);
    printerState('paper-out');
    await new Promise((r) => setTimeout(r, 600));
  }, 60_000);

  it("the same MA's label waiting in one window keeps her other window from starting on another patient", async () => {
    for (const w of [w1, w2]) expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-two-windows', ['INR']);
    expect(await call(w1, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: patientB })).toEqual({
      ok: false,
      error: { code: 'labels-waiting', message: expect.stringMatching(/^A label you asked for in another window, for another patient, is still waiting for the printer \(out of labels/) },
    });
    // The label's own patient is not another patient; this window holds no label, so it may sign out.
    expect(await call(w2, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signOut', {})).toMatchObject({ ok: true });
    expect(await call(w1, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'labels.cancel', { jobId: 'click-two-windows' })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: patientB })).toMatchObject({ ok: true });
  }, 60_000);

  it('on the locked station: the count of waiting labels is answered (no patient data), another operator takes over, and the MA is told of the withdrawn label when she selects the patient again', async () => {
    expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-take-1', ['CRP']);
    expect(await call(w1, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w1, 'labels.sessionWaiting', {})).toEqual({ ok: true, value: { waiting: 1 } });
    expect(await call(w1, 'labels.waiting', {})).toMatchObject({ ok: false });
    expect(await call(w1, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'labels.sessionWaiting', {})).toEqual({ ok: true, value: { waiting: 0 } });
    expect(await call(w1, 'records.session.signOut', {})).toMatchObject({ ok: true });
    expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    // Newest first; with the label of the window closed earlier; not those she cancelled herself.
    const r = (await call(w1, 'labels.waiting', {})) as unknown as { ok: true; value: { jobs: unknown[]; withdrawn: Array<{ jobId: string; lastFault: string }> } };
    expect(r.value.jobs).toEqual([]);
    expect(r.value.withdrawn.map((j) => [j.jobId, j.lastFault])).toEqual([
      ['click-take-1', 'cancelled:session-ended'],
      ['click-gone-1', 'cancelled:session-ended'],
    ]);
    // Patient B's list has only B's.
    expect(await call(w1, 'records.patients.select', { patientId: patientB })).toMatchObject({ ok: true });
    expect(await call(w1, 'labels.waiting', {})).toMatchObject({ ok: true, value: { withdrawn: [{ jobId: 'click-gone-2' }] } });
  }, 60_000);

  it("is not sent while its operator's session is locked (another operator's label prints past it), and prints once she unlocks", async () => {
    const printedBefore = printedLabels();
    expect(await call(w1, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-locked-1', ['ESR']);
    expect(await call(w1, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: patientB })).toMatchObject({ ok: true });
    await waitingLabel(w2, 'click-locked-2', ['LIPID']);

    printerState('ready');
    await jobState(w2, 'click-locked-2', (j) => j.state === 'printed');
    // The worker retries every second: three rounds later the MA's label is still waiting, unsent.
    await new Promise((r) => setTimeout(r, 3000));
    expect(printedLabels()).toBe(printedBefore + 1);
    expect(await call(w1, 'labels.sessionWaiting', {})).toEqual({ ok: true, value: { waiting: 1 } });

    expect(await call(w1, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    await jobState(w1, 'click-locked-1', (j) => j.state === 'printed');
    expect(printedLabels()).toBe(printedBefore + 2);
    for (const w of [w1, w2]) expect(await call(w, 'records.session.signOut', {})).toMatchObject({ ok: true });
    printerState('paper-out');
    await new Promise((r) => setTimeout(r, 600));
  }, 60_000);

  it('registers no new patient while the label waits (the form selects the patient it registers): nothing half-happens, and the audit says so', async () => {
    const auditSince = (seq: number) => {
      const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT verb, object_type AS objectType, patient_id AS patientId, outcome, reason, details FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as Array<Record<string, string | null>>;
      } finally {
        db.close();
      }
    };
    const headSeq = () => {
      const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    const smith = { mrn: 'LB-2', familyName: 'Smith', givenName: 'Anna', birthDate: '1980-01-02', sex: 'female' };
    const registered = (mrn: string) => {
      const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM patients WHERE mrn = ?').pluck().get(mrn) as number;
      } finally {
        db.close();
      }
    };
    for (const w of [w1, w2]) expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w1, 'records.patients.select', { patientId: patientA })).toMatchObject({ ok: true });
    await waitingLabel(w1, 'click-new-patient', ['HBA1C']);
    const before = headSeq();

    expect(await call(w1, 'records.patients.create', smith)).toEqual({
      ok: false,
      error: { code: 'labels-waiting', message: expect.stringMatching(/^A label for this patient is still waiting for the printer \(out of labels.*before leaving the patient\.$/) },
    });
    // Her other window may not start on a new patient either: the label would print among that patient's tubes.
    expect(await call(w2, 'records.patients.create', smith)).toMatchObject({ ok: false, error: { code: 'labels-waiting', message: expect.stringMatching(/^A label you asked for in another window/) } });
    expect(registered('LB-2')).toBe(0);
    expect(await call(w1, 'records.session.state', {})).toMatchObject({ ok: true, value: { patient: { id: patientA } } });
    // Each refusal is the one entry of a refused leave (no `create` success, no patient created), to a new patient.
    const refusal = { verb: 'leave-patient', objectType: 'patient', outcome: 'failure', reason: 'labels-waiting', details: JSON.stringify({ toPatientId: 'new' }) };
    expect(auditSince(before)).toEqual([
      { ...refusal, patientId: String(patientA) },
      { ...refusal, patientId: null },
    ]);

    // Once the label has printed, the same form saves the patient, and selecting them goes through.
    printerState('ready');
    await jobState(w1, 'click-new-patient', (j) => j.state === 'printed');
    const created = (await call(w1, 'records.patients.create', smith)) as unknown as { ok: boolean; value: { id: number } };
    expect(created).toMatchObject({ ok: true, value: { mrn: 'LB-2' } });
    expect(await call(w1, 'records.patients.select', { patientId: created.value.id })).toMatchObject({ ok: true, value: { patient: { mrn: 'LB-2' } } });
    for (const w of [w1, w2]) expect(await call(w, 'records.session.signOut', {})).toMatchObject({ ok: true });
    printerState('paper-out');
    await new Promise((r) => setTimeout(r, 600));
  }, 60_000);
});
