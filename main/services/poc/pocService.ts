/**
 * Point-of-care results service: downloaded readings to a pending list, matching to a patient by
 * the assistant (two identifiers, never automatic), manual entry, lots, the QC log and lockout,
 * critical values with read-back acknowledgement, corrections as new versions, HL7 export.
 * Every write and its audit entry commit in one transaction (store.transaction).
 */
import { StationError } from '../../../common/errors.ts';
import type { MeterReading } from '../../../drivers/protocols/meterResult.ts';
import { alreadyAudited } from '../../audit/refusals.ts';
import { buildCatalogue, deviceTestCodes, getTest, type Catalogue } from '../../domain/poc/catalogue.ts';
import { evaluateResult, type Evaluation } from '../../domain/poc/evaluate.ts';
import { PocRuleError } from '../../domain/poc/errors.ts';
import { READING_AGE_CONFIRM_AFTER_MS, readingAgeWords } from '../../../common/poc/readingAge.ts';
import { buildOru } from '../../domain/poc/hl7.ts';
import { assertLotUsable, lotExpiredOn, lotLastDay } from '../../domain/poc/lot.ts';
import { assertObservationTime, observedAtMs } from '../../domain/poc/observedTime.ts';
import { assertQcCurrent, judgeControl, qcStatus, type QcRun, type QcState } from '../../domain/poc/qc.ts';
import { Hl7Outbox } from '../../io/hl7Outbox.ts';
import type { Store } from '../../storage/store.ts';
import { VersionedRecords, type Version } from '../../storage/versioned.ts';
import type { ExportDelivery, ExportQueueStatus, PendingReading, PocActor, PocPatient, ResultExport, StoredResult } from './types.ts';
import { localTime } from '../../../common/format/time.ts';

type ResultPayload = {
  testId: string;
  loinc: string;
  valueText: string;
  unitText: string;
  observedAt: string;
  flag: string | null;
  critical: number;
  referenceRange: string;
  operatorName: string;
  deviceId: string;
  lotNumber: string;
  lotExpires: string;
  source: string;
  pendingId: number | null;
};

const RESULT_COLUMNS = {
  testId: 'test_id', loinc: 'loinc', valueText: 'value_text', unitText: 'unit_text', observedAt: 'observed_at', flag: 'flag',
  critical: 'critical', referenceRange: 'reference_range', operatorName: 'operator_name', deviceId: 'device_id',
  lotNumber: 'lot_number', lotExpires: 'lot_expires', source: 'source', pendingId: 'pending_id',
} as const;

export interface Hl7Settings {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  readonly mrnAuthority: string;
}

export interface PocServiceOptions {
  readonly store: Store;
  readonly patientById: (id: number) => PocPatient | undefined;
  readonly catalogue?: Catalogue;
  readonly outbox?: Hl7Outbox | null;
  readonly hl7?: Hl7Settings;
  /**
   * Called after a result version is stored that must be read back to a provider (the host raises
   * or replaces the alert): a critical value, or any correction of a record that had a critical
   * version (unacknowledgedCriticals).
   */
  readonly onCritical?: (result: StoredResult) => void;
  /**
   * The station runs SIMULATED (the same answer as app.info's `simulated`, which shows the
   * SIMULATED banner): every HL7 message it builds then is a training message (MSH-11 T and the
   * SIMULATED note), whatever the patient, lot or device. Asked at each export.
   */
  readonly isSimulated?: () => boolean;
}

export interface Lot {
  readonly testId: string;
  readonly lotNumber: string;
  readonly expires: string;
  readonly simulated: boolean;
  /** Past its expiry on the station's day now (lotExpiredOn): the lists mark it EXPIRED. */
  readonly expired: boolean;
}

export interface QcLogEntry {
  readonly id: number;
  readonly testId: string;
  readonly lotNumber: string;
  readonly level: string;
  readonly value: string;
  readonly passed: boolean;
  readonly performedAtMs: number;
  readonly deviceId: string | null;
  readonly operatorId: string;
  readonly simulated: boolean;
}

export interface CriticalAck {
  readonly notifiedName: string;
  readonly notifiedRole: string;
  readonly method: 'phone' | 'in-person' | 'secure-message';
  /** The provider read the value back: required (CAP/Joint Commission critical-result practice). */
  readonly readBack: true;
}

/** An earlier version of a corrected result, as a critical alert names it ("corrected from 41 mg/dL (CRITICAL LOW)"). */
export interface CorrectedFrom {
  readonly version: number;
  readonly value: string;
  readonly unit: string;
  readonly flag: StoredResult['flag'];
  readonly critical: boolean;
  /** A provider was told that value (it was acknowledged): they acted on a value now known to be wrong. */
  readonly acknowledged: boolean;
}

/**
 * A current result version a provider must be told of, with the earlier versions its alert names
 * (both null for a first version): `correctedFrom`, the one that matters (correctedFrom() says
 * which), and `previous`, the version just before this one when that is another.
 */
export type CriticalToTell = StoredResult & { readonly correctedFrom: CorrectedFrom | null; readonly previous: CorrectedFrom | null };

export class PocError extends StationError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'PocError';
  }
}

/**
 * A version's export as the database records it: where its message is now (`delivery`, a few file
 * checks in the outbox folder) is added only for the answers that show it (resultShown).
 */
type RecordedExport = Omit<ResultExport, 'delivery'> & { readonly state: string | null };
/** A result as the service's own checks and writes read it: its export without the outbox look-up. */
type RecordedResult = Omit<StoredResult, 'exported'> & { readonly exported: RecordedExport | null };

const toResult = (v: Version<ResultPayload>, exported: ResultExport | null = null): StoredResult => ({
  id: v.id, recordId: v.recordId, version: v.version, patientId: v.patientId ?? 0, testId: v.testId, loinc: v.loinc,
  value: v.valueText, unit: v.unitText, observedAt: v.observedAt, flag: v.flag as StoredResult['flag'], critical: v.critical === 1,
  referenceRange: v.referenceRange, operatorId: v.createdBy, operatorName: v.operatorName, deviceId: v.deviceId, lotNumber: v.lotNumber,
  lotExpires: v.lotExpires, source: v.source as StoredResult['source'], createdAtUtc: v.createdAtUtc, amendReason: v.amendReason,
  simulated: v.simulated, status: v.version > 1 ? 'C' : 'F', exported,
});

export class PocService {
  readonly catalogue: Catalogue;
  private readonly results: VersionedRecords<ResultPayload>;
  private readonly hl7: Hl7Settings;
  /** Every export up to this row id has its outbox state (states are append-only): recoverExports() reads only later ones. */
  private exportsSettledThrough = 0;
  /** Code of the last failed try to put a committed export in the outbox (shown by the EMR status), null once one succeeds. */
  private lastQueueError: string | null = null;

  constructor(private readonly o: PocServiceOptions) {
    this.catalogue = o.catalogue ?? buildCatalogue();
    this.results = new VersionedRecords<ResultPayload>(o.store, 'poc_results', RESULT_COLUMNS, 'poc-result');
    this.hl7 = o.hl7 ?? { sendingApplication: 'POC-STATION', sendingFacility: 'CLINIC', receivingApplication: 'EMR', receivingFacility: 'CLINIC', mrnAuthority: 'CLINIC' };
  }

  private get db() {
    return this.o.store.db;
  }

  private nowIso(): string {
    return new Date(this.o.store.clockMs()).toISOString();
  }

  private audit(actor: PocActor | null, e: { action: 'create' | 'read' | 'update' | 'execute'; verb: string; objectType: string; objectId?: string | null; patientId?: number | null; outcome?: 'success' | 'failure'; reason?: string; details?: Record<string, string | number | boolean | null> }): void {
    this.o.store.audit.append({
      operator: actor ? { id: actor.id, role: actor.role } : null,
      action: e.action,
      verb: e.verb,
      objectType: e.objectType,
      objectId: e.objectId ?? null,
      patientId: e.patientId === undefined || e.patientId === null ? null : String(e.patientId),
      outcome: e.outcome ?? 'success',
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.details ? { details: e.details } : {}),
    });
  }

  // ---- downloaded readings -------------------------------------------------------------------

  /** Stores readings as pending, exactly as sent. Duplicates (serial + record time + test) are counted, not stored. */
  importReadings(readings: readonly MeterReading[], actor: PocActor | null): { added: number; duplicates: number } {
    const ins = this.db.prepare(`INSERT OR IGNORE INTO poc_pending (device_serial, record_time, test_code, value_text, unit_text, observed_at, protocol, control, flags, simulated, received_at_utc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    return this.o.store.transaction(() => {
      let added = 0;
      const at = this.nowIso();
      for (const r of readings) {
        added += ins.run(r.deviceSerial, r.recordTime, r.test, r.value, r.unit, r.observedAt, r.protocol, r.control ? 1 : 0, r.flags, r.simulated ? 1 : 0, at).changes;
      }
      const duplicates = readings.length - added;
      const serials = [...new Set(readings.map((r) => r.deviceSerial))].join(',').slice(0, 200);
      this.audit(actor, { action: 'create', verb: 'device-import', objectType: 'poc-pending', details: { added, duplicates, devices: serials, simulated: readings.some((r) => r.simulated) } });
      return { added, duplicates };
    });
  }

  pending(): PendingReading[] {
    return (this.db.prepare("SELECT * FROM poc_pending WHERE state = 'pending' ORDER BY observed_at, id").all() as PendingRow[]).map((r) => this.toPending(r));
  }

  private pendingById(id: number): PendingReading {
    const row = this.db.prepare('SELECT * FROM poc_pending WHERE id = ?').get(id) as PendingRow | undefined;
    if (!row) throw new PocError('poc-not-found', 'no such downloaded reading');
    return this.toPending(row);
  }

  /**
   * A stored reading as the pending list shows it, with the flag it would get as this patient
   * result: the catalogue's own rule (evaluateResult), so the list marks a critical value before it
   * is assigned. None for a control run, a device code the catalogue does not know, or a value the
   * rules refuse (assigning it says why).
   */
  private toPending(r: PendingRow): PendingReading {
    const control = r.control === 1;
    const suggestedTestId = deviceTestCodes[r.test_code] ?? null;
    let judged: Pick<Evaluation, 'flag' | 'critical'> = { flag: null, critical: false };
    if (!control && suggestedTestId !== null) {
      try {
        judged = evaluateResult(this.catalogue, suggestedTestId, r.value_text, r.unit_text);
      } catch (e) {
        if (!(e instanceof PocRuleError)) throw e;
      }
    }
    return {
      id: r.id, deviceSerial: r.device_serial, recordTime: r.record_time, testCode: r.test_code, value: r.value_text, unit: r.unit_text,
      observedAt: r.observed_at, protocol: r.protocol, control, flags: r.flags, simulated: r.simulated === 1,
      receivedAtUtc: r.received_at_utc, state: r.state, suggestedTestId, flag: judged.flag, critical: judged.critical,
    };
  }

  discardPending(id: number, reason: string, actor: PocActor): void {
    this.o.store.transaction(() => {
      const p = this.pendingById(id);
      if (p.state !== 'pending') throw new PocError('poc-state', 'this reading was already handled');
      this.db.prepare("UPDATE poc_pending SET state = 'discarded' WHERE id = ?").run(id);
      this.audit(actor, { action: 'update', verb: 'discard', objectType: 'poc-pending', objectId: String(id), details: { reason: reason.slice(0, 48) } });
    });
  }

  // ---- lots and QC -----------------------------------------------------------------------------

  /**
   * Registers a lot. One already past its expiry is registered too (`expired: true`, which the
   * screen states): a lot is judged on the day each test was run (assertLotUsable), and readings a
   * meter took before the lot expired may be downloaded and assigned after it expired, which needs
   * the lot. It is still refused for every control and test run after its expiry day.
   */
  addLot(testId: string, lotNumber: string, expires: string, actor: PocActor, simulated = false): Lot {
    getTest(this.catalogue, testId);
    lotLastDay(expires); // a day or month that does not exist is refused here
    if (lotNumber.trim() === '' || lotNumber.length > 40) throw new PocError('format', 'lot number must be 1-40 characters');
    return this.o.store.transaction(() => {
      try {
        this.db.prepare('INSERT INTO poc_lots (test_id, lot_number, expires, created_at_utc, created_by, simulated) VALUES (?, ?, ?, ?, ?, ?)').run(testId, lotNumber, expires, this.nowIso(), actor.id, simulated ? 1 : 0);
      } catch (e) {
        if (e instanceof Error && /UNIQUE/.test(e.message)) throw new PocError('poc-lot-exists', 'this lot is already registered for this test');
        throw e;
      }
      const expired = this.expiredToday(expires);
      this.audit(actor, { action: 'create', verb: 'create', objectType: 'poc-lot', objectId: `${testId}/${lotNumber}`, details: { expired } });
      return { testId, lotNumber, expires, simulated, expired };
    });
  }

  lots(testId?: string): Lot[] {
    const rows = this.db.prepare(`SELECT test_id AS testId, lot_number AS lotNumber, expires, simulated FROM poc_lots ${testId ? 'WHERE test_id = ?' : ''} ORDER BY test_id, expires`).all(...(testId ? [testId] : [])) as Array<Omit<Lot, 'simulated' | 'expired'> & { simulated: number }>;
    return rows.map((r) => ({ ...r, simulated: r.simulated === 1, expired: this.expiredToday(r.expires) }));
  }

  /** Whether a lot with this printed expiry is past it on the station's local day now. */
  private expiredToday(expires: string): boolean {
    return lotExpiredOn(expires, localDay(this.o.store.clockMs()));
  }

  /** Lots belong to a QC family (a panel's members share the panel's strips). */
  private lot(testId: string, lotNumber: string): Lot {
    const lot = this.lots(this.qcTestId(testId)).find((l) => l.lotNumber === lotNumber);
    if (!lot) throw new PocError('poc-lot-unknown', 'this lot is not registered for this test');
    return lot;
  }

  /** The QC family a test belongs to: panel members share their panel's controls. */
  private qcTestId(testId: string): string {
    for (const t of this.catalogue.values()) if (t.kind === 'panel' && t.members.some((m) => m.id === testId)) return t.id;
    return testId;
  }

  recordQc(input: { testId: string; lotNumber: string; level: string; value: string; performedAtMs: number; deviceId?: string | null }, actor: PocActor, simulated = false): QcLogEntry {
    const qcId = this.qcTestId(input.testId);
    const test = getTest(this.catalogue, qcId);
    const lot = this.lot(qcId, input.lotNumber);
    assertLotUsable({ number: lot.lotNumber, expires: lot.expires }, localDay(input.performedAtMs));
    const passed = judgeControl(test, input.level, input.value);
    return this.o.store.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO poc_qc_runs (test_id, lot_number, level, value_text, passed, performed_at_ms, device_id, operator_id, recorded_at_utc, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(qcId, input.lotNumber, input.level, input.value, passed ? 1 : 0, input.performedAtMs, input.deviceId ?? null, actor.id, this.nowIso(), simulated || lot.simulated ? 1 : 0);
      const id = Number(info.lastInsertRowid);
      this.audit(actor, { action: 'create', verb: 'qc-record', objectType: 'poc-qc', objectId: String(id), details: { testId: qcId, lot: input.lotNumber, level: input.level, passed } });
      return this.qcLog({ testId: qcId, limit: 1000 }).find((q) => q.id === id)!;
    });
  }

  /** A downloaded control-solution reading becomes a QC run. */
  pendingToQc(pendingId: number, input: { testId: string; lotNumber: string; level: string }, actor: PocActor): QcLogEntry {
    return this.o.store.transaction(() => {
      const p = this.pendingById(pendingId);
      if (p.state !== 'pending') throw new PocError('poc-state', 'this reading was already handled');
      if (!p.control) throw new PocError('poc-not-control', 'only a control-solution reading can be logged as QC');
      const entry = this.recordQc({ ...input, value: p.value, performedAtMs: observedAtMs(p.observedAt), deviceId: p.deviceSerial }, actor, p.simulated);
      this.db.prepare("UPDATE poc_pending SET state = 'qc' WHERE id = ?").run(pendingId);
      return entry;
    });
  }

  qcLog(filter: { testId?: string; limit: number }): QcLogEntry[] {
    const rows = this.db
      .prepare(`SELECT id, test_id AS testId, lot_number AS lotNumber, level, value_text AS value, passed, performed_at_ms AS performedAtMs, device_id AS deviceId, operator_id AS operatorId, simulated
        FROM poc_qc_runs ${filter.testId ? 'WHERE test_id = ?' : ''} ORDER BY performed_at_ms DESC, id DESC LIMIT ?`)
      .all(...(filter.testId ? [filter.testId] : []), Math.max(1, Math.min(1000, filter.limit))) as Array<Omit<QcLogEntry, 'passed' | 'simulated'> & { passed: number; simulated: number }>;
    return rows.map((r) => ({ ...r, passed: r.passed === 1, simulated: r.simulated === 1 }));
  }

  private qcRuns(testId: string, lotNumber: string): QcRun[] {
    return (this.db.prepare('SELECT test_id AS testId, lot_number AS lotNumber, level, value_text AS value, performed_at_ms AS performedAtMs, passed FROM poc_qc_runs WHERE test_id = ? AND lot_number = ?').all(testId, lotNumber) as Array<Omit<QcRun, 'passed'> & { passed: number }>).map((r) => ({ ...r, passed: r.passed === 1 }));
  }

  qcStatus(testId: string, lotNumber: string, atMs: number): QcState {
    const qcId = this.qcTestId(testId);
    return qcStatus(getTest(this.catalogue, qcId), lotNumber, this.qcRuns(qcId, lotNumber), atMs);
  }

  // ---- results ---------------------------------------------------------------------------------

  private patient(id: number, confirmBirthDate: string): PocPatient {
    const p = this.o.patientById(id);
    // Two identifiers: the chosen record and its date of birth, confirmed by the assistant.
    if (!p || p.birthDate !== confirmBirthDate) throw new PocError('poc-patient-mismatch', !p ? 'This patient is not on this station: select the patient again.' : "The date of birth you typed does not match this patient's (check the wristband).");
    return p;
  }

  /** All rules that gate a patient result: catalogue, a possible observation time, lot registered and unexpired, QC current at the test time. */
  private gate(patient: PocPatient, testId: string, value: string, unit: string, observedAt: string, lotNumber: string, enteredNow: boolean): { evaluation: Evaluation; lot: Lot } {
    const evaluation = evaluateResult(this.catalogue, testId, value, unit);
    const observedMs = observedAtMs(observedAt);
    const nowMs = this.o.store.clockMs();
    assertObservationTime(observedAt, patient.birthDate, nowMs);
    const lot = this.lot(testId, lotNumber);
    assertLotUsable({ number: lot.lotNumber, expires: lot.expires }, localDay(observedMs));
    const qcId = this.qcTestId(testId);
    const runs = this.qcRuns(qcId, lotNumber);
    // QC had to be current when the test was run; a test entered by hand is also locked while QC is due now.
    assertQcCurrent(getTest(this.catalogue, qcId), lotNumber, runs, observedMs, 'test-time');
    if (enteredNow) assertQcCurrent(getTest(this.catalogue, qcId), lotNumber, runs, nowMs, 'now');
    return { evaluation, lot };
  }

  /**
   * A downloaded reading taken more than READING_AGE_CONFIRM_AFTER_MS ago (station clock) is
   * refused without the assistant's confirmation (`poc-reading-old`): it may be another patient's.
   * Returns what the result's audit entry records then: its age in minutes, and that it was confirmed.
   */
  private assertReadingAgeConfirmed(observedAt: string, confirmed: boolean): { readingAgeMin: number; readingAgeConfirmed: true } | undefined {
    const ageMs = this.o.store.clockMs() - observedAtMs(observedAt);
    if (ageMs <= READING_AGE_CONFIRM_AFTER_MS) return undefined;
    if (!confirmed) {
      throw new PocError(
        'poc-reading-old',
        `This reading was taken ${readingAgeWords(ageMs)} ago, so it may be another patient's (the meter keeps every patient's readings). Assign it only if you took it from this patient: tick "I took this reading from this patient" under it and assign again. If you did not, leave it for whoever did.`,
      );
    }
    return { readingAgeMin: Math.floor(ageMs / 60_000), readingAgeConfirmed: true };
  }

  private store(patient: PocPatient, e: Evaluation, input: { observedAt: string; deviceId: string; source: 'manual' | 'device'; pendingId: number | null; simulated: boolean; auditDetails?: Readonly<Record<string, number | boolean>> | undefined }, lot: Lot, actor: PocActor): StoredResult {
    const v = this.results.create(
      {
        testId: e.testId, loinc: e.loinc, valueText: e.value, unitText: e.ucum, observedAt: input.observedAt, flag: e.flag, critical: e.critical ? 1 : 0,
        referenceRange: e.referenceRange, operatorName: actor.displayName, deviceId: input.deviceId, lotNumber: lot.lotNumber, lotExpires: lot.expires,
        source: input.source, pendingId: input.pendingId,
      },
      { operator: { id: actor.id, role: actor.role }, patientId: patient.id, simulated: input.simulated || patient.simulated || lot.simulated, details: { testId: e.testId, critical: e.critical, source: input.source, ...input.auditDetails } },
    );
    return toResult(v);
  }

  /**
   * The assistant assigns a downloaded reading to a patient (never done automatically). A meter's
   * memory holds every patient's readings, so one taken more than READING_AGE_CONFIRM_AFTER_MS ago
   * is assigned only when the assistant confirms they took it from this patient
   * (`confirmReadingAge`, recorded in the audit entry with its age); a time later than now (beyond
   * clock skew) is refused by gate() (`poc-future-time`).
   */
  matchPending(input: { pendingId: number; patientId: number; confirmBirthDate: string; testId?: string; lotNumber: string; confirmReadingAge?: boolean }, actor: PocActor): StoredResult {
    const result = this.o.store.transaction(() => {
      const p = this.pendingById(input.pendingId);
      if (p.state !== 'pending') throw new PocError('poc-state', 'this reading was already handled');
      if (p.control) throw new PocError('poc-control', 'a control-solution reading goes to the QC log, not to a patient');
      const testId = input.testId ?? p.suggestedTestId;
      if (!testId) throw new PocError('poc-test-unknown', 'the device test code is not in the catalogue: choose the test');
      const patient = this.patient(input.patientId, input.confirmBirthDate);
      const { evaluation, lot } = this.gate(patient, testId, p.value, p.unit, p.observedAt, input.lotNumber, false);
      // Asked last: a reading no confirmation could let through (a time in the future, before birth, QC) says so first.
      const ageAudit = this.assertReadingAgeConfirmed(p.observedAt, input.confirmReadingAge === true);
      const r = this.store(patient, evaluation, { observedAt: p.observedAt, deviceId: p.deviceSerial, source: 'device', pendingId: p.id, simulated: p.simulated, auditDetails: ageAudit }, lot, actor);
      this.db.prepare("UPDATE poc_pending SET state = 'matched', result_record_id = ? WHERE id = ?").run(r.recordId, p.id);
      return r;
    });
    if (result.critical) this.o.onCritical?.(result);
    return result;
  }

  enterResult(input: { patientId: number; confirmBirthDate: string; testId: string; value: string; unit: string; observedAt: string; lotNumber: string; deviceId: string }, actor: PocActor): StoredResult {
    const result = this.o.store.transaction(() => {
      const patient = this.patient(input.patientId, input.confirmBirthDate);
      const { evaluation, lot } = this.gate(patient, input.testId, input.value, input.unit, input.observedAt, input.lotNumber, true);
      return this.store(patient, evaluation, { observedAt: input.observedAt, deviceId: input.deviceId, source: 'manual', pendingId: null, simulated: input.deviceId.startsWith('SIM-') }, lot, actor);
    });
    if (result.critical) this.o.onCritical?.(result);
    return result;
  }

  /** A correction is a new version (status C); the old one stays readable. */
  correctResult(input: { resultId: number; value: string; unit: string; reason: string }, actor: PocActor): StoredResult {
    const result = this.o.store.transaction(() => {
      const prev = this.results.get(input.resultId);
      if (!prev) throw new PocError('poc-not-found', 'no such result');
      const e = evaluateResult(this.catalogue, prev.testId, input.value, input.unit);
      const v = this.results.amend(
        prev.id,
        { ...pick(prev), valueText: e.value, unitText: e.ucum, loinc: e.loinc, flag: e.flag, critical: e.critical ? 1 : 0, referenceRange: e.referenceRange, operatorName: actor.displayName },
        { operator: { id: actor.id, role: actor.role }, patientId: prev.patientId, simulated: prev.simulated, reason: input.reason.slice(0, 48), details: { critical: e.critical } },
      );
      return toResult(v);
    });
    // A correction of a record that had a critical version replaces its alert (the provider must
    // hear the corrected value), critical or not: every window reloads its alerts on this event.
    if (this.everCritical(result.recordId)) this.o.onCritical?.(result);
    return result;
  }

  /** A result version as shown: with where its export's message is now (see resultShown). */
  getResult(id: number): StoredResult {
    return this.resultShown(this.recorded(id));
  }

  /** The patient a result version is for (the handlers' patient check: the version alone is read). */
  patientOfResult(id: number): number {
    return toResult(this.version(id)).patientId;
  }

  /**
   * How the audit log names a result version (its object id, as its own entries give it) and its
   * patient, or null when there is no such version: what a refused action on it is recorded against.
   */
  auditRefOf(id: number): { readonly objectId: string; readonly patientId: string } | null {
    const v = this.results.get(id);
    return v ? { objectId: `${v.recordId}/v${v.version}`, patientId: String(toResult(v).patientId) } : null;
  }

  history(recordId: string): StoredResult[] {
    return this.results.history(recordId).map((v) => this.resultShown(this.recordedOf(v)));
  }

  /** A result version with its export as recorded: what the service's own checks and writes read. */
  private recorded(id: number): RecordedResult {
    return this.recordedOf(this.version(id));
  }

  private recordedOf(v: Version<ResultPayload>): RecordedResult {
    return { ...toResult(v), exported: this.exportOf(v.id) };
  }

  private version(id: number): Version<ResultPayload> {
    const v = this.results.get(id);
    if (!v) throw new PocError('poc-not-found', 'no such result');
    return v;
  }

  /**
   * A result as the screens show it: with where its export's message is now (deliveryOf: file
   * checks in the outbox folder). Only for answers that go to a screen, never inside a write.
   */
  private resultShown(r: RecordedResult): StoredResult {
    const x = r.exported;
    return { ...r, exported: x && { controlId: x.controlId, atUtc: x.atUtc, toEmr: x.toEmr, delivery: this.deliveryOf(x) } };
  }

  /**
   * The export of this version, if any: the one for the EMR when there is one (a version goes to the
   * EMR at most once: exportHl7). `toEmr` is false only when it was built without an EMR link
   * (`no-link`); one without an outbox state yet is for the EMR (recoverExports queues it).
   */
  private exportOf(resultId: number): RecordedExport | null {
    const row = this.db
      .prepare(
        "SELECT e.control_id AS controlId, e.created_at_utc AS atUtc, IFNULL(q.state, '') <> 'no-link' AS toEmr, q.state AS state FROM poc_exports e LEFT JOIN poc_export_outbox q ON q.export_id = e.id WHERE e.result_id = ? ORDER BY toEmr DESC, e.id LIMIT 1",
      )
      .get(resultId) as { controlId: string; atUtc: string; toEmr: number; state: string | null } | undefined;
    return row ? { controlId: row.controlId, atUtc: row.atUtc, toEmr: row.toEmr === 1, state: row.state } : null;
  }

  /**
   * Where an export's message is now: the database says whether it was for the EMR (and whether it
   * was withdrawn); the outbox folder it sits in says whether the EMR acknowledged it. In sent/,
   * only a message the EMR acknowledged over MLLP is `sent`; one written to the pick-up folder
   * (file mode: the station's own "AA") is `handed-off`. A few file checks per exported result, no
   * database write.
   */
  private deliveryOf(x: RecordedExport): ExportDelivery {
    if (x.state === 'no-link') return 'no-link';
    if (x.state === 'withdrawn') return 'withdrawn';
    if (!this.o.outbox) return 'unknown';
    const id = Hl7Outbox.entryId(x.controlId, Date.parse(x.atUtc));
    const where = this.o.outbox.locate(id);
    switch (where) {
      case 'pending':
        return 'waiting';
      case 'sent':
        return this.o.outbox.sentVia(id) === 'folder' ? 'handed-off' : 'sent';
      case 'failed':
        // In folder mode no EMR answered: the station found a different file under that message
        // number in the pick-up folder and kept its own (emrLink.deliverToOutboundFolder).
        return this.o.outbox.sentVia(id, 'failed') === 'folder' ? 'not-placed' : 'refused';
      case 'quarantine':
        return 'set-aside';
      case null:
        // Committed but not in the outbox yet: recoverExports() queues it at the next flush. Recorded
        // `queued` yet held nowhere: the outbox folder was changed by hand; nobody can say.
        return x.state === null ? 'waiting' : 'unknown';
      default: {
        const never: never = where;
        return never;
      }
    }
  }

  /** Current versions of a patient's results, newest first. */
  resultsForPatient(patientId: number): StoredResult[] {
    const ids = this.db.prepare('SELECT r.id FROM poc_results r WHERE r.patient_id = ? AND NOT EXISTS (SELECT 1 FROM poc_results n WHERE n.replaces_id = r.id) ORDER BY r.observed_at DESC, r.id DESC').pluck().all(patientId) as number[];
    return ids.map((id) => this.getResult(id));
  }

  // ---- critical values -------------------------------------------------------------------------

  /**
   * Records that a provider was told the CURRENT version of a result record that is, or ever was,
   * critical, and read it back: once per version (see unacknowledgedCriticals). An older version is
   * refused (`poc-superseded`): the alert it came from was stale, and the provider must hear the
   * corrected value (which the refreshed alert shows; the message itself carries no result value,
   * as no error message carries patient data), not be recorded as told a wrong one.
   * The form's checks run in the order it is filled in, so a refusal names the first thing missing.
   */
  acknowledgeCritical(resultId: number, ack: CriticalAck, actor: PocActor): void {
    if (ack.notifiedName.trim() === '') throw new PocError('format', 'Enter the name of the provider you told.');
    if (ack.notifiedRole.trim() === '') throw new PocError('format', 'Enter the role of the provider you told (for example Provider).');
    if (ack.readBack !== true) throw new PocError('poc-read-back', 'The provider must read the value back before you can record the notification: ask them to read it back, then tick the box.');
    this.o.store.transaction(() => {
      const r = this.recorded(resultId);
      const current = this.results.current(r.recordId)!;
      if (current.id !== r.id) {
        throw new PocError(
          'poc-superseded',
          this.acknowledged(current.id)
            ? 'This result was corrected since this alert was shown, and a provider was already told the corrected value: nothing more to record here.'
            : 'This result was corrected since this alert was shown: the alert now shows the corrected value; tell the provider that value.',
        );
      }
      if (!this.everCritical(r.recordId)) throw new PocError('poc-not-critical', 'This result is not critical and never was: there is no notification to record.');
      if (this.acknowledged(r.id)) throw new PocError('poc-state', 'A provider was already recorded as told this value (in another window or session): nothing more to record here.');
      this.db.prepare('INSERT INTO poc_critical_acks (result_id, notified_name, notified_role, method, read_back, acknowledged_at_utc, acknowledged_by) VALUES (?, ?, ?, ?, 1, ?, ?)').run(resultId, ack.notifiedName.trim(), ack.notifiedRole.trim(), ack.method, this.nowIso(), actor.id);
      // What the provider was told replaces: the version corrected (by reference, as the log names
      // versions; its value stays readable in the record's history), and whether it was critical
      // and already told, so the log shows a provider learnt that a value they acted on was wrong.
      // That is the version a provider was last told, or else the last critical one (correctedFrom):
      // the version just before (`previousVersion`) may be neither (41 told -> 85 -> 90).
      const { correctedFrom: from, previous } = this.correctedFrom(r.id);
      this.audit(actor, {
        action: 'update', verb: 'critical-ack', objectType: 'poc-result', objectId: `${r.recordId}/v${r.version}`, patientId: r.patientId,
        details: {
          method: ack.method, notifiedRole: ack.notifiedRole.trim().slice(0, 48), readBack: true, critical: r.critical,
          correctedFrom: from ? `${r.recordId}/v${from.version}` : null, correctedFromCritical: from ? from.critical : null, correctedFromAcknowledged: from ? from.acknowledged : null,
          previousVersion: from ? `${r.recordId}/v${(previous ?? from).version}` : null,
        },
      });
    });
  }

  /**
   * Current versions a provider still has to be told of: of every record that ever had a critical
   * version, the current version until it is acknowledged. So a critical value corrected before
   * anyone was told (41 -> 85) stays on the dashboard as a correction, one corrected after a
   * provider was told (and acted on it) raises a new alert, and a critical corrected to another
   * critical (41 -> 38) needs its own read-back. A record never critical never alerts.
   */
  unacknowledgedCriticals(): CriticalToTell[] {
    const ids = this.db.prepare(`SELECT r.id FROM poc_results r
      WHERE NOT EXISTS (SELECT 1 FROM poc_results n WHERE n.replaces_id = r.id)
      AND EXISTS (SELECT 1 FROM poc_results c WHERE c.record_id = r.record_id AND c.critical = 1)
      AND NOT EXISTS (SELECT 1 FROM poc_critical_acks a WHERE a.result_id = r.id) ORDER BY r.observed_at, r.id`).pluck().all() as number[];
    return ids.map((id) => ({ ...this.getResult(id), ...this.correctedFrom(id) }));
  }

  /** Whether any version of this record is critical (then each of its versions is read back). */
  private everCritical(recordId: string): boolean {
    return this.db.prepare('SELECT 1 FROM poc_results WHERE record_id = ? AND critical = 1').get(recordId) !== undefined;
  }

  private acknowledged(resultId: number): boolean {
    return this.db.prepare('SELECT 1 FROM poc_critical_acks WHERE result_id = ?').get(resultId) !== undefined;
  }

  /**
   * The earlier versions the alert of this version names (both null for a first version):
   * - `correctedFrom`, the one that matters: the latest a provider was told (they may have acted on
   *   it), else the latest critical one, else the version just before. Not merely the version just
   *   before: 41 (told) -> 85 -> 90 must still say the provider was told 41, and 41 -> 85 -> 38
   *   that it was corrected from 41, not from 85;
   * - `previous`, the version just before this one when it is not `correctedFrom` (null then).
   */
  private correctedFrom(resultId: number): { correctedFrom: CorrectedFrom | null; previous: CorrectedFrom | null } {
    const v = this.version(resultId);
    if (v.replacesId === null) return { correctedFrom: null, previous: null };
    const earlier = this.results
      .history(v.recordId)
      .filter((h) => h.version < v.version)
      .map((h): CorrectedFrom => {
        const p = toResult(h);
        return { version: p.version, value: p.value, unit: p.unit, flag: p.flag, critical: p.critical, acknowledged: this.acknowledged(p.id) };
      });
    const previous = earlier.at(-1);
    if (previous === undefined) return { correctedFrom: null, previous: null };
    const named = earlier.findLast((e) => e.acknowledged) ?? earlier.findLast((e) => e.critical) ?? previous;
    return { correctedFrom: named, previous: named.version === previous.version ? null : previous };
  }

  // ---- EMR export ------------------------------------------------------------------------------

  /**
   * Builds the ORU^R01 for the current version of a result (F, or C for a correction) and queues it
   * for the EMR. Two steps, so the database and the outbox never disagree without a way back:
   * 1. one transaction stores the export (control id from its row id, the message as built) and
   *    its audit entry; nothing is written outside the database, so a failure here leaves nothing;
   * 2. after the commit, the message goes to the outbox (idempotent, durable) and then the export is
   *    marked queued. A stop or failure between the two leaves an export without an outbox state:
   *    recoverExports() settles it at start-up, before every export and at every outbox flush. When
   *    only the `queued` row failed (database busy or full) the outbox holds the message and sends
   *    it, so the export is answered as queued, and recovery records it as such.
   * An older version of a corrected result is refused (`poc-superseded`): its value is wrong.
   * A version already exported is refused (`poc-already-exported`): a repeat would reach the EMR as
   * another message under a new control id, which the EMR cannot tell from a new result. A sent
   * result is changed by a correction, which is exported as its own message (status C).
   */
  exportHl7(resultId: number, actor: PocActor): { controlId: string; message: string; queued: boolean } {
    try {
      this.recoverExports();
    } catch {
      // Tried again before the next export and at start-up; this export is not held up by an older one.
    }
    const x = this.o.store.transaction(() => {
      const r = this.recorded(resultId);
      if (this.isSuperseded(r.id)) throw new PocError('poc-superseded', 'This result was corrected: only its current version can be sent to the EMR.');
      // Built while no EMR link was configured: it never reached the EMR, so once a link exists it
      // is sent (once: the EMR export then counts).
      if (r.exported && (r.exported.toEmr || !this.o.outbox)) {
        const what = r.exported.toEmr ? 'already sent to the EMR' : 'already exported (no EMR link was configured)';
        throw new PocError(
          'poc-already-exported',
          `This result was ${what} on ${localTime(r.exported.atUtc)} (message ${r.exported.controlId}); it is not sent again. To change it, correct the result: the correction is sent as its own message.`,
        );
      }
      const patient = this.o.patientById(r.patientId);
      if (!patient) throw new PocError('poc-not-found', 'the result patient is not on this station');
      // The control id comes from the export's row id (rows are never deleted), never from a count.
      const exportId = this.db.prepare('SELECT IFNULL(MAX(id), 0) + 1 FROM poc_exports').pluck().get() as number;
      const controlId = `POC${String(exportId).padStart(8, '0')}`;
      const createdAtUtc = this.nowIso();
      const e = evaluateResult(this.catalogue, r.testId, r.value, r.unit);
      const test = getTest(this.catalogue, r.testId);
      const answerCode = test.kind === 'qualitative' ? test.allowedValues.find((a) => a.text.toLowerCase() === r.value.trim().toLowerCase())?.loincAnswer : undefined;
      const message = buildOru({
        ...this.hl7,
        controlId,
        sentAt: createdAtUtc,
        patient: { mrn: patient.mrn, familyName: patient.familyName, givenName: patient.givenName, dob: patient.birthDate, sex: ({ female: 'F', male: 'M', other: 'O', unknown: 'U' } as Record<string, string>)[patient.sex] ?? 'U' },
        evaluation: e,
        ...(answerCode ? { answerCode } : {}),
        observedAt: r.observedAt,
        status: r.status,
        resultId: r.recordId,
        // Operators have only a display name, which cannot be split into XCN family/given reliably: the id identifies them.
        operator: { id: r.operatorId },
        device: { id: r.deviceId },
        lot: { number: r.lotNumber, expires: r.lotExpires },
        // One rule for training messages: a simulated result, or any result sent by a SIMULATED station.
        simulated: r.simulated || (this.o.isSimulated?.() ?? false),
      });
      this.db.prepare('INSERT INTO poc_exports (id, result_id, control_id, status, created_at_utc, message) VALUES (?, ?, ?, ?, ?, ?)').run(exportId, r.id, controlId, r.status, createdAtUtc, message);
      const toOutbox = !!this.o.outbox;
      if (!toOutbox) this.db.prepare("INSERT INTO poc_export_outbox (export_id, state, at_utc) VALUES (?, 'no-link', ?)").run(exportId, createdAtUtc);
      // `emrLink`: whether the message is for the outbox (written after this commit). Whether and when
      // it got there is poc_export_outbox (queued, withdrawn), not known inside this transaction.
      this.audit(actor, { action: 'execute', verb: 'export', objectType: 'poc-result', objectId: `${r.recordId}/v${r.version}`, patientId: r.patientId, details: { controlId, status: r.status, emrLink: toOutbox } });
      return { exportId, controlId, message, createdAtUtc };
    });
    if (!this.o.outbox) return { controlId: x.controlId, message: x.message, queued: false };
    try {
      this.queueExport(x);
    } catch (e) {
      // The message is in the outbox (only recording `queued` failed): it goes to the EMR, so it is
      // queued, and recoverExports() records that. Telling the MA "not queued" would be untrue.
      if (this.outboxHolds(x)) return { controlId: x.controlId, message: x.message, queued: true };
      this.lastQueueError = queueErrorCode(e);
      // The export is committed with its audit entry, and the station queues it itself: no refusal to record.
      throw alreadyAudited(
        new PocError(
          'poc-export-not-queued',
          `Message ${x.controlId} is recorded for the EMR but could not be written to its queue yet; the station queues it on its own, unless the result is corrected before then (then only the correction is sent). Do not send it again.`,
        ),
      );
    }
    return { controlId: x.controlId, message: x.message, queued: true };
  }

  /** Whether the outbox holds this export's message (pending, sent, failed or quarantined): then it was, or will be, offered to the EMR. */
  private outboxHolds(x: { controlId: string; createdAtUtc: string }): boolean {
    return this.o.outbox!.locate(Hl7Outbox.entryId(x.controlId, Date.parse(x.createdAtUtc))) !== null;
  }

  private isSuperseded(resultId: number): boolean {
    return this.db.prepare('SELECT 1 FROM poc_results WHERE replaces_id = ?').get(resultId) !== undefined;
  }

  /** Writes a committed export to the outbox (idempotent), then records it as queued. */
  private queueExport(x: { exportId: number; controlId: string; message: string; createdAtUtc: string }): void {
    // The export's own commit time orders the queue and names the entry, so a re-queue finds the same entry.
    this.o.outbox!.enqueue(x.controlId, x.message, Date.parse(x.createdAtUtc));
    this.recordQueued(x.exportId);
  }

  private recordQueued(exportId: number): void {
    this.o.store.transaction(() => {
      this.db.prepare("INSERT OR IGNORE INTO poc_export_outbox (export_id, state, at_utc) VALUES (?, 'queued', ?)").run(exportId, this.nowIso());
    });
  }

  /**
   * Exports committed without an outbox state yet (the station stopped, the outbox could not be
   * written, or recording `queued` failed), settled in export order:
   * - one the outbox already holds (pending, sent, failed or quarantined) is recorded `queued`: it
   *   was or will be offered to the EMR, so it is never called withdrawn, corrected since or not;
   * - one whose result was corrected since is withdrawn (audited), so a superseded value never
   *   reaches the EMR after its correction;
   * - any other is queued now.
   * Run at start-up, before every export and at every outbox flush; cheap when all is settled
   * (export states are append-only, so exports settled once are not read again). Returns the counts.
   */
  recoverExports(): { queued: number; withdrawn: number } {
    if (!this.o.outbox) return { queued: 0, withdrawn: 0 };
    try {
      const out = this.settleExports();
      this.lastQueueError = null;
      return out;
    } catch (e) {
      // Its callers go on (the outbox's flush hook, start-up, an export): the EMR status shows it.
      this.lastQueueError = queueErrorCode(e);
      throw e;
    }
  }

  /**
   * For the EMR status: how many exports are committed but not in the outbox yet (no outbox state,
   * and the outbox does not hold the message: one it holds counts as pending there), and why the
   * last try to queue them failed. Reads only exports after the settled mark (every earlier one has
   * its state), so it is cheap when all is settled.
   */
  exportQueueStatus(): ExportQueueStatus {
    if (!this.o.outbox) return { notQueued: 0, queueError: null };
    const rows = this.db
      .prepare(
        'SELECT e.control_id AS controlId, e.created_at_utc AS createdAtUtc FROM poc_exports e WHERE e.id > ? AND e.message IS NOT NULL AND NOT EXISTS (SELECT 1 FROM poc_export_outbox q WHERE q.export_id = e.id)',
      )
      .all(this.exportsSettledThrough) as Array<{ controlId: string; createdAtUtc: string }>;
    return { notQueued: rows.filter((r) => !this.outboxHolds(r)).length, queueError: this.lastQueueError };
  }

  private settleExports(): { queued: number; withdrawn: number } {
    const out = { queued: 0, withdrawn: 0 };
    const lastId = this.db.prepare('SELECT IFNULL(MAX(id), 0) FROM poc_exports').pluck().get() as number;
    if (lastId <= this.exportsSettledThrough) return out;
    const rows = this.db
      .prepare(
        'SELECT e.id AS exportId, e.result_id AS resultId, e.control_id AS controlId, e.message, e.created_at_utc AS createdAtUtc FROM poc_exports e WHERE e.id > ? AND e.id <= ? AND NOT EXISTS (SELECT 1 FROM poc_export_outbox q WHERE q.export_id = e.id) ORDER BY e.id',
      )
      .all(this.exportsSettledThrough, lastId) as Array<{ exportId: number; resultId: number; controlId: string; message: string | null; createdAtUtc: string }>;
    for (const row of rows) {
      if (row.message === null) continue; // not possible after 0014 (older exports count as queued)
      if (this.outboxHolds(row)) {
        // Written to the outbox before recording `queued` failed or the station stopped: it may be
        // at the EMR already. Recorded as what it is, never withdrawn.
        this.recordQueued(row.exportId);
        out.queued++;
      } else if (this.isSuperseded(row.resultId)) {
        this.o.store.transaction(() => {
          this.db.prepare("INSERT INTO poc_export_outbox (export_id, state, at_utc) VALUES (?, 'withdrawn', ?)").run(row.exportId, this.nowIso());
          const r = this.recorded(row.resultId);
          this.audit(null, { action: 'update', verb: 'export-withdrawn', objectType: 'poc-result', objectId: `${r.recordId}/v${r.version}`, patientId: r.patientId, reason: 'superseded', details: { controlId: row.controlId } });
        });
        out.withdrawn++;
      } else {
        this.queueExport({ exportId: row.exportId, controlId: row.controlId, message: row.message, createdAtUtc: row.createdAtUtc });
        out.queued++;
      }
    }
    // Everything up to lastId now has its state (a throw above leaves the mark, so the rest is retried).
    this.exportsSettledThrough = lastId;
    return out;
  }
}

/** The code of a failed try to queue an export (a file or database error code), never its message. */
function queueErrorCode(e: unknown): string {
  if (e instanceof StationError) return e.code;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : 'queue-failed';
}

function pick(v: Version<ResultPayload>): ResultPayload {
  const out = {} as Record<string, unknown>;
  for (const k of Object.keys(RESULT_COLUMNS)) out[k] = (v as unknown as Record<string, unknown>)[k];
  return out as ResultPayload;
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface PendingRow {
  id: number; device_serial: string; record_time: string; test_code: string; value_text: string; unit_text: string; observed_at: string;
  protocol: string; control: number; flags: string; simulated: number; received_at_utc: string; state: PendingReading['state'];
}


