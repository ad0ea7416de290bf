import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFIED_AT_LEEWAY_MS, notifiedAtProblem } from '../../../common/ekg/reviewWording.ts';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { decodeAecg } from '../../../main/ekg/aecg/aecg.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { ekgHandlers } from '../../../main/services/ekgHandlers.ts';
import { EkgReviewService, type Actor } from '../../../main/services/ekgReview.ts';
import { Patients } from '../../../main/services/patients.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

/*
 * Review steps as a UI tester met them: two providers' windows reviewing the same EKG (the second
 * review must be refused, typed, saying whose came first); the time the assistant says the provider
 * was told (the operator's statement, checked by one rule); the aECG export offered on the panel.
 */

const interp: EkgInterpretation = {
  measurements: { heartRateBpm: 70, prMs: 150, qrsMs: 90, qtMs: 380, qtcMs: 410, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 410, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 850, maxRrMs: 870 },
  flags: [{ code: 'BRADYCARDIA', text: 'for provider review', urgency: 'routine', value: null }],
};

const ma: Actor = { id: 'ma1', role: 'ma' };
const drA: Actor = { id: 'dr-a', role: 'provider' };
const drB: Actor = { id: 'dr-b', role: 'provider' };

let dir: string;
let store: Store;
let svc: EkgReviewService;
let nowMs: number;
let caller: Actor;
let patient: number;
let changed: number[];
let call: (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

const I = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ekg-steps-'));
  nowMs = Date.parse('2026-11-23T10:15:40.000Z');
  store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0, clockMs: () => nowMs });
  svc = new EkgReviewService(store);
  patient = new Patients(store).create({ mrn: 'ST-1', familyName: 'Alvarez', givenName: 'Ana', birthDate: '1950-03-04', sex: 'female' }, ma).id;
  caller = ma;
  changed = [];
  const h = ekgHandlers({ review: svc, actorOf: () => caller, patientOf: () => patient, patientById: () => undefined, reportPdf: async () => new Uint8Array(), onReviewChanged: (id) => changed.push(id) });
  call = (channel, payload) => dispatch(h as never, channel as never, payload, { sessionId: 's1', host: 'browser' } satisfies CallContext) as never;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const capture = () => svc.saveCapture(ma, { patientId: patient, deviceId: 'CART-1', simulated: false, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv: I }, { name: 'II', mv: I }], interpretation: interp }).id;
const audited = (where: string) => store.db.prepare(`SELECT verb, operator_id AS who, outcome FROM audit_log WHERE ${where} ORDER BY seq`).all();

describe('a second review of an EKG already reviewed in another window', () => {
  it('is refused with a typed error naming whose review came first; nothing is stored or announced, and the attempt is audited as failed', async () => {
    const id = capture();
    caller = drA;
    expect(await call('ekg.review', { ekgId: id, decision: 'over-read', comment: 'Repeat with V1-V3 re-placed.' })).toMatchObject({ ok: true });
    expect(changed).toEqual([id]);
    nowMs += 30_000;
    caller = drB;
    for (const decision of ['over-read', 'confirmed'] as const) {
      const second = await call('ekg.review', { ekgId: id, decision, comment: decision === 'confirmed' ? null : 'Agree, no action.' });
      expect(second).toMatchObject({ ok: false, error: { code: 'already-reviewed' } });
      // Whose review it was, in words the second provider reads; and that theirs was not kept.
      expect(second.error?.message).toBe('This EKG was already over-read by dr-a: your review was not saved.');
    }
    const review = svc.get(id).review;
    expect(review.status).toBe('over-read');
    expect(review.events.map((e) => [e.kind, e.actorId, e.comment])).toEqual([['over-read', 'dr-a', 'Repeat with V1-V3 re-placed.']]);
    expect(audited("verb IN ('ekg-confirmed', 'ekg-over-read')")).toEqual([
      { verb: 'ekg-over-read', who: 'dr-a', outcome: 'success' },
      { verb: 'ekg-over-read', who: 'dr-b', outcome: 'failure' },
      { verb: 'ekg-confirmed', who: 'dr-b', outcome: 'failure' },
    ]);
    expect(changed).toEqual([id]);
  });
});

describe('the time the assistant says the provider was told', () => {
  it('is stored as given (not the moment it was recorded), typed to the minute of the capture', async () => {
    const id = capture(); // 10:15:40
    nowMs += 5 * 60_000; // recorded at 10:20:40, told at 10:15 (typed to the minute: before the capture's seconds)
    const r = await call('ekg.notifyProvider', { ekgId: id, whom: 'Dr Lee', how: 'phone', atUtc: '2026-11-23T10:15:00.000Z' });
    expect(r).toMatchObject({ ok: true });
    const [event] = svc.get(id).review.events;
    expect(event).toMatchObject({ kind: 'provider-notified', notifiedAtUtc: '2026-11-23T10:15:00.000Z', atUtc: '2026-11-23T10:20:40.000Z' });
  });

  it('is refused in plain words when it cannot be true (later than now, or before the capture), with its own code: nothing is recorded', async () => {
    const id = capture();
    nowMs += 10 * 60_000; // 10:25:40
    const future = await call('ekg.notifyProvider', { ekgId: id, whom: 'Dr Lee', how: 'phone', atUtc: '2026-11-23T10:27:00.000Z' });
    expect(future).toEqual({ ok: false, error: { code: 'notified-at-invalid', message: 'That time is in the future: give the time you told the provider. Nothing was recorded.' } });
    const before = await call('ekg.notifyProvider', { ekgId: id, whom: 'Dr Lee', how: 'phone', atUtc: '2026-11-23T10:14:00.000Z' });
    expect(before).toEqual({ ok: false, error: { code: 'notified-at-invalid', message: 'That time is before the EKG was captured: give the time you told the provider. Nothing was recorded.' } });
    expect(svc.get(id).review.events).toEqual([]);
    expect(changed).toEqual([]);
    expect(audited("verb = 'ekg-provider-notified'")).toEqual([]);
  });

  it('one rule for the form and main: a minute of leeway either way', () => {
    const captured = Date.parse('2026-11-23T10:15:40.000Z');
    const now = Date.parse('2026-11-23T10:30:00.000Z');
    expect(notifiedAtProblem(captured - NOTIFIED_AT_LEEWAY_MS, captured, now)).toBeNull();
    expect(notifiedAtProblem(now + NOTIFIED_AT_LEEWAY_MS, captured, now)).toBeNull();
    expect(notifiedAtProblem(captured - NOTIFIED_AT_LEEWAY_MS - 1, captured, now)).toMatch(/before the EKG was captured/);
    expect(notifiedAtProblem(now + NOTIFIED_AT_LEEWAY_MS + 1, captured, now)).toMatch(/in the future/);
    expect(notifiedAtProblem(Number.NaN, captured, now)).toMatch(/YYYY-MM-DD HH:MM/);
  });
});

describe('the aECG export the review panel offers', () => {
  it('is open to the assistant before review and the provider after, each audited as an export', async () => {
    const id = capture();
    const maExport = await call('ekg.exportAecg', { ekgId: id });
    caller = drA;
    await call('ekg.review', { ekgId: id, decision: 'confirmed', comment: null });
    const drExport = await call('ekg.exportAecg', { ekgId: id });
    for (const r of [maExport, drExport]) {
      expect(r).toMatchObject({ ok: true, value: { fileName: `ekg-${id}.xml` } });
      expect(decodeAecg((r.value as { xml: string }).xml).leads.map((l) => l.name)).toEqual(['I', 'II']);
    }
    expect(audited("verb = 'export' AND object_type = 'ekg'")).toEqual([
      { verb: 'export', who: 'ma1', outcome: 'success' },
      { verb: 'export', who: 'dr-a', outcome: 'success' },
    ]);
  });
});
