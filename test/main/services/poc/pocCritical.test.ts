import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { PocService, type CriticalAck } from '../../../../main/services/poc/pocService.ts';
import type { PocActor, StoredResult } from '../../../../main/services/poc/types.ts';

/**
 * PocService's critical values across corrections (a black-box tester: 41 mg/dL corrected to 85
 * left a stuck alert in one window and dropped the critical from every other, with nobody ever told).
 * A record that ever had a critical version needs each current version read back, once.
 */
const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
const at = (h: number, mi: number) => new Date(2026, 10, 22, h, mi).getTime();
const told: CriticalAck = { notifiedName: 'Dr Lee', notifiedRole: 'Provider', method: 'in-person', readBack: true };

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

function setup() {
  store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'poc-critical-')), clockMs: () => at(9, 0), auditHeadMaxLagMs: 0 });
  const s = store;
  const patients = new Patients(s);
  const jane = patients.create({ mrn: 'SIM-QA-102', familyName: 'Trialman', givenName: 'Taylor', birthDate: '1942-05-13', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
  const alerted: StoredResult[] = [];
  const svc = new PocService({
    store: s,
    patientById: (id) => {
      const p = patients.get(id);
      return p && { id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex, simulated: p.simulated };
    },
    onCritical: (r) => alerted.push(r),
  });
  svc.addLot('glucose-capillary', 'SIM-GLU-1', '2099-12-31', ma, true);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'SIM-GLU-1', level: 'low', value: '80', performedAtMs: at(8, 0) }, ma);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'SIM-GLU-1', level: 'high', value: '300', performedAtMs: at(8, 1) }, ma);
  const enter = (value: string) =>
    svc.enterResult({ patientId: jane.id, confirmBirthDate: '1942-05-13', testId: 'glucose-capillary', value, unit: 'mg/dL', observedAt: '2026-11-22T08:50:00', lotNumber: 'SIM-GLU-1', deviceId: 'SIM-METER' }, ma);
  const correct = (r: StoredResult, value: string) => svc.correctResult({ resultId: r.id, value, unit: 'mg/dL', reason: 'transcription-error' }, ma);
  const acks = () => s.db.prepare('SELECT result_id AS resultId, notified_name AS notifiedName FROM poc_critical_acks ORDER BY id').all() as Array<{ resultId: number; notifiedName: string }>;
  const ackEntries = () =>
    (s.db.prepare("SELECT object_id AS objectId, outcome, reason, details FROM audit_log WHERE verb = 'critical-ack' ORDER BY seq").all() as Array<{ objectId: string; outcome: string; reason: string | null; details: string | null }>).map((e) => ({
      ...e,
      details: e.details === null ? null : (JSON.parse(e.details) as Record<string, unknown>),
    }));
  return { svc, alerted, enter, correct, acks, ackEntries };
}

describe('critical values across corrections', () => {
  it('41 never told, corrected to 85: the alert stays as a correction of the current version, and its read-back is recorded against that version', () => {
    const { svc, alerted, enter, correct, acks, ackEntries } = setup();
    const v1 = enter('41');
    expect(v1).toMatchObject({ flag: 'LL', critical: true });
    const v2 = correct(v1, '85');
    expect(v2).toMatchObject({ version: 2, value: '85', flag: null, critical: false });
    // The correction raises the alert again (every window replaces the 41's alert), though 85 is normal.
    expect(alerted.map((r) => r.id)).toEqual([v1.id, v2.id]);
    expect(svc.unacknowledgedCriticals()).toEqual([
      expect.objectContaining({ id: v2.id, value: '85', critical: false, correctedFrom: { version: 1, value: '41', unit: 'mg/dL', flag: 'LL', critical: true, acknowledged: false } }),
    ]);

    // The stale window's acknowledgement of 41 is refused in words, naming the corrected value, with what to do.
    expect(() => svc.acknowledgeCritical(v1.id, told, ma)).toThrow(
      expect.objectContaining({ code: 'poc-superseded', message: 'This result was corrected since this alert was shown: the alert now shows the corrected value; tell the provider that value.' }),
    );
    expect(acks()).toEqual([]);

    svc.acknowledgeCritical(v2.id, told, ma);
    expect(acks()).toEqual([{ resultId: v2.id, notifiedName: 'Dr Lee' }]);
    expect(svc.unacknowledgedCriticals()).toEqual([]);
    expect(ackEntries()).toEqual([
      {
        objectId: `${v1.recordId}/v2`,
        outcome: 'success',
        reason: null,
        details: expect.objectContaining({ critical: false, correctedFrom: `${v1.recordId}/v1`, correctedFromCritical: true, correctedFromAcknowledged: false, readBack: true }),
      },
    ]);
    // Nothing is lost: the 41 stays readable in the record's history.
    expect(svc.history(v1.recordId).map((v) => [v.value, v.flag])).toEqual([
      ['41', 'LL'],
      ['85', null],
    ]);
  });

  it('41 told, then corrected to 85: a new alert, since the provider acted on a value now known to be wrong', () => {
    const { svc, alerted, enter, correct, acks } = setup();
    const v1 = enter('41');
    svc.acknowledgeCritical(v1.id, told, ma);
    expect(svc.unacknowledgedCriticals()).toEqual([]);
    const v2 = correct(v1, '85');
    expect(alerted.map((r) => r.id)).toEqual([v1.id, v2.id]);
    expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v2.id, correctedFrom: expect.objectContaining({ value: '41', acknowledged: true }) })]);
    svc.acknowledgeCritical(v2.id, { ...told, method: 'phone' }, ma);
    expect(acks().map((a) => a.resultId)).toEqual([v1.id, v2.id]);
    expect(svc.unacknowledgedCriticals()).toEqual([]);
  });

  it('41 corrected to 38: the alert shows 38 and needs its own read-back', () => {
    const { svc, enter, correct } = setup();
    const v1 = enter('41');
    const v2 = correct(v1, '38');
    expect(svc.unacknowledgedCriticals()).toEqual([
      expect.objectContaining({ id: v2.id, value: '38', flag: 'LL', critical: true, correctedFrom: expect.objectContaining({ value: '41', acknowledged: false }) }),
    ]);
    expect(() => svc.acknowledgeCritical(v1.id, told, ma)).toThrow(expect.objectContaining({ code: 'poc-superseded', message: expect.stringMatching(/^This result was corrected since this alert was shown/) }));
    svc.acknowledgeCritical(v2.id, told, ma);
    expect(svc.unacknowledgedCriticals()).toEqual([]);
  });

  /**
   * A review: the alert and the ack's audit entry named only the version just before the current
   * one, so 41 (told) -> 85 -> 90 read "corrected from 85 to 90", never the 41 nor that a provider
   * was told it. They name the version a provider was last told, else the last critical one.
   */
  describe('a chain of corrections names the value a provider was told, or else the critical one', () => {
    const from = (version: number, value: string, flag: 'LL' | null, acknowledged: boolean) => ({ version, value, unit: 'mg/dL', flag, critical: flag !== null, acknowledged });

    it('41 told -> 85 -> 90: the 41 a provider was told, and the 85 in between', () => {
      const { svc, enter, correct, ackEntries } = setup();
      const v1 = enter('41');
      svc.acknowledgeCritical(v1.id, told, ma);
      const v2 = correct(v1, '85');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v2.id, correctedFrom: from(1, '41', 'LL', true), previous: null })]);
      const v3 = correct(v2, '90');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v3.id, value: '90', correctedFrom: from(1, '41', 'LL', true), previous: from(2, '85', null, false) })]);
      svc.acknowledgeCritical(v3.id, told, ma);
      expect(ackEntries().at(-1)).toEqual({
        objectId: `${v1.recordId}/v3`,
        outcome: 'success',
        reason: null,
        details: expect.objectContaining({ correctedFrom: `${v1.recordId}/v1`, correctedFromCritical: true, correctedFromAcknowledged: true, previousVersion: `${v1.recordId}/v2` }),
      });
    });

    it('41 -> 85 -> 90, nobody told: the 41', () => {
      const { svc, enter, correct, ackEntries } = setup();
      const v1 = enter('41');
      const v3 = correct(correct(v1, '85'), '90');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v3.id, correctedFrom: from(1, '41', 'LL', false), previous: from(2, '85', null, false) })]);
      svc.acknowledgeCritical(v3.id, told, ma);
      expect(ackEntries().at(-1)?.details).toEqual(
        expect.objectContaining({ correctedFrom: `${v1.recordId}/v1`, correctedFromCritical: true, correctedFromAcknowledged: false, previousVersion: `${v1.recordId}/v2` }),
      );
    });

    it('41 -> 85 -> 38, nobody told: 38 corrected from the 41, not from 85', () => {
      const { svc, enter, correct } = setup();
      const v3 = correct(correct(enter('41'), '85'), '38');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v3.id, value: '38', critical: true, correctedFrom: from(1, '41', 'LL', false), previous: from(2, '85', null, false) })]);
    });

    it('41 told -> 85 told -> 90: the 85, the value the provider was last told', () => {
      const { svc, enter, correct, ackEntries } = setup();
      const v1 = enter('41');
      svc.acknowledgeCritical(v1.id, told, ma);
      const v2 = correct(v1, '85');
      svc.acknowledgeCritical(v2.id, told, ma);
      const v3 = correct(v2, '90');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v3.id, correctedFrom: from(2, '85', null, true), previous: null })]);
      svc.acknowledgeCritical(v3.id, told, ma);
      expect(ackEntries().at(-1)?.details).toEqual(expect.objectContaining({ correctedFrom: `${v1.recordId}/v2`, correctedFromCritical: false, correctedFromAcknowledged: true, previousVersion: `${v1.recordId}/v2` }));
    });

    it('85 -> 41 -> 85, and 85 -> 41: the critical 41, or else the version just before', () => {
      const { svc, enter, correct } = setup();
      const v2 = correct(enter('85'), '41');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v2.id, correctedFrom: from(1, '85', null, false), previous: null })]);
      const v3 = correct(v2, '85');
      expect(svc.unacknowledgedCriticals()).toEqual([expect.objectContaining({ id: v3.id, correctedFrom: from(2, '41', 'LL', false), previous: null })]);
    });
  });

  it('the 15 s poll and the acknowledgement find a version\'s read-back through an index, not a scan of every acknowledgement', () => {
    setup();
    const plan = (store!.db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM poc_critical_acks WHERE result_id = ?').all(1) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX poc_critical_acks_by_result/);
  });

  it('a record never critical never alerts, corrected or not, and cannot be acknowledged', () => {
    const { svc, alerted, enter, correct } = setup();
    const v1 = enter('85');
    const v2 = correct(v1, '90');
    expect(alerted).toEqual([]);
    expect(svc.unacknowledgedCriticals()).toEqual([]);
    expect(() => svc.acknowledgeCritical(v2.id, told, ma)).toThrow(expect.objectContaining({ code: 'poc-not-critical', message: 'This result is not critical and never was: there is no notification to record.' }));
  });

  it('a version is read back once: a second window recording it again is told it is done', () => {
    const { svc, enter, acks } = setup();
    const v1 = enter('41');
    svc.acknowledgeCritical(v1.id, told, ma);
    expect(() => svc.acknowledgeCritical(v1.id, told, ma)).toThrow(expect.objectContaining({ code: 'poc-state', message: expect.stringMatching(/^A provider was already recorded as told this value .*: nothing more to record here\.$/) }));
    expect(acks()).toHaveLength(1);
  });

  it('a refusal of the form names the first thing missing, in a sentence with what to do', () => {
    const { svc, enter, acks } = setup();
    const v1 = enter('41');
    const noReadBack = { readBack: false as unknown as true };
    expect(() => svc.acknowledgeCritical(v1.id, { ...told, notifiedName: '  ', ...noReadBack }, ma)).toThrow(expect.objectContaining({ code: 'format', message: 'Enter the name of the provider you told.' }));
    expect(() => svc.acknowledgeCritical(v1.id, { ...told, notifiedRole: ' ', ...noReadBack }, ma)).toThrow(expect.objectContaining({ code: 'format', message: 'Enter the role of the provider you told (for example Provider).' }));
    expect(() => svc.acknowledgeCritical(v1.id, { ...told, ...noReadBack }, ma)).toThrow(
      expect.objectContaining({ code: 'poc-read-back', message: 'The provider must read the value back before you can record the notification: ask them to read it back, then tick the box.' }),
    );
    expect(acks()).toEqual([]);
  });
});
