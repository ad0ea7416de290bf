import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { AecgFormatError, decodeAecg, leadMv } from '../../../main/ekg/aecg/aecg.ts';
import { measurementsFromAecg } from '../../../main/ekg/aecg/export.ts';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB } from '../../../drivers/simulators/cart/signal.ts';
import { CaptureBuilder } from '../../../main/devices/cart/capture.ts';
import { captureToNewCapture } from '../../../main/devices/cart/storeCapture.ts';
import { readRecord } from '../../../main/io/wfdb.ts';
import { commentLimitProblem } from '../../../common/ekg/reviewWording.ts';
import { aecgRefusalText, EkgReviewService, type Actor } from '../../../main/services/ekgReview.ts';
import { LONGEST_NOTES, MOST_FLAGS } from '../../helpers/ekgReportCases.ts';
import { ekgHandlers } from '../../../main/services/ekgHandlers.ts';
import { ekgReportPdf } from '../../../main/services/ekgReportOf.ts';
import { Patients } from '../../../main/services/patients.ts';
import { migration as m0012 } from '../../../main/storage/migrations/0012_ekg_records.ts';
import { migrations } from '../../../main/storage/migrations/index.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

const interp = (immediate: boolean): EkgInterpretation => ({
  measurements: { heartRateBpm: 160, prMs: 150, qrsMs: 90, qtMs: 300, qtcMs: 490, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 490, fridericiaMs: 440 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 370, maxRrMs: 380 },
  flags: immediate ? [{ code: 'MARKED_TACHYCARDIA', text: 'Very fast heart rate (160 per minute): notify the provider now.', urgency: 'immediate', value: 160 }] : [],
});

const ma = { id: 'ma1', role: 'ma' as const };
const doc = { id: 'dr1', role: 'provider' as const };
let dir: string;
let store: Store;
let svc: EkgReviewService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ekg-review-'));
  store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
  expect(migrations).toContain(m0012);
  svc = new EkgReviewService(store);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(immediate: boolean, patientId: number | null = null) {
  const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
  return svc.saveCapture(ma, { patientId, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz, 60 Hz notch', leads: [{ name: 'I', mv }, { name: 'II', mv }], interpretation: interp(immediate) });
}

describe('EKG review workflow', () => {
  it('blocks leaving the screen until an immediate flag is acknowledged, after notifying the provider', () => {
    const e = capture(true);
    expect(e.review.status).toBe('unconfirmed');
    expect(e.review.canLeaveScreen).toBe(false);
    expect(() => svc.acknowledgeImmediate(e.id, ma)).toThrow(/notified/);
    svc.notifyProvider(e.id, ma, 'Dr Example', 'phone', new Date().toISOString());
    expect(svc.awaitingAcknowledgement(1, ma.id)).toEqual([]);
    const acked = svc.acknowledgeImmediate(e.id, ma);
    expect(acked.review.canLeaveScreen).toBe(true);
    expect(acked.review.events.map((x) => x.kind)).toEqual(['provider-notified', 'immediate-acknowledged']);
  });

  it("a provider's confirmation or over-read ends the capturer's immediate hold: a provider already knows", () => {
    const patients = new Patients(store);
    const p = patients.create({ mrn: 'M9', familyName: 'E', givenName: 'F', birthDate: '1950-01-01', sex: 'female' }, ma).id;
    const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
    const held = () => svc.saveCapture(ma, { patientId: p, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: interp(true) });
    const confirmed = held();
    const overRead = held();
    expect(svc.awaitingAcknowledgement(p, ma.id)).toEqual([confirmed.id, overRead.id]);
    expect(svc.review(confirmed.id, doc, 'confirmed', null).review).toMatchObject({ canLeaveScreen: true, leaveBlockedReason: null, immediateAcknowledged: false });
    expect(svc.review(overRead.id, doc, 'over-read', 'Sinus tachycardia, seen').review.canLeaveScreen).toBe(true);
    expect(svc.awaitingAcknowledgement(p, ma.id)).toEqual([]);
    expect(svc.awaitingAcknowledgementBy(ma.id)).toEqual([]);
  });

  it('lists the operator\'s EKGs of a patient whose immediate finding is not acknowledged yet', () => {
    const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
    const forPatient = (patientId: number, immediate: boolean, by: Actor = ma) =>
      svc.saveCapture(by, { patientId, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: interp(immediate) });
    const patients = new Patients(store);
    const p1 = patients.create({ mrn: 'M7', familyName: 'A', givenName: 'B', birthDate: '1950-01-01', sex: 'female' }, ma).id;
    const p2 = patients.create({ mrn: 'M8', familyName: 'C', givenName: 'D', birthDate: '1950-01-01', sex: 'male' }, ma).id;
    forPatient(p1, false);
    const pending = forPatient(p1, true);
    forPatient(p2, true);
    forPatient(p1, true, doc);
    expect(svc.awaitingAcknowledgement(p1, ma.id)).toEqual([pending.id]);
    svc.notifyProvider(pending.id, ma, 'Dr Example', 'in-person', new Date().toISOString());
    svc.acknowledgeImmediate(pending.id, ma);
    expect(svc.awaitingAcknowledgement(p1, ma.id)).toEqual([]);
  });

  it('review steps are a care role\'s, at a time that can be true', () => {
    const e = capture(true);
    const admin = { id: 'ad1', role: 'admin' as const };
    const now = Date.now();
    expect(() => svc.notifyProvider(e.id, admin, 'Dr Example', 'phone', new Date(now).toISOString())).toThrow(/medical assistant or a provider/);
    expect(() => svc.notifyProvider(e.id, ma, 'Dr Example', 'phone', '2099-01-01T00:00:00Z')).toThrow(/future/);
    expect(() => svc.notifyProvider(e.id, ma, 'Dr Example', 'phone', new Date(now - 3_600_000).toISOString())).toThrow(/before the EKG was captured/);
    svc.notifyProvider(e.id, ma, 'Dr Example', 'phone', new Date(now).toISOString());
    expect(() => svc.acknowledgeImmediate(e.id, admin)).toThrow(/medical assistant or a provider/);
    expect(svc.acknowledgeImmediate(e.id, doc).review.immediateAcknowledged).toBe(true);
    // The administrator's two refusals are audited as the steps they would have been; the invalid
    // times are not role refusals and change nothing.
    const failures = store.db.prepare("SELECT verb, operator_id AS who, reason, object_id AS ekg FROM audit_log WHERE outcome = 'failure' ORDER BY seq").all();
    expect(failures).toEqual([
      { verb: 'ekg-provider-notified', who: 'ad1', reason: 'forbidden', ekg: String(e.id) },
      { verb: 'ekg-immediate-acknowledged', who: 'ad1', reason: 'forbidden', ekg: String(e.id) },
    ]);
  });

  it('only a provider confirms; an over-read needs a comment; the analysis and samples never change', () => {
    const e = capture(false);
    expect(e.review.canLeaveScreen).toBe(true);
    expect(() => svc.review(e.id, ma, 'confirmed', null)).toThrow(/provider/);
    expect(() => svc.review(e.id, doc, 'over-read', '  ')).toThrow(/comment/);
    const r = svc.review(e.id, doc, 'over-read', 'Agree with rate; QT reviewed.');
    expect(r.review.status).toBe('over-read');
    expect(r.interpretation).toEqual(e.interpretation);
    expect(() => svc.review(e.id, doc, 'confirmed', null)).toThrow(/already/);
    expect(() => store.db.prepare('UPDATE ekg_records SET analysis_json = ? WHERE id = ?').run('{}', e.id)).toThrow(/never altered/);
    expect(() => store.db.prepare('DELETE FROM ekg_review_events').run()).toThrow(/append-only/);
    expect(svc.samples(e.id)[1]!.mv[7]).toBeCloseTo(Math.sin(7 / 5), 6);
    // The assistant's refused confirmation is audited as the step it would have been (reason forbidden).
    const entries = store.db.prepare("SELECT verb, operator_id AS who, outcome, reason, object_id AS ekg, patient_id AS patient FROM audit_log WHERE object_type = 'ekg' ORDER BY seq").all();
    expect(entries).toEqual([
      expect.objectContaining({ verb: 'ekg-capture', outcome: 'success' }),
      { verb: 'ekg-confirmed', who: ma.id, outcome: 'failure', reason: 'forbidden', ekg: String(e.id), patient: null },
      expect.objectContaining({ verb: 'ekg-over-read', who: doc.id, outcome: 'success' }),
      // The second review, refused because the first is final, is audited too.
      { verb: 'ekg-confirmed', who: doc.id, outcome: 'failure', reason: 'already-reviewed', ekg: String(e.id), patient: null },
    ]);
  });

  it('refuses a comment the report cannot print before storing it: the EKG stays unconfirmed and its report can still be made', async () => {
    const patients = new Patients(store);
    const patient = patients.create({ mrn: 'M9', familyName: 'Doe', givenName: 'Jane', birthDate: '1950-01-01', sex: 'female' }, ma);
    const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
    const e = svc.saveCapture(ma, { patientId: patient.id, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }, { name: 'II', mv }], interpretation: interp(false) });
    for (const [decision, comment] of [['over-read', 'Q waves 下壁 inferior'], ['confirmed', 'ok \u{1F44D}'], ['over-read', 'ST \u202Eelevation'], ['over-read', 'QT long \u05D0']] as const) {
      expect(() => svc.review(e.id, doc, decision, comment), comment).toThrow(expect.objectContaining({ code: 'comment-unprintable', message: expect.stringMatching(/cannot be printed on the EKG report.*still unconfirmed/) }));
    }
    expect(svc.get(e.id).review.status).toBe('unconfirmed');
    expect(store.db.prepare('SELECT count(*) FROM ekg_review_events').pluck().get()).toBe(0);
    // Over IPC the screen gets the code and the reason.
    const h = ekgHandlers({ review: svc, actorOf: () => doc, patientOf: () => patient.id, patientById: () => undefined, reportPdf: async () => new Uint8Array() });
    expect(await dispatch(h as never, 'ekg.review', { ekgId: e.id, decision: 'over-read', comment: 'Q waves 下壁' }, { sessionId: 's1', host: 'browser' })).toMatchObject({ ok: false, error: { code: 'comment-unprintable' } });
    // What the report prints as given (tabs and line ends are laid out, Latin letters are in its font) is accepted, and the report is made.
    const r = svc.review(e.id, doc, 'over-read', 'ST elevation\tV2-V3,\r\ncall cardiology. Łukasz: QTc ≥ 500 ms');
    expect(r.review.status).toBe('over-read');
    const pdf = await ekgReportPdf(svc.get(e.id), svc, patients);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
  });

  it('refuses, in plain words and before storing, a comment over its limits or one this EKG\'s report cannot print in full (comment-too-long)', async () => {
    const patients = new Patients(store);
    const patient = patients.create({ mrn: 'M9', familyName: 'Doe', givenName: 'Jane', birthDate: '1950-01-01', sex: 'female' }, ma);
    const mv = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 5));
    const save = (flags: EkgInterpretation['flags'], notes: string[]) =>
      svc.saveCapture(ma, { patientId: patient.id, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }, { name: 'II', mv }], interpretation: { ...interp(false), flags, notes } });
    const h = ekgHandlers({ review: svc, actorOf: () => doc, patientOf: () => patient.id, patientById: () => undefined, reportPdf: async () => new Uint8Array() });
    const call = (p: unknown) => dispatch(h as never, 'ekg.review', p, { sessionId: 's1', host: 'browser' });
    const e = save([], []);
    // A pasted 2,800-character over-read: said how long it is and by how much to shorten it, not cut.
    const pasted = `${'Repeat the EKG after re-placing V1-V3, then call me. '.repeat(60).slice(0, 2799)}.`;
    expect(await call({ ekgId: e.id, decision: 'over-read', comment: pasted })).toEqual({
      ok: false,
      error: { code: 'comment-too-long', message: 'The comment is 2800 characters; the report prints at most 600: shorten it by 2200. Nothing was saved and the EKG is still unconfirmed.' },
    });
    expect(await call({ ekgId: e.id, decision: 'over-read', comment: 'line\n'.repeat(7) + 'end' })).toMatchObject({ ok: false, error: { code: 'comment-too-long', message: expect.stringMatching(/^The comment has 7 line breaks; the report prints at most 6/) } });
    // Within the limits, but wide letters in short lines beside the most flags and two notes: the
    // EKG's own report cannot fit it, so it is refused rather than stored for a report never made.
    const crowded = save([...MOST_FLAGS], [...LONGEST_NOTES]);
    const wide = `${'Ш'.repeat(85)}\n`.repeat(7).slice(0, 600).trim();
    expect(commentLimitProblem(wide)).toBeNull();
    expect(() => svc.review(crowded.id, doc, 'over-read', wide)).toThrow(expect.objectContaining({ code: 'comment-too-long', message: expect.stringMatching(/does not fit on the EKG report.*still unconfirmed/) }));
    for (const x of [e, crowded]) expect(svc.get(x.id).review.status).toBe('unconfirmed');
    expect(store.db.prepare('SELECT count(*) FROM ekg_review_events').pluck().get()).toBe(0);
    // The same wide comment beside one flag fits: stored whole, and its report is made.
    const r = svc.review(e.id, doc, 'over-read', wide);
    expect(r.review.events.at(-1)?.comment).toBe(wide);
    expect(new TextDecoder().decode((await ekgReportPdf(svc.get(e.id), svc, patients)).subarray(0, 5))).toBe('%PDF-');
  });

  it('refuses a notified name with hidden control or text-direction characters, or too long to read, in plain words (notified-whom-invalid)', async () => {
    const patient = new Patients(store).create({ mrn: 'M9', familyName: 'A', givenName: 'B', birthDate: '1950-01-01', sex: 'female' }, ma).id;
    const e = capture(true, patient);
    const h = ekgHandlers({ review: svc, actorOf: () => ma, patientOf: () => patient, patientById: () => undefined, reportPdf: async () => new Uint8Array() });
    const call = (whom: string) => dispatch(h as never, 'ekg.notifyProvider', { ekgId: e.id, whom, how: 'phone', atUtc: new Date().toISOString() }, { sessionId: 's1', host: 'browser' });
    for (const whom of ['Dr \u202EreelS', 'Dr\u0000Lee', 'Dr \u2067Lee\u2069']) {
      expect(await call(whom), JSON.stringify(whom)).toMatchObject({ ok: false, error: { code: 'notified-whom-invalid', message: expect.stringMatching(/hidden control or text-direction character/) } });
    }
    expect(await call('D'.repeat(600))).toMatchObject({ ok: false, error: { code: 'notified-whom-invalid', message: 'The name is 600 characters; at most 120 are kept: shorten it (a name and role are enough).' } });
    expect(store.db.prepare('SELECT count(*) FROM ekg_review_events').pluck().get()).toBe(0);
    expect(await call('  Dr Łukasz Nguyễn, cardiology on call ')).toMatchObject({ ok: true, value: { review: { providerNotified: true, events: [{ notifiedWhom: 'Dr Łukasz Nguyễn, cardiology on call' }] } } });
  });

  it('names each step of the trail by its operator\'s display name (the login when the account is gone)', () => {
    store.db
      .prepare("INSERT INTO operators (login, display_name, role, badge_hash, pin_hash, simulated, created_at_utc) VALUES ('dr1', 'Dr Paula Okafor', 'provider', 'b', 'p', 0, '2026-01-01T00:00:00Z')")
      .run();
    const e = capture(true);
    svc.notifyProvider(e.id, ma, 'Dr Paula Okafor', 'pager', new Date().toISOString());
    const r = svc.review(e.id, doc, 'over-read', 'Repeat the EKG with the electrodes re-placed.');
    expect(r.review.events.map((x) => [x.kind, x.actorId, x.actorName, x.actorRole])).toEqual([
      ['provider-notified', 'ma1', 'ma1', 'ma'],
      ['over-read', 'dr1', 'Dr Paula Okafor', 'provider'],
    ]);
  });

  it('answers over the IPC dispatch with typed errors and the can-leave state', async () => {
    const patient = new Patients(store).create({ mrn: 'M9', familyName: 'A', givenName: 'B', birthDate: '1950-01-01', sex: 'female' }, ma).id;
    const e = capture(true, patient);
    const h = ekgHandlers({ review: svc, actorOf: () => ma, patientOf: () => patient, patientById: () => undefined, reportPdf: async () => new Uint8Array([37, 80, 68, 70]) });
    const ctx: CallContext = { sessionId: 's1', host: 'browser' };
    const call = (c: keyof typeof h, p: unknown) => dispatch(h as never, c, p, ctx);
    expect(await call('ekg.canLeave', { ekgId: e.id })).toEqual({ ok: true, value: { canLeave: false, reason: expect.any(String) } });
    expect(await call('ekg.get', { ekgId: e.id })).toMatchObject({ ok: true, value: { id: e.id, capturedBy: 'ma1', notes: [], review: { status: 'unconfirmed', canLeaveScreen: false } } });
    // What the analysis could not read reaches the screen with the tracing.
    const note = 'The limb leads disagree with each other on clean beats: the axes and low voltage are not read.';
    const noted = svc.saveCapture(ma, { patientId: patient, deviceId: 'SIM-CART-1', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv: Float32Array.of(0, 1) }], interpretation: { ...interp(false), notes: [note] } });
    expect(await call('ekg.get', { ekgId: noted.id })).toMatchObject({ ok: true, value: { notes: [note] } });
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE verb = 'view' AND object_type = 'ekg'").pluck().get()).toBe(2);
    const bad = await call('ekg.acknowledgeImmediate', { ekgId: e.id });
    expect(bad).toMatchObject({ ok: false, error: { code: 'notify-first' } });
    const xml = await call('ekg.exportAecg', { ekgId: e.id });
    expect(xml).toMatchObject({ ok: true, value: { fileName: `ekg-${e.id}-SIMULATED.xml` } });
    // The leads as stored (I and II here): a reader derives III, aVR, aVL, aVF as the station does.
    const back = decodeAecg((xml as { value: { xml: string } }).value.xml);
    expect(back.leads.map((l) => l.name)).toEqual(['I', 'II']);
    expect(back.simulated).toBe(true);
    expect(back.subject).not.toBeNull();
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE verb = 'export' AND object_type = 'ekg'").pluck().get()).toBe(1);
    expect(await call('ekg.notifyProvider', { ekgId: e.id, whom: 'Dr Example', how: 'phone', atUtc: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses an EKG of a patient other than the one selected in the caller\'s session, and any EKG with none selected', async () => {
    const patients = new Patients(store);
    const a = patients.create({ mrn: 'SEL-A', familyName: 'A', givenName: 'B', birthDate: '1950-01-01', sex: 'female' }, ma).id;
    const b = patients.create({ mrn: 'SEL-B', familyName: 'C', givenName: 'D', birthDate: '2000-01-01', sex: 'male' }, ma).id;
    const ekgOfA = capture(false, a);
    let selected: number | null = b;
    let pdfs = 0;
    const h = ekgHandlers({ review: svc, actorOf: () => doc, patientOf: () => selected, patientById: () => undefined, reportPdf: async () => (pdfs++, new Uint8Array([37, 80, 68, 70])) });
    const ctx: CallContext = { sessionId: 's1', host: 'browser' };
    const call = (c: keyof typeof h, p: unknown) => dispatch(h as never, c, p, ctx);
    const requests = {
      'ekg.get': { ekgId: ekgOfA.id },
      'ekg.notifyProvider': { ekgId: ekgOfA.id, whom: 'Dr Example', how: 'phone', atUtc: new Date().toISOString() },
      'ekg.acknowledgeImmediate': { ekgId: ekgOfA.id },
      'ekg.review': { ekgId: ekgOfA.id, decision: 'confirmed', comment: null },
      'ekg.canLeave': { ekgId: ekgOfA.id },
      'ekg.exportAecg': { ekgId: ekgOfA.id },
      'ekg.reportPdf': { ekgId: ekgOfA.id },
    } as const;
    const auditedBefore = store.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    for (const [channel, request] of Object.entries(requests)) {
      selected = b;
      expect(await call(channel as keyof typeof h, request), channel).toMatchObject({ ok: false, error: { code: 'ekg-patient-not-selected' } });
      selected = null;
      expect(await call(channel as keyof typeof h, request), channel).toMatchObject({ ok: false, error: { code: 'ekg-no-patient' } });
    }
    // Nothing was shown, written or exported: no audit entry, no report, the EKG still unconfirmed.
    expect(store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditedBefore);
    expect(pdfs).toBe(0);
    expect(svc.get(ekgOfA.id).review.status).toBe('unconfirmed');
    // With A selected, the same calls work.
    selected = a;
    expect(await call('ekg.get', { ekgId: ekgOfA.id })).toMatchObject({ ok: true, value: { id: ekgOfA.id, patientId: a } });
    expect(await call('ekg.review', { ekgId: ekgOfA.id, decision: 'confirmed', comment: null })).toMatchObject({ ok: true, value: { review: { status: 'confirmed' } } });
  });

  it('exports a stored cart capture that reads back bit for bit, names the patient by MRN and carries both QTc', async () => {
    const patient = new Patients(store).create({ mrn: 'SIM-000123', familyName: 'Example', givenName: 'Ann', birthDate: '1958-02-14', sex: 'female' }, ma, { simulated: true });
    const signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
    const meta = { trigger: 'manual' as const, startedAtUtc: '2026-11-22T09:15:00.000Z', simulated: true, fsHz: 500, resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, filterSettings: { highPassHz: 0.05 as const, mainsHz: 60 as const, lowPassHz: 150 as const } };
    const b = new CaptureBuilder(0, signal.samples, { ...meta, device: { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, address: 'serial:/dev/x' } });
    for (let i = 0; i < signal.samples; i++) b.put(i, signal.counts.subarray(i * 8, i * 8 + 8), 0);
    const e = svc.saveCapture(ma, captureToNewCapture(b.seal(true), { patientId: patient.id, interpretation: interp(false) }));
    const back = decodeAecg(svc.exportAecg(e.id, ma).xml);
    const stored = svc.samples(e.id);
    expect(back.leads.map((l) => l.name)).toEqual(['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    back.leads.forEach((l, k) => expect(new Uint32Array(leadMv(l).buffer)).toEqual(new Uint32Array(stored[k]!.mv.buffer)));
    // Two identifiers: the MRN (not the database row id) and name, sex and birth date.
    expect(back.subject).toEqual({ mrn: 'SIM-000123', familyName: 'Example', givenName: 'Ann', birthDate: '1958-02-14', sex: 'female' });
    expect(measurementsFromAecg(back.measurements)).toEqual({ measurements: e.interpretation.measurements, qtc: e.interpretation.qtc });
  });
  it('the aECG says where the review stands, what was flagged, and which cart and operator recorded it', () => {
    const e = capture(true);
    const before = decodeAecg(svc.exportAecg(e.id, ma).xml);
    expect(before.review).toEqual({ status: 'unconfirmed' });
    expect(before.flags).toEqual(e.interpretation.flags);
    expect(before.device).toEqual({ model: 'SIM-CART-1', serial: null });
    expect(before.operator).toEqual({ id: 'ma1', name: 'ma1' });
    svc.notifyProvider(e.id, ma, 'Dr Example', 'phone', new Date().toISOString());
    svc.review(e.id, doc, 'over-read', 'Sinus tachycardia, seen');
    const after = decodeAecg(svc.exportAecg(e.id, ma).xml);
    expect(after.review).toMatchObject({ status: 'over-read', reviewerName: 'dr1', reviewerRole: 'provider', comment: 'Sinus tachycardia, seen' });
    expect(after.simulated).toBe(true);
  });
  it('refuses the aECG of a capture with frames lost on the link in plain words, audits the refusal and exports nothing', async () => {
    const patient = new Patients(store).create({ mrn: 'SIM-000126', familyName: 'Gap', givenName: 'Link', birthDate: '1958-02-14', sex: 'female' }, ma, { simulated: true });
    const signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
    const meta = { trigger: 'manual' as const, startedAtUtc: '2026-11-22T09:15:00.000Z', simulated: true, fsHz: 500, resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, filterSettings: { highPassHz: 0.05 as const, mainsHz: 60 as const, lowPassHz: 150 as const } };
    const b = new CaptureBuilder(0, signal.samples, { ...meta, device: { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, address: 'serial:/dev/x' } });
    // 120 frames (0.24 s) never arrive: every lead has the gap; the first lead exported names it.
    for (let i = 0; i < signal.samples; i++) if (i < 2000 || i >= 2120) b.put(i, signal.counts.subarray(i * 8, i * 8 + 8), 0);
    const e = svc.saveCapture(ma, captureToNewCapture(b.seal(true), { patientId: patient.id, interpretation: interp(false) }));
    const before = store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    expect(() => svc.exportAecg(e.id, ma)).toThrow(
      expect.objectContaining({
        code: 'aecg-not-exportable',
        message:
          'This EKG cannot be saved as an aECG file: 0.2 s of lead I never arrived from the cart, and an aECG file has no way to mark missing signal (the station never fills it in). The PDF report shows the tracing. Nothing was exported.',
      }),
    );
    const entries = store.db.prepare('SELECT verb, outcome, reason, object_id AS ekg, patient_id AS patient, details FROM audit_log WHERE seq > ? ORDER BY seq').all(before);
    expect(entries).toEqual([
      { verb: 'export', outcome: 'failure', reason: 'aecg-samples-missing', ekg: String(e.id), patient: String(patient.id), details: JSON.stringify({ format: 'hl7-aecg', lead: 'I', missingSamples: 120 }) },
    ]);
  });
  it('audits an aECG export that fails for any other reason too, then says why', () => {
    const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
    // A device name XML cannot carry (a control character; stored before such names were checked).
    const e = svc.saveCapture(ma, { patientId: null, deviceId: 'CART\u0001', simulated: true, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: interp(false) });
    expect(() => svc.exportAecg(e.id, ma)).toThrow(AecgFormatError);
    const last = store.db.prepare("SELECT verb, outcome, reason, details FROM audit_log WHERE object_type = 'ekg' ORDER BY seq DESC LIMIT 1").get();
    expect(last).toEqual({ verb: 'export', outcome: 'failure', reason: 'format', details: JSON.stringify({ format: 'hl7-aecg' }) });
  });
  it('says in plain words when no whole-number scale carries a lead exactly', () => {
    expect(aecgRefusalText({ lead: 'V2', missingSamples: null }, 500)).toBe(
      'This EKG cannot be saved as an aECG file: the file stores whole numbers, and lead V2 cannot be written that way without changing its signal (the station never changes a sample). The PDF report shows the tracing. Nothing was exported.',
    );
    expect(aecgRefusalText({ lead: 'II', missingSamples: 3 }, 500)).toMatch(/^This EKG cannot be saved as an aECG file: under 0.1 s of lead II never arrived/);
  });
  it('a capture cut short says so to every reader (how many seconds, why, in plain words); a complete one and a file say nothing', async () => {
    const patient = new Patients(store).create({ mrn: 'SIM-000125', familyName: 'Short', givenName: 'Cut', birthDate: '1958-02-14', sex: 'female' }, ma, { simulated: true });
    const signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
    const meta = { trigger: 'manual' as const, startedAtUtc: '2026-11-22T09:15:00.000Z', simulated: true, fsHz: 500, resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, filterSettings: { highPassHz: 0.05 as const, mainsHz: 60 as const, lowPassHz: 150 as const } };
    const device = { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, address: 'serial:/dev/x' };
    const stored = (recorded: number, seal: (b: CaptureBuilder) => ReturnType<CaptureBuilder['seal']>) => {
      const b = new CaptureBuilder(0, signal.samples, { ...meta, device });
      for (let i = 0; i < recorded; i++) b.put(i, signal.counts.subarray(i * 8, i * 8 + 8), 0);
      return svc.get(svc.saveCapture(ma, captureToNewCapture(seal(b), { patientId: patient.id, interpretation: interp(false) })).id);
    };
    expect(stored(2100, (b) => b.seal(false, 'cart stream: tcp:127.0.0.1:40929: peer closed the connection')).captureNote).toBe(
      'Incomplete capture: only 4.2 s recorded (the cart disconnected during the capture). Measurements and flags are from that part only: capture again for a full tracing.',
    );
    expect(stored(3000, (b) => b.seal(false, 'acquisition stopped')).captureNote).toMatch(/^Incomplete capture: only 6 s recorded \(the capture was stopped before it had finished\)/);
    expect(stored(signal.samples, (b) => b.seal(true)).captureNote).toBeNull();
    expect(svc.get(capture(false, patient.id).id).captureNote).toBeNull();
  });

  it('an EKG of a demo (simulated) patient is SIMULATED on screen and in the aECG even when a real cart recorded it', () => {
    const patients = new Patients(store);
    const demo = patients.create({ mrn: 'SIM-000124', familyName: 'Demo', givenName: 'Dee', birthDate: '1960-03-04', sex: 'male' }, ma, { simulated: true });
    const real = patients.create({ mrn: 'M-124', familyName: 'Real', givenName: 'Ray', birthDate: '1960-03-04', sex: 'male' }, ma);
    const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
    const fromRealCart = (patientId: number) =>
      svc.saveCapture(ma, { patientId, deviceId: 'CART-0042', simulated: false, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: interp(false) });
    const onDemo = fromRealCart(demo.id);
    expect(svc.get(onDemo.id).simulated).toBe(true);
    const aecg = svc.exportAecg(onDemo.id, ma);
    expect(aecg.fileName).toBe(`ekg-${onDemo.id}-SIMULATED.xml`);
    expect(decodeAecg(aecg.xml).simulated).toBe(true);
    const onReal = fromRealCart(real.id);
    expect(svc.get(onReal.id).simulated).toBe(false);
    expect(decodeAecg(svc.exportAecg(onReal.id, ma).xml).simulated).toBe(false);
  });
});
