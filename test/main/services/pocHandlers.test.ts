import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { dispatch, EventBus, type CallContext, type Handlers } from '../../../main/ipc/dispatch.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';
import { Patients } from '../../../main/services/patients.ts';
import { createPocServices } from '../../../main/services/pocHandlers.ts';
import { decodeAstmCapture } from '../../../drivers/protocols/astm/capture.ts';
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { stopChild } from '../../helpers/child.ts';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const ctx: CallContext = { sessionId: 's1', host: 'browser' };

function setup(signedIn = true) {
  let now = new Date(2026, 10, 22, 9, 0).getTime();
  store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'poc-ipc-')), clockMs: () => now });
  const patients = new Patients(store);
  const p = patients.create({ mrn: 'SIM-2002', familyName: 'Roe', givenName: 'Max', birthDate: '1955-12-31', sex: 'male' }, { id: 'admin', role: 'admin' }, { simulated: true });
  // The patient selected in the caller's session (main/app/station.ts reads it from records.sessions).
  let selected: number | null = p.id;
  const events = new EventBus();
  const seen: unknown[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  // The recorded simulator capture stands in for the meter here (the pty path is tested elsewhere).
  const capture = decodeAstmCapture(new Uint8Array(readFileSync(new URL('../../fixtures/poc/astm-sim-session.bin', import.meta.url))));
  const poc = createPocServices({
    store,
    events,
    actorOf: () => {
      if (!signedIn) throw new StationError('not-signed-in', 'sign in first');
      return { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
    },
    selectedPatientOf: () => selected,
    patientById: (id) => {
      const x = patients.get(id);
      return x && { ...x };
    },
    download: async () => ({ readings: capture.readings, rejected: [] }),
  });
  const call = (channel: string, payload: unknown) => dispatch(poc.handlers as unknown as Handlers, channel, payload, ctx);
  return { call, patient: p, patients, seen, setNow: (ms: number) => (now = ms), select: (id: number | null) => (selected = id) };
}

describe('poc.* IPC handlers through dispatch', () => {
  it('poc.pending.match carries the confirmation of an old reading\'s age: refused without it (audited), recorded with it', async () => {
    const { call, patient, setNow } = setup();
    await call('poc.meter.download', { protocol: 'astm', address: 'serial:/dev/null' });
    const readings = ((await call('poc.pending.list', {})) as { value: { readings: { id: number; value: string }[] } }).value.readings;
    const low = readings.find((r) => r.value === '45')!;
    await call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-1', expires: '2027-01' });
    setNow(new Date(2026, 10, 22, 7, 0).getTime());
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80' });
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300' });
    // 08:07 reading assigned at 14:00: almost six hours old.
    setNow(new Date(2026, 10, 22, 14, 0).getTime());
    const base = { pendingId: low.id, patientId: patient.id, confirmBirthDate: '1955-12-31', lotNumber: 'GL-1' };
    expect(await call('poc.pending.match', base)).toMatchObject({ ok: false, error: { code: 'poc-reading-old', message: expect.stringContaining('taken 5 h 53 min ago') } });
    // Only an explicit `true` confirms; anything else is not the contract.
    expect(await call('poc.pending.match', { ...base, confirmReadingAge: false })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('poc.pending.match', { ...base, confirmReadingAge: true })).toMatchObject({ ok: true, value: { result: { value: '45', critical: true } } });
    const rows = store!.db.prepare("SELECT outcome, reason, details FROM audit_log WHERE object_type = 'poc-result' ORDER BY seq").all() as { outcome: string; reason: string | null; details: string }[];
    expect(rows.map((r) => [r.outcome, r.reason])).toEqual([
      ['failure', 'poc-reading-old'],
      ['success', null],
    ]);
    expect(JSON.parse(rows[0]!.details)).not.toHaveProperty('readingAgeConfirmed');
    expect(JSON.parse(rows[1]!.details)).toMatchObject({ readingAgeConfirmed: true, readingAgeMin: 353 });
  });

  it('catalogue, download, lots, QC, match, critical event and acknowledgement', async () => {
    const { call, patient, seen, setNow } = setup();
    const cat = await call('poc.catalogue', {});
    expect(cat.ok && (cat.value as { tests: { id: string }[] }).tests.map((t) => t.id)).toContain('glucose-capillary');
    expect(await call('poc.meter.download', { protocol: 'astm', address: 'serial:/dev/null' })).toEqual({ ok: true, value: { added: 5, duplicates: 0, rejectedMessages: [] } });
    const list = await call('poc.pending.list', {});
    const readings = (list as { value: { readings: { id: number; value: string }[] } }).value.readings;
    const low = readings.find((r) => r.value === '45')!;
    expect((await call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-1', expires: '2027-01' })).ok).toBe(true);
    const locked = await call('poc.pending.match', { pendingId: low.id, patientId: patient.id, confirmBirthDate: '1955-12-31', lotNumber: 'GL-1' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'poc-qc-locked' } });
    setNow(new Date(2026, 10, 22, 7, 0).getTime());
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80' });
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300' });
    expect(await call('poc.qc.status', { testId: 'glucose-capillary', lotNumber: 'GL-1' })).toMatchObject({ ok: true, value: { status: { state: 'ok' } } });
    setNow(new Date(2026, 10, 22, 9, 0).getTime());
    const m = await call('poc.pending.match', { pendingId: low.id, patientId: patient.id, confirmBirthDate: '1955-12-31', lotNumber: 'GL-1' });
    expect(m).toMatchObject({ ok: true, value: { result: { value: '45', flag: 'LL', critical: true } } });
    expect(seen).toContainEqual(expect.objectContaining({ name: 'poc.critical' }));
    const resultId = (m as { value: { result: { id: number } } }).value.result.id;
    // The read-back is mandatory in the contract itself.
    expect(await call('poc.critical.acknowledge', { resultId, notifiedName: 'Dr A', notifiedRole: 'provider', method: 'phone', readBack: false })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // The alert shows on every screen, whoever is selected there: it names its own patient (two
    // identifiers: name + date of birth, and MRN) and the test by its display name.
    expect((await call('poc.critical.unacknowledged', {})) as unknown).toMatchObject({
      ok: true,
      value: {
        results: [
          {
            id: resultId,
            patientId: patient.id,
            testName: 'Glucose, capillary (meter)',
            patient: { mrn: 'SIM-2002', familyName: 'Roe', givenName: 'Max', birthDate: '1955-12-31', simulated: true },
          },
        ],
      },
    });
    expect(await call('poc.critical.acknowledge', { resultId, notifiedName: 'Dr A', notifiedRole: 'provider', method: 'phone', readBack: true })).toEqual({ ok: true, value: {} });
    expect(await call('poc.critical.unacknowledged', {})).toEqual({ ok: true, value: { results: [] } });
    expect(await call('poc.result.export', { resultId })).toEqual({ ok: true, value: { controlId: 'POC00000001', queued: false } });
    expect(await call('poc.emr.status', {})).toMatchObject({ ok: true, value: { status: { linked: false, pending: 0, quarantined: [] } } });
    // Viewing a patient's results, and one result's versions, are audited reads of their records.
    const listed = (await call('poc.result.list', { patientId: patient.id })) as { ok: true; value: { results: { recordId: string }[] } };
    expect(listed.value.results).toHaveLength(1);
    await call('poc.result.history', { recordId: listed.value.results[0]!.recordId });
    const views = store!.db.prepare("SELECT object_type, object_id, patient_id, operator_id FROM audit_log WHERE verb = 'view' ORDER BY seq").all();
    expect(views).toEqual([
      { object_type: 'poc-results', object_id: null, patient_id: String(patient.id), operator_id: 'ma1' },
      { object_type: 'poc-result', object_id: listed.value.results[0]!.recordId, patient_id: String(patient.id), operator_id: 'ma1' },
    ]);
  });

  it('enters, matches, corrects, exports and lists results only for the patient selected in the caller\'s session', async () => {
    const { call, patient, patients, select, setNow } = setup();
    const other = patients.create({ mrn: 'SIM-2003', familyName: 'Poe', givenName: 'Ann', birthDate: '1960-01-02', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
    await call('poc.meter.download', { protocol: 'astm', address: 'serial:/dev/null' });
    const pending = ((await call('poc.pending.list', {})) as { value: { readings: { id: number; value: string }[] } }).value.readings;
    await call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-1', expires: '2027-01' });
    setNow(new Date(2026, 10, 22, 7, 0).getTime());
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80' });
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300' });
    setNow(new Date(2026, 10, 22, 9, 0).getTime());
    const countResults = () => store!.db.prepare('SELECT COUNT(*) FROM poc_results').pluck().get();
    const enter = (patientId: number, confirmBirthDate: string) =>
      call('poc.result.enter', { patientId, confirmBirthDate, testId: 'glucose-capillary', value: '110', unit: 'mg/dL', observedAt: '2026-11-22T08:55:00.000Z', lotNumber: 'GL-1', deviceId: 'SIM-METER' });

    // A stale screen still showing the other patient (identifiers and date of birth both right for them).
    const notSelected = { ok: false, error: { code: 'poc-patient-not-selected' } };
    expect(await enter(other.id, '1960-01-02')).toMatchObject(notSelected);
    expect(await call('poc.pending.match', { pendingId: pending[0]!.id, patientId: other.id, confirmBirthDate: '1960-01-02', lotNumber: 'GL-1' })).toMatchObject(notSelected);
    expect(await call('poc.result.list', { patientId: other.id })).toMatchObject(notSelected);
    expect(countResults()).toBe(0);

    const entered = (await enter(patient.id, '1955-12-31')) as { ok: true; value: { result: { id: number } } };
    expect(entered.ok).toBe(true);
    select(other.id);
    const resultId = entered.value.result.id;
    expect(await call('poc.result.correct', { resultId, value: '112', unit: 'mg/dL', reason: 'transcription-error' })).toMatchObject(notSelected);
    expect(await call('poc.result.export', { resultId })).toMatchObject(notSelected);
    select(null);
    expect(await enter(patient.id, '1955-12-31')).toMatchObject({ ok: false, error: { code: 'poc-no-patient' } });
    expect(countResults()).toBe(1);
    select(patient.id);
    expect(await call('poc.result.correct', { resultId, value: '112', unit: 'mg/dL', reason: 'transcription-error' })).toMatchObject({ ok: true });
  });

  it('poc.result.history (by record id) only for the patient selected in the caller\'s session; a refused call is not audited as a view', async () => {
    const { call, patient, patients, select, setNow } = setup();
    const other = patients.create({ mrn: 'SIM-2003', familyName: 'Poe', givenName: 'Ann', birthDate: '1960-01-02', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
    await call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-1', expires: '2027-01' });
    setNow(new Date(2026, 10, 22, 7, 0).getTime());
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80' });
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300' });
    setNow(new Date(2026, 10, 22, 9, 0).getTime());
    const entered = await call('poc.result.enter', { patientId: patient.id, confirmBirthDate: '1955-12-31', testId: 'glucose-capillary', value: '110', unit: 'mg/dL', observedAt: '2026-11-22T08:55:00.000Z', lotNumber: 'GL-1', deviceId: 'SIM-METER' });
    expect(entered).toMatchObject({ ok: true });
    const recordId = (entered as { value: { result: { recordId: string } } }).value.result.recordId;
    const views = () => store!.db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'view'").pluck().get();

    select(other.id); // a second window (or a stale screen) on another patient
    expect(await call('poc.result.history', { recordId })).toMatchObject({ ok: false, error: { code: 'poc-patient-not-selected' } });
    select(null);
    expect(await call('poc.result.history', { recordId })).toMatchObject({ ok: false, error: { code: 'poc-no-patient' } });
    expect(views()).toBe(0);
    select(patient.id);
    expect(await call('poc.result.history', { recordId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'poc-not-found' } });
    expect(await call('poc.result.history', { recordId })).toMatchObject({ ok: true, value: { versions: [{ recordId, value: '110' }] } });
    expect(views()).toBe(1);
  });

  it('a critical corrected to a normal value raises poc.critical again (every window replaces its alert); a stale acknowledgement is refused in words and audited', async () => {
    const { call, patient, seen, setNow } = setup();
    await call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-1', expires: '2027-01' });
    setNow(new Date(2026, 10, 22, 7, 0).getTime());
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80' });
    await call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300' });
    setNow(new Date(2026, 10, 22, 9, 0).getTime());
    const entered = (await call('poc.result.enter', { patientId: patient.id, confirmBirthDate: '1955-12-31', testId: 'glucose-capillary', value: '41', unit: 'mg/dL', observedAt: '2026-11-22T08:55:00.000Z', lotNumber: 'GL-1', deviceId: 'SIM-METER' })) as { ok: true; value: { result: { id: number; recordId: string } } };
    const v1 = entered.value.result;
    const corrected = (await call('poc.result.correct', { resultId: v1.id, value: '85', unit: 'mg/dL', reason: 'transcription-error' })) as { ok: true; value: { result: { id: number } } };
    const v2 = corrected.value.result;
    const criticalEvents = seen.filter((e) => (e as { name: string }).name === 'poc.critical').map((e) => (e as { payload: unknown }).payload);
    expect(criticalEvents).toEqual([expect.objectContaining({ resultId: v1.id, flag: 'LL' }), expect.objectContaining({ resultId: v2.id, flag: null })]);
    expect(await call('poc.critical.unacknowledged', {})).toMatchObject({
      ok: true,
      value: { results: [{ id: v2.id, value: '85', critical: false, testName: 'Glucose, capillary (meter)', correctedFrom: { version: 1, value: '41', flag: 'LL', critical: true, acknowledged: false } }] },
    });
    const ack = { notifiedName: 'Dr Lee', notifiedRole: 'Provider', method: 'in-person', readBack: true };
    expect(await call('poc.critical.acknowledge', { resultId: v1.id, ...ack })).toEqual({
      ok: false,
      error: { code: 'poc-superseded', message: 'This result was corrected since this alert was shown: the alert now shows the corrected value; tell the provider that value.' },
    });
    expect(await call('poc.critical.acknowledge', { resultId: v2.id, ...ack })).toEqual({ ok: true, value: {} });
    expect(await call('poc.critical.unacknowledged', {})).toEqual({ ok: true, value: { results: [] } });
    const entries = store!.db.prepare("SELECT object_id AS objectId, outcome, reason FROM audit_log WHERE verb = 'critical-ack' ORDER BY seq").all();
    expect(entries).toEqual([
      { objectId: `${v1.recordId}/v1`, outcome: 'failure', reason: 'poc-superseded' },
      { objectId: `${v1.recordId}/v2`, outcome: 'success', reason: null },
    ]);
  });

  it('refuses callers without a signed-in operator', async () => {
    const { call } = setup(false);
    expect(await call('poc.pending.list', {})).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
  });
});

describe('poc.meter.download audits the meter connection (SIMULATED meter over a real pty)', () => {
  let pty: PtyPair | undefined;
  let sim: ChildProcess | undefined;
  afterEach(async () => {
    await stopChild(sim);
    await pty?.kill();
    sim = pty = undefined;
  });

  it('each download is one connect and one disconnect entry, identifiers only; a meter that cannot be opened writes none', async () => {
    pty = await createPtyPair();
    const bin = fileURLToPath(new URL('../../../bin/station.mjs', import.meta.url));
    sim = spawn(process.execPath, [bin, 'simulate', 'meter', '--protocol', 'astm', '--port', pty.a, '--fault', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      sim!.stdout!.on('data', (c: Buffer) => (out += c.toString()).includes('SIMULATED') && resolve());
      sim!.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
    });
    store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'poc-meter-')) });
    const poc = createPocServices({ store, events: new EventBus(), actorOf: () => ({ id: 'ma1', role: 'ma', displayName: 'Kim Lee' }), selectedPatientOf: () => null, patientById: () => undefined });
    const call = (payload: unknown) => dispatch(poc.handlers as unknown as Handlers, 'poc.meter.download', payload, ctx);
    const address = `serial:${pty.b}`;

    // Nothing at this address: the download fails and, never connected, writes no connection entry.
    for (let i = 0; i < 3; i++) expect((await call({ protocol: 'astm', address: 'serial:/dev/no-such-meter' })).ok).toBe(false);
    expect(await call({ protocol: 'astm', address })).toMatchObject({ ok: true, value: { added: 5 } });
    expect(await call({ protocol: 'astm', address })).toMatchObject({ ok: true, value: { added: 0, duplicates: 5 } });
    const rows = store.db.prepare("SELECT verb, operator_id AS operatorId, object_type AS objectType, object_id AS objectId, patient_id AS patientId, details FROM audit_log WHERE verb IN ('device-connect', 'device-disconnect') ORDER BY seq").all();
    const connect = { verb: 'device-connect', operatorId: null, objectType: 'poc-meter', objectId: address, patientId: null, details: '{"addressKind":"serial"}' };
    const disconnect = { ...connect, verb: 'device-disconnect', details: '{"addressKind":"serial","cause":"download-complete"}' };
    expect(rows).toEqual([connect, disconnect, connect, disconnect]);
  }, 30_000);
});
