import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events } from '../../../common/ipc/contract.ts';
import { decodeFloat32Base64 } from '../../../common/ipc/float32Base64.ts';
import type { EkgInterpretation } from '../../../main/domain/ekg-flags/summary.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { ekgHandlers } from '../../../main/services/ekgHandlers.ts';
import { EkgReviewService, WORKLIST_REAUDIT_MS, type Actor } from '../../../main/services/ekgReview.ts';
import { Patients } from '../../../main/services/patients.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

/*
 * The channels and event the EKG screen uses to show the recorded tracing (ekg.samples), the
 * providers' tab badge (ekg.reviewCounts) and to follow a review done in another window
 * (ekg.reviewChanged).
 */

const interp = (urgency: 'immediate' | 'routine' | null): EkgInterpretation => ({
  measurements: { heartRateBpm: 70, prMs: 150, qrsMs: 90, qtMs: 380, qtcMs: 410, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 410, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 850, maxRrMs: 870 },
  flags: urgency === null ? [] : [{ code: urgency === 'immediate' ? 'ST_ELEVATION' : 'BRADYCARDIA', text: 'for provider review', urgency, value: null }],
});

const ma: Actor = { id: 'ma1', role: 'ma' };
const doc: Actor = { id: 'dr1', role: 'provider' };
const admin: Actor = { id: 'admin1', role: 'admin' };

let dir: string;
let store: Store;
let svc: EkgReviewService;
let nowMs: number;
let caller: Actor;
let selected: number | null;
let changed: number[];
let a: number;
let b: number;
let call: (channel: string, payload: unknown, sessionId?: string) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

const I = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 40));
const II = Float32Array.from({ length: 5000 }, (_, i) => (i === 7 ? Number.NaN : Math.cos(i / 30)));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ekg-channels-'));
  nowMs = Date.parse('2026-11-23T08:00:00.000Z');
  store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0, clockMs: () => nowMs });
  svc = new EkgReviewService(store);
  const patients = new Patients(store);
  a = patients.create({ mrn: 'CH-A', familyName: 'Alvarez', givenName: 'Ana', birthDate: '1950-03-04', sex: 'female' }, ma).id;
  b = patients.create({ mrn: 'CH-B', familyName: 'Brown', givenName: 'Ben', birthDate: '1961-05-06', sex: 'male' }, ma).id;
  caller = doc;
  selected = a;
  changed = [];
  const h = ekgHandlers({
    review: svc,
    actorOf: () => caller,
    patientOf: () => selected,
    patientById: (id) => patients.get(id),
    reportPdf: async () => new Uint8Array(),
    onReviewChanged: (ekgId) => changed.push(ekgId),
  });
  call = (channel, payload, sessionId = 's1') => dispatch(h as never, channel as never, payload, { sessionId, host: 'browser' } satisfies CallContext) as never;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(patientId: number | null, urgency: 'immediate' | 'routine' | null): number {
  nowMs += 60_000;
  return svc.saveCapture(ma, {
    patientId,
    deviceId: 'CART-1',
    simulated: false,
    fsHz: 500,
    filterSettings: '0.05-150 Hz',
    leads: [{ name: 'I', mv: I }, { name: 'II', mv: II }, ...['V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((name) => ({ name, mv: I }))],
    interpretation: interp(urgency),
  }).id;
}
const audits = (where = '1 = 1') => store.db.prepare(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get() as number;
const VIEWS = "verb = 'view' AND object_type = 'ekg'";

describe('ekg.samples: the recorded tracing of an EKG', () => {
  it('sends only the 10 s the panel draws, however long the capture (60 s at 500 Hz: 5000 of 30000 samples per lead)', async () => {
    nowMs += 60_000;
    const long = Float32Array.from({ length: 30_000 }, (_, i) => Math.sin(i / 40));
    const id = svc.saveCapture(ma, { patientId: a, deviceId: 'CART-1', simulated: false, fsHz: 500, filterSettings: '0.05-150 Hz', leads: ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((name) => ({ name, mv: long })), interpretation: interp(null) }).id;
    const r = await call('ekg.samples', { ekgId: id });
    const v = r.value as { samples: number; leads: { name: string; samples: string }[] };
    expect(v.samples).toBe(5000);
    for (const l of v.leads) expect(decodeFloat32Base64(l.samples)).toHaveLength(5000);
  });

  it('answers the 12 standard leads as stored (limb leads derived as the report derives them), NaN kept', async () => {
    const id = capture(a, 'immediate');
    const r = await call('ekg.samples', { ekgId: id });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const v = r.value as { ekgId: number; fsHz: number; samples: number; leads: { name: string; samples: string }[] };
    expect(v.ekgId).toBe(id);
    expect(v.fsHz).toBe(500);
    expect(v.samples).toBe(5000);
    expect(v.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    const lead = (n: string) => decodeFloat32Base64(v.leads.find((l) => l.name === n)!.samples);
    expect(lead('I')).toEqual(I);
    expect(Number.isNaN(lead('II')[7])).toBe(true);
    expect(lead('II')[100]).toBe(II[100]);
    expect(lead('III')[100]).toBeCloseTo(II[100]! - I[100]!, 6);
  });

  it('is refused for another patient\'s EKG, or with none selected, before anything is read or audited', async () => {
    const id = capture(a, null);
    const before = audits();
    selected = b;
    expect(await call('ekg.samples', { ekgId: id })).toMatchObject({ ok: false, error: { code: 'ekg-patient-not-selected' } });
    selected = null;
    expect(await call('ekg.samples', { ekgId: id })).toMatchObject({ ok: false, error: { code: 'ekg-no-patient' } });
    expect(audits()).toBe(before);
  });

  it('is audited as part of viewing: once with this window\'s ekg.get, on its own otherwise', async () => {
    const id = capture(a, 'routine');
    const before = audits(VIEWS);
    // The review panel: the EKG, then its tracing: one look, one entry.
    expect((await call('ekg.get', { ekgId: id })).ok).toBe(true);
    expect((await call('ekg.samples', { ekgId: id })).ok).toBe(true);
    expect(audits(VIEWS)).toBe(before + 1);
    // Another window (session) reading the tracing alone: its own view.
    expect((await call('ekg.samples', { ekgId: id }, 's2')).ok).toBe(true);
    expect(audits(VIEWS)).toBe(before + 2);
    const last = store.db.prepare(`SELECT operator_id, patient_id, object_id, details FROM audit_log WHERE ${VIEWS} ORDER BY seq DESC LIMIT 1`).get() as Record<string, string>;
    expect(last).toMatchObject({ operator_id: 'dr1', patient_id: String(a), object_id: String(id) });
    expect(JSON.parse(last.details!)).toEqual({ part: 'tracing' });
    // Much later, the same window's tracing is a new look.
    nowMs += WORKLIST_REAUDIT_MS;
    expect((await call('ekg.samples', { ekgId: id })).ok).toBe(true);
    expect(audits(VIEWS)).toBe(before + 3);
  });
});

describe('ekg.reviewCounts: the badge on the providers\' tab', () => {
  it('counts the EKGs waiting and the immediate ones among them, with no patient data, not audited', async () => {
    capture(a, 'immediate');
    const immediateB = capture(b, 'immediate');
    capture(b, 'routine');
    capture(null, 'immediate'); // no patient: not on the worklist, not counted
    selected = null; // across patients: no patient needed
    const before = audits();
    let r = await call('ekg.reviewCounts', {});
    expect(r).toEqual({ ok: true, value: { waiting: 3, immediate: 2 } });
    // A reviewed EKG leaves both counts.
    selected = b;
    expect((await call('ekg.review', { ekgId: immediateB, decision: 'confirmed', comment: null })).ok).toBe(true);
    selected = null;
    const afterReview = audits();
    r = await call('ekg.reviewCounts', {});
    expect(r).toEqual({ ok: true, value: { waiting: 2, immediate: 1 } });
    expect(audits()).toBe(afterReview);
    expect(before).toBeLessThan(afterReview); // (the review itself was audited)
  });

  it('is for providers only', async () => {
    capture(a, 'immediate');
    for (const who of [ma, admin]) {
      caller = who;
      expect(await call('ekg.reviewCounts', {}), who.role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe('ekg.reviewChanged: a review step tells every window, by id only', () => {
  it('is emitted after notification, acknowledgement and review, not after reads or refusals', async () => {
    const id = capture(a, 'immediate');
    caller = ma;
    expect((await call('ekg.get', { ekgId: id })).ok).toBe(true);
    expect((await call('ekg.samples', { ekgId: id })).ok).toBe(true);
    expect((await call('ekg.canLeave', { ekgId: id })).ok).toBe(true);
    expect(await call('ekg.acknowledgeImmediate', { ekgId: id })).toMatchObject({ ok: false, error: { code: 'notify-first' } });
    expect(changed).toEqual([]);
    expect((await call('ekg.notifyProvider', { ekgId: id, whom: 'Dr Lee', how: 'phone', atUtc: new Date(nowMs).toISOString() })).ok).toBe(true);
    expect((await call('ekg.acknowledgeImmediate', { ekgId: id })).ok).toBe(true);
    caller = doc;
    expect((await call('ekg.review', { ekgId: id, decision: 'confirmed', comment: null })).ok).toBe(true);
    expect(await call('ekg.review', { ekgId: id, decision: 'confirmed', comment: null })).toMatchObject({ ok: false, error: { code: 'already-reviewed' } });
    expect(changed).toEqual([id, id, id]);
  });

  it('carries the EKG id and nothing else (the contract refuses more)', () => {
    const schema = events['ekg.reviewChanged'].payload;
    expect(schema.parse({ ekgId: 3 })).toEqual({ ekgId: 3 });
    expect(() => schema.parse({ ekgId: 3, patientId: 1 })).toThrow();
    expect(() => schema.parse({ ekgId: 3, mrn: 'CH-A' })).toThrow();
  });
});
