import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRow } from '../../helpers/auditEntries.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../common/errors.ts';
import { decodeAstmCapture } from '../../../drivers/protocols/astm/capture.ts';
import { dispatch, EventBus, type CallContext, type Handlers } from '../../../main/ipc/dispatch.ts';
import { Patients } from '../../../main/services/patients.ts';
import { createPocServices } from '../../../main/services/pocHandlers.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const DOB = '1955-12-31';
const LOT = 'GL-1';

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(() => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

type Row = AuditRow;

function setup(signedIn = true) {
  let now = new Date(2026, 10, 22, 9, 0).getTime();
  const dir = mkdtempSync(join(tmpdir(), 'poc-refusals-'));
  const store = openStore({ dataDir: dir, clockMs: () => now, auditHeadMaxLagMs: 0 });
  opened.push({ store, dir });
  const db = store.db;
  const patients = new Patients(store);
  const patient = patients.create({ mrn: 'SIM-2002', familyName: 'Roe', givenName: 'Max', birthDate: DOB, sex: 'male' }, { id: 'admin', role: 'admin' }, { simulated: true });
  const other = patients.create({ mrn: 'SIM-2003', familyName: 'Poe', givenName: 'Ann', birthDate: '1960-01-02', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
  let selected: number | null = patient.id;
  // The recorded simulator session stands in for the meter: 93, 45 (critical), HI, 118 (control), 7.2.
  const capture = decodeAstmCapture(new Uint8Array(readFileSync(new URL('../../fixtures/poc/astm-sim-session.bin', import.meta.url))));
  const poc = createPocServices({
    store,
    events: new EventBus(),
    actorOf: () => {
      if (!signedIn) throw new StationError('not-signed-in', 'sign in first');
      return { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
    },
    selectedPatientOf: () => selected,
    patientById: (id) => patients.get(id),
    download: async () => ({ readings: capture.readings, rejected: [] }),
  });
  const call = (channel: string, payload: unknown) => dispatch(poc.handlers as unknown as Handlers, channel, payload, ctx);
  const head = () => db.prepare('SELECT IFNULL(MAX(seq), 0) FROM audit_log').pluck().get() as number;
  const since = (seq: number) => db.prepare('SELECT seq, operator_id, operator_role, action, verb, object_type, object_id, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as Row[];
  /**
   * Calls a channel that must be refused with `code` and returns the one entry it wrote: a failure
   * under the operator who tried, with the code as reason, holding none of the `never` texts
   * (values, dates of birth, what was typed).
   */
  let refusals = 0;
  const refused = async (channel: string, payload: unknown, code: string, never: readonly string[] = []): Promise<Row> => {
    refusals++;
    const before = head();
    expect(await call(channel, payload)).toMatchObject({ ok: false, error: { code } });
    const rows = since(before);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ operator_id: 'ma1', operator_role: 'ma', outcome: 'failure', reason: code });
    for (const text of never) expect(JSON.stringify(row)).not.toContain(text);
    return row;
  };
  const pending = async () => ((await call('poc.pending.list', {})) as { value: { readings: Array<{ id: number; value: string; control: boolean }> } }).value.readings;
  return { call, db, head, since, refused, refusals: () => refusals, pending, patient, other, select: (id: number | null) => (selected = id), setNow: (ms: number) => (now = ms), dataDir: dir };
}

describe('every refused POC action is audited once, as a failure with its code, without clinical content', () => {
  it('result entry, meter match, QC, lots, discard, to-QC, correction, send to EMR and critical read-back', async () => {
    const t = setup();
    const pid = String(t.patient.id);
    await t.call('poc.meter.download', { protocol: 'astm', address: 'serial:/dev/null' });
    const readings = await t.pending();
    const critical = readings.find((r) => r.value === '45')!;
    const control = readings.find((r) => r.control)!;
    const normal = readings.find((r) => r.value === '93')!;
    expect(await t.call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: LOT, expires: '2027-01' })).toMatchObject({ ok: true });

    // A critical reading while QC is due: locked out (the UI tester's first finding).
    const locked = await t.refused('poc.pending.match', { pendingId: critical.id, patientId: t.patient.id, confirmBirthDate: DOB, lotNumber: LOT }, 'poc-qc-locked', ['"45"', DOB, LOT]);
    expect(locked).toMatchObject({ action: 'create', verb: 'create', object_type: 'poc-result', object_id: null, patient_id: pid });
    expect(JSON.parse(locked.details)).toEqual({ testId: null, source: 'device', pendingId: critical.id });

    // A garbage control value: refused by the QC rules, the value never in the log.
    const garbage = await t.refused('poc.qc.record', { testId: 'glucose-capillary', lotNumber: LOT, level: 'low', value: '8O' }, 'poc-value', ['8O', LOT]);
    expect(garbage).toMatchObject({ action: 'create', verb: 'qc-record', object_type: 'poc-qc', patient_id: null, details: '{"testId":"glucose-capillary"}' });
    await t.refused('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'NO-SUCH-LOT', level: 'low', value: '80' }, 'poc-lot-unknown', ['NO-SUCH-LOT']);
    await t.refused('poc.lot.add', { testId: 'glucose-capillary', lotNumber: LOT, expires: '2027-01' }, 'poc-lot-exists', [LOT]);
    await t.refused('poc.lot.add', { testId: 'glucose-capillary', lotNumber: '   ', expires: '2027-01' }, 'format');
    await t.refused('poc.pending.toQc', { pendingId: normal.id, testId: 'glucose-capillary', lotNumber: LOT, level: 'low' }, 'poc-not-control', ['"93"']);

    // QC run before the readings were taken passes; now the patient checks.
    t.setNow(new Date(2026, 10, 22, 7, 0).getTime());
    for (const [level, value] of [['low', '80'], ['high', '300']] as const) expect(await t.call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: LOT, level, value })).toMatchObject({ ok: true });
    t.setNow(new Date(2026, 10, 22, 9, 0).getTime());
    const entry = (patientId: number, confirmBirthDate: string, value = '110') => ({ patientId, confirmBirthDate, testId: 'glucose-capillary', value, unit: 'mg/dL', observedAt: '2026-11-22T08:55:00.000Z', lotNumber: LOT, deviceId: 'SIM-METER' });
    // A wrong date-of-birth confirmation: the date typed is not in the log.
    const wrongDob = await t.refused('poc.result.enter', entry(t.patient.id, '1955-12-30'), 'poc-patient-mismatch', ['1955-12-30', DOB, '"110"']);
    expect(wrongDob).toMatchObject({ action: 'create', verb: 'create', object_type: 'poc-result', patient_id: pid, details: '{"source":"manual","testId":"glucose-capillary"}' });
    await t.refused('poc.result.enter', entry(t.patient.id, DOB, '2O0'), 'poc-value', ['2O0']);
    // A stale screen on another patient: named as the patient it tried to write to.
    expect(await t.refused('poc.result.enter', entry(t.other.id, '1960-01-02'), 'poc-patient-not-selected', ['1960-01-02'])).toMatchObject({ patient_id: String(t.other.id) });
    t.select(null);
    await t.refused('poc.result.enter', entry(t.patient.id, DOB), 'poc-no-patient');
    t.select(t.patient.id);

    const matched = (await t.call('poc.pending.match', { pendingId: critical.id, patientId: t.patient.id, confirmBirthDate: DOB, lotNumber: LOT })) as { ok: true; value: { result: { id: number; recordId: string } } };
    expect(matched.ok).toBe(true);
    const result = matched.value.result;
    const objectId = `${result.recordId}/v1`;
    await t.refused('poc.pending.match', { pendingId: critical.id, patientId: t.patient.id, confirmBirthDate: DOB, lotNumber: LOT }, 'poc-state');
    await t.refused('poc.pending.discard', { pendingId: critical.id, reason: 'wrong-patient' }, 'poc-state');
    await t.refused('poc.pending.toQc', { pendingId: control.id, testId: 'glucose-capillary', lotNumber: LOT, level: 'nope' }, 'poc-value', ['"118"']);

    // On a stored result: named by its version and patient, as its own entries name it.
    const onResult = { object_type: 'poc-result', object_id: objectId, patient_id: pid };
    expect(await t.refused('poc.result.correct', { resultId: result.id, value: 'abc', unit: 'mg/dL', reason: 'wrong-value' }, 'poc-value', ['abc', '"45"'])).toMatchObject({ ...onResult, action: 'update', verb: 'amend' });
    expect(await t.refused('poc.critical.acknowledge', { resultId: result.id, notifiedName: '   ', notifiedRole: 'provider', method: 'phone', readBack: true }, 'format')).toMatchObject({ ...onResult, verb: 'critical-ack' });
    expect(await t.call('poc.result.export', { resultId: result.id })).toMatchObject({ ok: true });
    expect(await t.refused('poc.result.export', { resultId: result.id }, 'poc-already-exported')).toMatchObject({ ...onResult, action: 'execute', verb: 'export' });
    t.select(t.other.id);
    await t.refused('poc.result.export', { resultId: result.id }, 'poc-patient-not-selected');
    expect(await t.refused('poc.result.correct', { resultId: 999, value: '100', unit: 'mg/dL', reason: 'wrong-value' }, 'poc-not-found')).toMatchObject({ object_id: null, patient_id: null });

    // Refusals commit on their own: every one above is in the log, and the chain still verifies.
    expect(t.db.prepare("SELECT COUNT(*) FROM audit_log WHERE outcome = 'failure'").pluck().get()).toBe(t.refusals());
    expect(verifyAuditLog(t.db, readAuditHead(auditHeadPathIn(t.dataDir)))).toMatchObject({ ok: true, entries: t.head() });
  });

  it('a success is audited once, as before; a caller who is not signed in writes nothing', async () => {
    const t = setup();
    let before = t.head();
    expect(await t.call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: LOT, expires: '2027-01' })).toMatchObject({ ok: true });
    expect(t.since(before).map((r) => `${r.verb}:${r.outcome}`)).toEqual(['create:success']);
    before = t.head();
    expect(await t.call('poc.qc.record', { testId: 'glucose-capillary', lotNumber: LOT, level: 'low', value: '80' })).toMatchObject({ ok: true });
    expect(t.since(before).map((r) => `${r.verb}:${r.outcome}`)).toEqual(['qc-record:success']);

    const nobody = setup(false);
    before = nobody.head();
    expect(await nobody.call('poc.lot.add', { testId: 'glucose-capillary', lotNumber: LOT, expires: '2027-01' })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(nobody.since(before)).toEqual([]);
  });
});
