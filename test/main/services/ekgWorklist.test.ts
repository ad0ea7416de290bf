import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EkgFlag, FlagUrgency } from '../../../main/domain/ekg-flags/flags.ts';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { CaptureBuilder, type CartCapture } from '../../../main/devices/cart/capture.ts';
import { captureToNewCapture } from '../../../main/devices/cart/storeCapture.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { ekgHandlers } from '../../../main/services/ekgHandlers.ts';
import { EkgReviewService, WORKLIST_REAUDIT_MS, type Actor } from '../../../main/services/ekgReview.ts';
import { Patients } from '../../../main/services/patients.ts';
import { STOPPED_BY_OPERATOR } from '../../../common/ekg/captureCompleteness.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

const ma: Actor = { id: 'ma1', role: 'ma' };
const doc: Actor = { id: 'dr1', role: 'provider' };
const admin: Actor = { id: 'admin1', role: 'admin' };

const flag = (code: EkgFlag['code'], urgency: FlagUrgency): EkgFlag => ({ code, text: `${code} for provider review`, urgency, value: null });
const interp = (flags: EkgFlag[]): EkgInterpretation => ({
  measurements: { heartRateBpm: 70, prMs: 150, qrsMs: 90, qtMs: 380, qtcMs: 410, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 410, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 850, maxRrMs: 870 },
  flags,
});

let dir: string;
let store: Store;
let svc: EkgReviewService;
let nowMs: number;
let caller: Actor;
let call: (channel: string, payload: unknown) => Promise<unknown>;
let windowId = 's1';
let patientIds: number[];

beforeEach(() => {
  windowId = 's1';
  dir = mkdtempSync(join(tmpdir(), 'ekg-worklist-'));
  nowMs = Date.parse('2026-11-23T08:00:00.000Z');
  store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0, clockMs: () => nowMs });
  svc = new EkgReviewService(store);
  const patients = new Patients(store);
  patientIds = [
    patients.create({ mrn: 'WL-1', familyName: 'Alvarez', givenName: 'Ana', birthDate: '1950-03-04', sex: 'female' }, ma).id,
    patients.create({ mrn: 'SIM-000002', familyName: 'Brown', givenName: 'Ben', birthDate: '1961-05-06', sex: 'male' }, ma, { simulated: true }).id,
  ];
  caller = doc;
  // No patient is selected: the worklist is across patients.
  const h = ekgHandlers({ review: svc, actorOf: () => caller, patientOf: () => null, patientById: (id) => patients.get(id), reportPdf: async () => new Uint8Array() });
  call = (channel, payload) => dispatch(h as never, channel as never, payload, { sessionId: windowId, host: 'browser' } satisfies CallContext);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A capture one minute after the previous one. */
function capture(patientId: number | null, flags: EkgFlag[]): number {
  nowMs += 60_000;
  const mv = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 5));
  return svc.saveCapture(ma, { patientId, deviceId: 'CART-1', simulated: false, fsHz: 500, filterSettings: '0.05-150 Hz', leads: [{ name: 'I', mv }], interpretation: interp(flags) }).id;
}

/** A 10-s cart capture at 500 Hz (main/devices/cart/storeCapture.ts settings JSON), of which `recorded` samples arrived before `seal`. */
function cartCapture(patientId: number, recorded: number, seal: (b: CaptureBuilder) => CartCapture): number {
  nowMs += 60_000;
  const resolutionNvPerLsb = 1000;
  const b = new CaptureBuilder(0, 5000, {
    trigger: 'manual',
    startedAtUtc: new Date(nowMs).toISOString(),
    device: { model: 'CART', serial: 'C-1', firmware: '1', supportedRatesHz: [500], resolutionNvPerLsb, address: 'tcp:127.0.0.1:1' },
    simulated: false,
    fsHz: 500,
    resolutionNvPerLsb,
    filterSettings: { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 },
  });
  for (let i = 0; i < recorded; i++) b.put(i, Int32Array.from({ length: 8 }, (_, ch) => (ch + 1) * Math.round(1000 * Math.sin(i / 50))), 0);
  return svc.saveCapture(ma, captureToNewCapture(seal(b), { patientId, interpretation: interp([]) })).id;
}

type Worklist = {
  total: number;
  entries: Array<{ ekgId: number; urgency: string; flagCodes: string[]; flagCount: number; providerNotified: boolean; simulated: boolean; patient: unknown; capturedAtUtc: string; incompleteRecordedSeconds: number | null }>;
};
const worklist = async (payload: unknown = {}): Promise<Worklist> => {
  const r = (await call('ekg.worklist', payload)) as { ok: boolean; value: Worklist; error?: unknown };
  expect(r, JSON.stringify(r.error)).toMatchObject({ ok: true });
  return r.value;
};
const auditCount = (where = '1 = 1') => store.db.prepare(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get() as number;

describe('ekg.worklist: the EKGs waiting for a provider\'s review', () => {
  it('lists unconfirmed EKGs across patients, most urgent first, then oldest first, with two identifiers', async () => {
    const [a, b] = patientIds as [number, number];
    const routineOld = capture(a, [flag('BRADYCARDIA', 'routine')]);
    const noneOld = capture(b, []);
    const promptNew = capture(a, [flag('IRREGULAR_RHYTHM', 'prompt'), flag('PROLONGED_PR', 'routine')]);
    const immediateNew = capture(b, [flag('PROLONGED_PR', 'routine'), flag('ST_ELEVATION', 'immediate'), flag('IRREGULAR_RHYTHM', 'prompt')]);
    const promptOld = (() => {
      nowMs -= 10 * 60_000; // captured earlier than the one above (another cart's clock, or stored late)
      return capture(b, [flag('POOR_SIGNAL', 'prompt')]);
    })();
    const immediateOld = (() => {
      nowMs -= 30 * 60_000;
      return capture(a, [flag('MARKED_TACHYCARDIA', 'immediate')]);
    })();
    nowMs += 60 * 60_000;
    svc.notifyProvider(immediateNew, ma, 'Dr Example', 'phone', new Date(nowMs).toISOString());

    const w = await worklist();
    expect(w.total).toBe(6);
    expect(w.entries.map((e) => e.ekgId)).toEqual([immediateOld, immediateNew, promptOld, promptNew, routineOld, noneOld]);
    expect(w.entries.map((e) => e.urgency)).toEqual(['immediate', 'immediate', 'prompt', 'prompt', 'routine', 'none']);
    const top = w.entries[1]!;
    expect(top).toMatchObject({
      flagCodes: ['ST_ELEVATION', 'IRREGULAR_RHYTHM', 'PROLONGED_PR'],
      flagCount: 3,
      providerNotified: true,
      // A demo patient's EKG is SIMULATED wherever it shows.
      simulated: true,
      patient: { id: b, familyName: 'Brown', givenName: 'Ben', birthDate: '1961-05-06', mrn: 'SIM-000002' },
    });
    expect(w.entries[0]).toMatchObject({ providerNotified: false, simulated: false, patient: { mrn: 'WL-1', birthDate: '1950-03-04' } });
    expect(w.entries[5]).toMatchObject({ flagCodes: [], flagCount: 0 });
  });

  it('marks a capture cut short with the seconds it recorded, whatever cut it short; a complete capture and a file\'s EKG are not marked', async () => {
    const [a, b] = patientIds as [number, number];
    const unplugged = cartCapture(a, 3100, (c) => c.seal(false, 'cart stream: tcp:127.0.0.1:40929: peer closed the connection'));
    const stopped = cartCapture(b, 2000, (c) => c.seal(false, STOPPED_BY_OPERATOR));
    const full = cartCapture(a, 5000, (c) => c.seal(true));
    const file = capture(b, []);
    const w = await worklist();
    const byId = new Map(w.entries.map((e) => [e.ekgId, e.incompleteRecordedSeconds]));
    expect(byId.get(unplugged)).toBeCloseTo(6.2, 9);
    expect(byId.get(stopped)).toBeCloseTo(4, 9);
    expect(byId.get(full)).toBeNull();
    expect(byId.get(file)).toBeNull();
  });

  it('a confirmed or over-read EKG leaves the list; an EKG without a patient is not on it', async () => {
    const [a, b] = patientIds as [number, number];
    const confirmed = capture(a, [flag('ST_ELEVATION', 'immediate')]);
    const overRead = capture(b, [flag('BRADYCARDIA', 'routine')]);
    const waiting = capture(a, []);
    capture(null, [flag('ST_ELEVATION', 'immediate')]);
    expect((await worklist()).entries.map((e) => e.ekgId)).toEqual([confirmed, overRead, waiting]);
    svc.review(confirmed, doc, 'confirmed', null);
    expect((await worklist()).entries.map((e) => e.ekgId)).toEqual([overRead, waiting]);
    svc.review(overRead, doc, 'over-read', 'Rate reviewed by hand');
    expect(await worklist()).toMatchObject({ total: 1, entries: [{ ekgId: waiting }] });
    svc.review(waiting, doc, 'confirmed', null);
    expect(await worklist()).toEqual({ total: 0, entries: [] });
  });

  it('is bounded: at most `limit` entries (default 50, at most 100), with the total waiting', async () => {
    const ids = Array.from({ length: 53 }, (_, k) => capture(patientIds[k % 2]!, []));
    const first = await worklist();
    expect(first.total).toBe(53);
    expect(first.entries.map((e) => e.ekgId)).toEqual(ids.slice(0, 50));
    expect(await worklist({ limit: 2 })).toMatchObject({ total: 53, entries: [{ ekgId: ids[0] }, { ekgId: ids[1] }] });
    expect((await worklist({ limit: 100 })).entries).toHaveLength(53);
    for (const bad of [{ limit: 101 }, { limit: 0 }, { limit: 2.5 }, { limit: 5, patientId: 1 }]) {
      expect(await call('ekg.worklist', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('is a provider\'s: an assistant and an administrator are refused before anything is read, and each refusal is audited', async () => {
    capture(patientIds[0]!, [flag('ST_ELEVATION', 'immediate')]);
    const before = auditCount();
    for (const who of [ma, admin]) {
      caller = who;
      expect(await call('ekg.worklist', {}), who.role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(auditCount()).toBe(before + 2);
    const refusals = store.db.prepare("SELECT operator_id AS who, action, verb, object_type AS object, object_id AS id, patient_id AS patient, outcome, reason, details FROM audit_log WHERE outcome = 'failure' ORDER BY seq").all();
    expect(refusals).toEqual([ma, admin].map((who) => ({ who: who.id, action: 'read', verb: 'view', object: 'ekg-worklist', id: null, patient: null, outcome: 'failure', reason: 'forbidden', details: '{}' })));
  });

  it('each look is audited as a view of the list: who, how many entries, no names or patient', async () => {
    const [a, b] = patientIds as [number, number];
    for (let k = 0; k < 3; k++) capture(k % 2 ? a : b, []);
    await worklist({ limit: 2 });
    const rows = store.db.prepare("SELECT operator_id, operator_role, action, verb, object_id, patient_id, outcome, details FROM audit_log WHERE object_type = 'ekg-worklist'").all();
    expect(rows).toEqual([{ operator_id: 'dr1', operator_role: 'provider', action: 'read', verb: 'view', object_id: null, patient_id: null, outcome: 'success', details: JSON.stringify({ entries: 2, total: 3 }) }]);
    expect(JSON.stringify(rows)).not.toMatch(/Alvarez|Brown|WL-1|SIM-000002/);
    // Listing is not opening: no EKG was viewed.
    expect(auditCount("verb = 'view' AND object_type = 'ekg'")).toBe(0);
    // The screen's 30-s refresh of an unchanged list is not a new look: one entry; a changed list is.
    await worklist({ limit: 2 });
    await worklist({ limit: 2 });
    expect(auditCount("object_type = 'ekg-worklist'")).toBe(1);
    capture(a, []);
    await worklist({ limit: 2 });
    expect(store.db.prepare("SELECT details FROM audit_log WHERE object_type = 'ekg-worklist' ORDER BY seq").pluck().all()).toEqual([JSON.stringify({ entries: 2, total: 3 }), JSON.stringify({ entries: 2, total: 4 })]);
    // The same list is a new look in another window, and in the same window a quarter of an hour later.
    windowId = 's2';
    await worklist({ limit: 2 });
    expect(auditCount("object_type = 'ekg-worklist'")).toBe(3);
    nowMs += WORKLIST_REAUDIT_MS - 1;
    await worklist({ limit: 2 });
    expect(auditCount("object_type = 'ekg-worklist'")).toBe(3);
    nowMs += 1;
    await worklist({ limit: 2 });
    expect(auditCount("object_type = 'ekg-worklist'")).toBe(4);
  });
});
