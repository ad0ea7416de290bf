import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import HL7 from 'hl7-standard';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { PocService } from '../../../../main/services/poc/pocService.ts';
import type { PocActor, StoredResult } from '../../../../main/services/poc/types.ts';
import { SerialTransport } from '../../../../drivers/transports/serial.ts';
import { downloadAstm } from '../../../../drivers/meters/astmMeter.ts';
import { AstmMeterSim, simAstmRecords } from '../../../../drivers/simulators/meter/astmSim.ts';
import { simReadings } from '../../../../drivers/simulators/meter/readings.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';
import { verifyAuditLog } from '../../../../main/storage/auditVerify.ts';
import { readAuditHead } from '../../../../main/storage/auditSidecar.ts';
import { auditHeadPathIn } from '../../../../main/storage/dataDir.ts';

const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
const DAY = new Date(2026, 10, 22);
const at = (h: number, mi: number) => new Date(2026, 10, 22, h, mi).getTime();

let store: Store | undefined;
let pty: PtyPair | undefined;
afterEach(async () => {
  store?.close();
  store = undefined;
  await pty?.kill();
  pty = undefined;
});

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'poc-svc-'));
  let now = at(9, 0);
  store = openStore({ dataDir, clockMs: () => now, auditHeadMaxLagMs: 0 });
  const patients = new Patients(store);
  const jane = patients.create({ mrn: 'SIM-1001', familyName: 'Doe', givenName: 'Jane', birthDate: '1970-05-01', sex: 'female' }, { id: 'admin', role: 'admin' }, { simulated: true });
  const criticals: StoredResult[] = [];
  const svc = new PocService({
    store,
    patientById: (id) => {
      const p = patients.get(id);
      return p && { id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex, simulated: p.simulated };
    },
    onCritical: (r) => criticals.push(r),
  });
  return { svc, jane, criticals, store, setNow: (ms: number) => (now = ms), dataDir };
}

async function downloadFromSim() {
  pty = await createPtyPair();
  const simSide = new SerialTransport({ path: pty.a, baudRate: 9600 });
  await simSide.open();
  const sim = new AstmMeterSim(simSide, simAstmRecords(simReadings(DAY, 'astm')), 'none', () => {});
  const host = new SerialTransport({ path: pty.b, baudRate: 9600 });
  await host.open();
  const d = await downloadAstm(host);
  sim.stop();
  await host.close();
  await simSide.close();
  return d;
}

describe('POC service: the issue-8 flow end to end', () => {
  it('simulated meter over a pty -> pending -> matched by the assistant -> QC rules -> critical alert -> ack -> HL7 read back', async () => {
    const { svc, jane, criticals, setNow } = setup();
    const d = await downloadFromSim();
    expect(svc.importReadings(d.readings, ma)).toEqual({ added: 5, duplicates: 0 });
    // A second download of the same meter: recognised as duplicates by serial + record time.
    expect(svc.importReadings(d.readings, ma)).toEqual({ added: 0, duplicates: 5 });
    const pending = svc.pending();
    expect(pending.map((p) => p.value)).toEqual(['93', '45', 'HI', '118', '7.2']);
    const low = pending.find((p) => p.value === '45')!;
    expect(low.suggestedTestId).toBe('glucose-capillary');

    svc.addLot('glucose-capillary', 'GL-77', '2027-03', ma, true);
    // Locked out: no QC yet for this lot.
    expect(() => svc.matchPending({ pendingId: low.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'GL-77' }, ma)).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
    // The meter's own control reading (118 mg/dL) logged as the high level: it fails.
    const control = pending.find((p) => p.control)!;
    expect(svc.pendingToQc(control.id, { testId: 'glucose-capillary', lotNumber: 'GL-77', level: 'high' }, ma).passed).toBe(false);
    // 118 is outside the high control range: a failed QC keeps the test locked.
    // The low control has not run on this lot either: due as well (every level must pass).
    expect(svc.qcStatus('glucose-capillary', 'GL-77', at(8, 30))).toEqual({ state: 'failed', failedLevels: ['high'], missingLevels: ['low'] });
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-77', level: 'high', value: '300', performedAtMs: at(7, 40) + 60 * 60_000 }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-77', level: 'low', value: '80', performedAtMs: at(7, 30) }, ma);
    // QC must be current at the time the reading was taken (08:07): the passing high run is at 08:40.
    expect(() => svc.matchPending({ pendingId: low.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'GL-77' }, ma)).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-77', level: 'high', value: '310', performedAtMs: at(7, 45) }, ma);
    // At 08:07 (the reading's time) the latest high run is the passing 07:45 one; the failed 08:21 run came later.
    expect(svc.qcStatus('glucose-capillary', 'GL-77', at(8, 7)).state).toBe('ok');

    // Two identifiers: a wrong date of birth is refused.
    expect(() => svc.matchPending({ pendingId: low.id, patientId: jane.id, confirmBirthDate: '1970-01-05', lotNumber: 'GL-77' }, ma)).toThrow(expect.objectContaining({ code: 'poc-patient-mismatch' }));
    const r = svc.matchPending({ pendingId: low.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'GL-77' }, ma);
    expect(r).toMatchObject({ value: '45', unit: 'mg/dL', flag: 'LL', critical: true, status: 'F', deviceId: 'SIM-ASTM-0001', simulated: true });
    expect(criticals.map((c) => c.id)).toEqual([r.id]);
    expect(svc.pending().some((p) => p.id === low.id)).toBe(false);
    expect(() => svc.matchPending({ pendingId: low.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'GL-77' }, ma)).toThrow(expect.objectContaining({ code: 'poc-state' }));

    // The critical stays listed until someone records who was notified with a read-back.
    expect(svc.unacknowledgedCriticals().map((c) => c.id)).toEqual([r.id]);
    setNow(at(9, 5));
    svc.acknowledgeCritical(r.id, { notifiedName: 'Dr. Patel', notifiedRole: 'provider', method: 'phone', readBack: true }, ma);
    expect(svc.unacknowledgedCriticals()).toEqual([]);

    const exported = svc.exportHl7(r.id, ma);
    const h = new HL7(exported.message);
    h.transform();
    expect([h.get('PID.3.1'), h.get('OBX.3.1'), h.get('OBX.5'), h.get('OBX.6.1'), h.get('OBX.8'), h.get('OBX.11'), h.get('OBX.18'), h.get('MSH.11')]).toEqual(['SIM-1001', '41653-7', '45', 'mg/dL', 'LL', 'F', 'SIM-ASTM-0001', 'T']);

    // A correction is a new version, exported with status C; the original stays readable.
    const c = svc.correctResult({ resultId: r.id, value: '54', unit: 'mg/dL', reason: 'transcription-error' }, ma);
    expect(c).toMatchObject({ version: 2, status: 'C', value: '54', flag: 'L', critical: false });
    expect(svc.history(r.recordId).map((v) => v.value)).toEqual(['45', '54']);
    const hc = new HL7(svc.exportHl7(c.id, ma).message);
    hc.transform();
    expect([hc.get('OBX.5'), hc.get('OBX.11'), hc.get('OBR.25')]).toEqual(['54', 'C', 'C']);
    // The correction names the result it corrects: same placer/filler number (the stable record id).
    expect([hc.get('OBR.2.1'), hc.get('OBR.3.1')]).toEqual([r.recordId, r.recordId]);
    expect([h.get('OBR.2'), h.get('OBR.3')]).toEqual([hc.get('OBR.2'), hc.get('OBR.3')]);
    // The operator record has only a display name: OBX-16 carries the id, never the name as a family name.
    expect(hc.get('OBX.16')).toBe('ma1');
    expect(svc.resultsForPatient(jane.id).map((x) => x.id)).toEqual([c.id]);
  }, 30_000);

  it('expired lots are refused; HI is stored as sent and is critical; unknown test codes need a choice', () => {
    const { svc, jane } = setup();
    svc.importReadings([
      { test: 'Glucose', value: 'HI', unit: 'mg/dL', observedAt: '2026-11-22T08:14:00', deviceSerial: 'SIM-X', recordTime: 'a', protocol: 'astm', control: false, flags: '', simulated: true },
      { test: 'Ketone', value: '0.4', unit: 'mmol/L', observedAt: '2026-11-22T08:15:00', deviceSerial: 'SIM-X', recordTime: 'b', protocol: 'astm', control: false, flags: '', simulated: true },
    ], ma);
    svc.addLot('glucose-capillary', 'OLD', '2026-10', ma, true);
    svc.addLot('glucose-capillary', 'NEW', '2027-10', ma, true);
    expect(() => svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'OLD', level: 'low', value: '80', performedAtMs: at(7, 0) }, ma)).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'NEW', level: 'low', value: '80', performedAtMs: at(7, 0) }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'NEW', level: 'high', value: '300', performedAtMs: at(7, 1) }, ma);
    const [hi, ketone] = svc.pending();
    expect(() => svc.matchPending({ pendingId: hi!.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'OLD' }, ma)).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
    const r = svc.matchPending({ pendingId: hi!.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'NEW' }, ma);
    expect(r).toMatchObject({ value: 'HI', flag: 'HH', critical: true });
    expect(() => svc.matchPending({ pendingId: ketone!.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'NEW' }, ma)).toThrow(expect.objectContaining({ code: 'poc-test-unknown' }));
    expect(() => svc.acknowledgeCritical(r.id, { notifiedName: 'Dr. A', notifiedRole: 'provider', method: 'phone', readBack: false as unknown as true }, ma)).toThrow(expect.objectContaining({ code: 'poc-read-back' }));
  });

  it('the pending list carries the flag the catalogue gives each reading; a control, an unknown test or a refused value gets none', () => {
    const { svc } = setup();
    const reading = (recordTime: string, test: string, value: string, unit: string, control = false) => ({ test, value, unit, observedAt: '2026-11-22T08:14:00', deviceSerial: 'SIM-X', recordTime, protocol: 'astm' as const, control, flags: '', simulated: true });
    svc.importReadings([
      reading('a', 'Glucose', '45', 'mg/dL'), reading('b', 'Glucose', 'HI', 'mg/dL'), reading('c', 'Glucose', '>600', 'mg/dL'), reading('d', 'Glucose', '93', 'mg/dL'),
      reading('e', 'Glucose', '50', 'mg/dL'), reading('f', 'Glucose', '2.7', 'mmol/L'), reading('g', 'Glucose', '30', 'mg/dL', true),
      reading('h', 'Ketone', '0.4', 'mmol/L'), reading('i', 'Glucose', '8O', 'mg/dL'), reading('j', 'HbA1c', '7.2', '%'),
    ], ma);
    const byRecord = Object.fromEntries(svc.pending().map((p) => [p.recordTime, { flag: p.flag, critical: p.critical }]));
    expect(byRecord).toEqual({
      a: { flag: 'LL', critical: true },
      b: { flag: 'HH', critical: true },
      c: { flag: 'HH', critical: true },
      d: { flag: null, critical: false },
      // The limit itself is not critical (strictly below 50), as for a stored result.
      e: { flag: 'L', critical: false },
      f: { flag: 'LL', critical: true },
      g: { flag: null, critical: false },
      h: { flag: null, critical: false },
      i: { flag: null, critical: false },
      j: { flag: 'H', critical: false },
    });
  });

  it('an expired lot is registered (readings taken before its expiry may arrive later) and says it is expired; it is refused for every run after its expiry day', () => {
    const { svc, jane, setNow } = setup();
    svc.importReadings([{ test: 'Glucose', value: '93', unit: 'mg/dL', observedAt: '2026-10-30T08:14:00', deviceSerial: 'SIM-X', recordTime: 'a', protocol: 'astm', control: false, flags: '', simulated: true }], ma);
    expect(svc.addLot('glucose-capillary', 'OCT', '2026-10', ma, true)).toMatchObject({ lotNumber: 'OCT', expired: true });
    expect(svc.addLot('glucose-capillary', 'NOV', '2026-11-22', ma, true)).toMatchObject({ lotNumber: 'NOV', expired: false });
    expect(svc.lots().map((l) => [l.lotNumber, l.expired])).toEqual([['OCT', true], ['NOV', false]]);
    // Usable through its printed expiry day; expired from the next local day on.
    setNow(new Date(2026, 10, 23, 0, 1).getTime());
    expect(svc.lots().map((l) => [l.lotNumber, l.expired])).toEqual([['OCT', true], ['NOV', true]]);
    expect(() => svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'OCT', level: 'low', value: '80', performedAtMs: at(7, 0) }, ma)).toThrow(expect.objectContaining({ code: 'poc-lot-expired' }));
    // The reading from 30 October was taken before the lot expired: the lot check lets it through (QC then decides).
    const [oct] = svc.pending();
    expect(() => svc.matchPending({ pendingId: oct!.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'OCT' }, ma)).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
  });

  it('a Contour-style >600 is matched, kept as sent, and raises the critical alert; an observation before birth is refused', () => {
    const { svc, jane, criticals, store: s } = setup();
    const baby = new Patients(s).create({ mrn: 'SIM-1002', familyName: 'Roe', givenName: 'Sam', birthDate: '2026-11-22', sex: 'male' }, { id: 'admin', role: 'admin' }, { simulated: true });
    svc.importReadings([
      { test: 'Glucose', value: '>600', unit: 'mg/dL', observedAt: '2026-11-22T08:14:00', deviceSerial: 'SIM-X', recordTime: 'a', protocol: 'astm', control: false, flags: '', simulated: true },
      { test: 'Glucose', value: '88', unit: 'mg/dL', observedAt: '2026-11-21T08:15:00', deviceSerial: 'SIM-X', recordTime: 'b', protocol: 'astm', control: false, flags: '', simulated: true },
    ], ma);
    svc.addLot('glucose-capillary', 'NEW', '2027-10', ma, true);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'NEW', level: 'low', value: '80', performedAtMs: at(7, 0) }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'NEW', level: 'high', value: '300', performedAtMs: at(7, 1) }, ma);
    const [earlier, above] = svc.pending();
    const r = svc.matchPending({ pendingId: above!.id, patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'NEW' }, ma);
    expect(r).toMatchObject({ value: '>600', flag: 'HH', critical: true });
    expect(criticals.map((c) => c.id)).toEqual([r.id]);
    expect(() => svc.matchPending({ pendingId: earlier!.id, patientId: baby.id, confirmBirthDate: '2026-11-22', lotNumber: 'NEW' }, ma)).toThrow(expect.objectContaining({ code: 'poc-before-birth' }));
  });

  it('a reading taken over 60 min ago is assigned only with the confirmation that it is this patient\'s; the audit entry says it was confirmed and how old it was', () => {
    const { svc, jane, store: s, setNow } = setup();
    const reading = (observedAt: string, recordTime: string) => ({ test: 'Glucose', value: '45', unit: 'mg/dL', observedAt, deviceSerial: 'SIM-X', recordTime, protocol: 'astm' as const, control: false, flags: '', simulated: true });
    svc.importReadings([reading('2026-11-22T07:00:00', 'old'), reading('2026-11-22T08:00:00', 'hour'), reading('2026-11-22T08:59:00', 'fresh'), reading('2026-11-22T09:10:00', 'ahead')], ma);
    svc.addLot('glucose-capillary', 'GL-1', '2027-01', ma, true);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80', performedAtMs: at(6, 0) }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: at(6, 1) }, ma);
    const id = (recordTime: string) => svc.pending().find((p) => p.recordTime === recordTime)!.id;
    const match = (recordTime: string, confirmReadingAge?: boolean) =>
      svc.matchPending({ pendingId: id(recordTime), patientId: jane.id, confirmBirthDate: '1970-05-01', lotNumber: 'GL-1', ...(confirmReadingAge ? { confirmReadingAge } : {}) }, ma);
    const resultEntries = () => s.db.prepare("SELECT details FROM audit_log WHERE object_type = 'poc-result' AND outcome = 'success' ORDER BY seq").pluck().all() as string[];

    // 07:00 at 09:00: two hours old, refused without the confirmation, in words with the next step; nothing stored.
    expect(() => match('old')).toThrow(expect.objectContaining({ code: 'poc-reading-old', message: expect.stringContaining('This reading was taken 2 h ago') }));
    expect(() => match('old')).toThrow(/tick "I took this reading from this patient" under it and assign again/);
    expect(svc.pending().map((p) => p.recordTime)).toContain('old');
    expect(resultEntries()).toEqual([]);
    const confirmed = match('old', true);
    expect(confirmed).toMatchObject({ value: '45', critical: true, source: 'device' });
    expect(JSON.parse(resultEntries()[0]!)).toMatchObject({ source: 'device', readingAgeConfirmed: true, readingAgeMin: 120 });

    // Exactly 60 min and younger: no confirmation asked, none recorded.
    match('hour');
    match('fresh');
    expect(resultEntries().slice(1).map((d) => JSON.parse(d) as Record<string, unknown>)).toEqual([
      expect.not.objectContaining({ readingAgeConfirmed: expect.anything() }),
      expect.not.objectContaining({ readingAgeConfirmed: expect.anything() }),
    ]);
    // A device time later than now (beyond 5 min of clock skew) is refused, confirmed or not.
    expect(() => match('ahead', true)).toThrow(expect.objectContaining({ code: 'poc-future-time' }));
    // The age in words: hours below 10 with their minutes, then hours, then days.
    svc.importReadings([reading('2026-11-22T09:05:00', 'later')], ma);
    setNow(at(9, 5) + 61 * 60_000);
    expect(() => match('later')).toThrow(/taken 1 h 1 min ago/);
    setNow(at(9, 5) + 18 * 3_600_000 + 59 * 60_000);
    expect(() => match('later')).toThrow(/taken 18 h ago/);
    setNow(at(9, 5) + 3 * 86_400_000);
    expect(() => match('later')).toThrow(/taken 3 days ago/);
  });

  it('manual entry: locked while QC is due now, future times refused, qualitative answers flagged', () => {
    const { svc, jane, setNow } = setup();
    svc.addLot('strep-a-rapid', 'ST-1', '2027-01', ma, true);
    const entry = (observedAt: string, value = 'Positive') =>
      svc.enterResult({ patientId: jane.id, confirmBirthDate: '1970-05-01', testId: 'strep-a-rapid', value, unit: '', observedAt, lotNumber: 'ST-1', deviceId: 'SIM-KIT' }, ma);
    expect(() => entry('2026-11-22T08:50:00')).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
    svc.recordQc({ testId: 'strep-a-rapid', lotNumber: 'ST-1', level: 'positive', value: 'Positive', performedAtMs: at(8, 0) }, ma);
    svc.recordQc({ testId: 'strep-a-rapid', lotNumber: 'ST-1', level: 'negative', value: 'Negative', performedAtMs: at(8, 1) }, ma);
    expect(entry('2026-11-22T08:50:00')).toMatchObject({ value: 'Positive', flag: 'A', critical: false, loinc: '78012-2', source: 'manual' });
    expect(() => entry('2026-11-22T10:00:00')).toThrow(expect.objectContaining({ code: 'poc-future-time' }));
    // Next day: QC (24 h) has expired, so a backdated entry is still locked out now.
    setNow(at(8, 0) + 25 * 3_600_000);
    expect(() => entry('2026-11-22T08:55:00')).toThrow(expect.objectContaining({ code: 'poc-qc-locked' }));
  });

  it('a control value that is no reading is refused: nothing logged, the test not locked', () => {
    const { svc, store: s } = setup();
    svc.addLot('glucose-capillary', 'GL-1', '2027-01', ma, true);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80', performedAtMs: at(7, 0) }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: at(7, 1) }, ma);
    for (const value of ['8O', '80 mg/dL', '1e2']) {
      expect(() => svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value, performedAtMs: at(7, 30) }, ma), value).toThrow(expect.objectContaining({ code: 'poc-value' }));
    }
    expect(s.db.prepare('SELECT COUNT(*) FROM poc_qc_runs').pluck().get()).toBe(2);
    expect(svc.qcStatus('glucose-capillary', 'GL-1', at(8, 0)).state).toBe('ok');
  });

  it('an observation date or time that does not exist is refused, never rolled into the next day', () => {
    const { svc, jane, store: s, setNow } = setup();
    svc.addLot('glucose-capillary', 'GL-1', '2027-01', ma, true);
    setNow(new Date(2026, 11, 1, 6, 0).getTime());
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '80', performedAtMs: new Date(2026, 11, 1, 6, 0).getTime() }, ma);
    svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: new Date(2026, 11, 1, 6, 1).getTime() }, ma);
    setNow(new Date(2026, 11, 1, 9, 0).getTime());
    const entry = (observedAt: string) =>
      svc.enterResult({ patientId: jane.id, confirmBirthDate: '1970-05-01', testId: 'glucose-capillary', value: '45', unit: 'mg/dL', observedAt, lotNumber: 'GL-1', deviceId: 'SIM-M1' }, ma);
    for (const observedAt of ['2026-11-31T07:30', '2026-11-30T24:00', '2026-12-01T07:60', '2026-02-29T07:30', '2026-13-01T07:30']) {
      expect(() => entry(observedAt), observedAt).toThrow(expect.objectContaining({ code: 'format' }));
    }
    expect(s.db.prepare('SELECT COUNT(*) FROM poc_results').pluck().get()).toBe(0);
    expect(entry('2026-12-01T07:30')).toMatchObject({ observedAt: '2026-12-01T07:30', flag: 'LL', critical: true });
  });

  it('every step is in the audit log and the chain verifies', () => {
    const { svc, store: s, dataDir } = setup();
    svc.addLot('hcg-urine', 'H1', '2027-01', ma, true);
    svc.recordQc({ testId: 'hcg-urine', lotNumber: 'H1', level: 'positive', value: 'Positive', performedAtMs: at(7, 0) }, ma);
    const verbs = s.db.prepare("SELECT verb FROM audit_log WHERE object_type LIKE 'poc-%' ORDER BY seq").pluck().all();
    expect(verbs).toEqual(['create', 'qc-record']);
    expect(verifyAuditLog(s.db, readAuditHead(auditHeadPathIn(dataDir))).ok).toBe(true);
  });
});
