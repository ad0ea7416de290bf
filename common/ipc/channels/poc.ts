import { z } from 'zod';
import { isIsoDate, isIsoDateTime, isIsoMonth } from '../../calendar.ts';
import { channel, event } from '../define.ts';

/**
 * Point-of-care results: catalogue, meter downloads to the pending list, matching, manual
 * entry, lots, QC log and lockout, critical values, corrections and the HL7 export. Values travel
 * as strings exactly as entered or sent by the device. Served by main/services/pocHandlers.ts;
 * the operator comes from the session, never from the request.
 */
const id = z.number().int().positive();
/** Real calendar dates and times only (common/calendar.ts): 2026-02-30 or 24:00 never get in. */
const day = z.string().refine(isIsoDate, 'not a real YYYY-MM-DD date');
const isoDateTime = z.string().refine(isIsoDateTime, 'not a real ISO 8601 date and time');
/** Lot expiry as printed on the kit: a real YYYY-MM-DD, or YYYY-MM (the last day of that month). */
const lotExpiry = z.string().refine((s) => isIsoDate(s) || isIsoMonth(s), 'not a real YYYY-MM-DD date or YYYY-MM month');
const testId = z.string().regex(/^[a-z0-9-]{1,40}$/);
const lotNumber = z.string().min(1).max(40);
const value = z.string().min(1).max(40);
const unit = z.string().max(20);
const flag = z.enum(['L', 'H', 'LL', 'HH', 'A']).nullable();

export const pocRangeSchema = z.object({ low: z.number().optional(), high: z.number().optional() });

export const pocTestSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['quantitative', 'qualitative', 'panel']),
  loinc: z.string(),
  units: z.array(z.object({ ucum: z.string(), loinc: z.string(), reportable: pocRangeSchema, reference: pocRangeSchema, critical: pocRangeSchema })),
  allowedValues: z.array(z.string()),
  members: z.array(z.string()),
  qcLevels: z.array(z.string()),
});

export const pendingReadingSchema = z.object({
  id,
  deviceSerial: z.string(),
  recordTime: z.string(),
  testCode: z.string(),
  value: z.string(),
  unit: z.string(),
  observedAt: z.string(),
  protocol: z.string(),
  control: z.boolean(),
  flags: z.string(),
  /** SIMULATED device: the UI must show the mark. */
  simulated: z.boolean(),
  receivedAtUtc: z.string(),
  state: z.enum(['pending', 'matched', 'discarded', 'qc']),
  suggestedTestId: z.string().nullable(),
  /** As a patient result of suggestedTestId would be flagged, by main's catalogue rules (null / false: a control, an unknown test or a value they refuse). */
  flag,
  critical: z.boolean(),
});

/**
 * Where an exported version's message is now, read from the outbox when the result is listed:
 * `waiting` (in the queue, or about to be queued by the station), `sent` (the EMR acknowledged it
 * over MLLP, AA/CA), `handed-off` (file mode: written to the EMR's pick-up folder; nothing
 * confirmed that the EMR took it), `refused` (the EMR answered AE/CE over MLLP: kept in failed/ for staff; `not-placed`, its
 * folder-mode counterpart: a different file with that message number is already in the pick-up
 * folder, so the station kept its own in failed/,
 * not sent again), `set-aside` (quarantined: unreadable), `withdrawn` (never sent: its result was
 * corrected before it could be queued), `no-link` (built without an EMR link), `unknown` (the
 * outbox on this station does not hold it, or there is no outbox now).
 */
export const exportDeliverySchema = z.enum(['waiting', 'sent', 'handed-off', 'refused', 'not-placed', 'set-aside', 'withdrawn', 'no-link', 'unknown']);

export const pocResultSchema = z.object({
  id,
  recordId: z.string(),
  version: z.number().int(),
  patientId: z.number().int(),
  testId: z.string(),
  loinc: z.string(),
  value: z.string(),
  unit: z.string(),
  observedAt: z.string(),
  flag,
  critical: z.boolean(),
  referenceRange: z.string(),
  operatorId: z.string(),
  operatorName: z.string(),
  deviceId: z.string(),
  lotNumber: z.string(),
  lotExpires: z.string(),
  source: z.enum(['manual', 'device']),
  createdAtUtc: z.string(),
  amendReason: z.string().nullable(),
  simulated: z.boolean(),
  status: z.enum(['F', 'C']),
  /** This version's HL7 export, or null: a version is exported once (`poc-already-exported`); a change goes as a correction. */
  exported: z.object({ controlId: z.string(), atUtc: z.string(), toEmr: z.boolean(), delivery: exportDeliverySchema }).nullable(),
});

/**
 * A current result version a provider must be told of (the record is or ever was critical, and this
 * version is not acknowledged yet) with what the alert needs to name the patient on any screen:
 * the two identifiers (name + date of birth, and MRN) and the test's display name. `patient` is
 * null only when the record is no longer on this station. `correctedFrom` (null for a first
 * version): the earlier version that matters, so the alert says "corrected from 41 mg/dL (CRITICAL
 * LOW), which a provider was told": the latest version a provider was told, else the latest
 * critical one, else the version just before (PocService.correctedFrom); `acknowledged`: a provider
 * was told that value. `previous`: the version just before this one when it is not `correctedFrom`
 * (41 told -> 85 -> 90: 85), else null.
 */
const correctedVersion = z.object({ version: z.number().int(), value: z.string(), unit: z.string(), flag, critical: z.boolean(), acknowledged: z.boolean() });
export const pocCriticalSchema = pocResultSchema.extend({
  testName: z.string(),
  correctedFrom: correctedVersion.nullable(),
  previous: correctedVersion.nullable(),
  patient: z.object({ mrn: z.string(), familyName: z.string(), givenName: z.string(), birthDate: z.string(), simulated: z.boolean() }).nullable(),
});

/**
 * The EMR link as staff see it: counts, quarantined outbox entries and error codes (never patient data).
 * `mode`: `mllp` (the EMR acknowledges each message) or `folder` (files placed in a pick-up folder;
 * the station cannot see whether the EMR took them); null without a link. `notQueued`: exports
 * committed but not in the outbox yet (the station queues them itself); `queueError`: why the last
 * try to queue them failed (an error code), null once one succeeds.
 */
export const emrStatusSchema = z.object({
  linked: z.boolean(),
  mode: z.enum(['mllp', 'folder']).nullable(),
  pending: z.number().int(),
  notQueued: z.number().int(),
  queueError: z.string().nullable(),
  failed: z.number().int(),
  quarantined: z.array(z.object({ id: z.string(), reason: z.enum(['unreadable-state', 'message-missing', 'unreadable-message']), atMs: z.number() })),
  oldestPendingError: z.string().nullable(),
  lastFlushError: z.string().nullable(),
  lastFlushAtMs: z.number().nullable(),
});

export const qcStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), validUntilMs: z.number() }),
  z.object({ state: z.literal('due'), missingLevels: z.array(z.string()).readonly() }),
  z.object({ state: z.literal('failed'), failedLevels: z.array(z.string()).readonly(), missingLevels: z.array(z.string()).readonly() }),
]);

export const qcLogEntrySchema = z.object({
  id,
  testId: z.string(),
  lotNumber: z.string(),
  level: z.string(),
  value: z.string(),
  passed: z.boolean(),
  performedAtMs: z.number(),
  deviceId: z.string().nullable(),
  operatorId: z.string(),
  simulated: z.boolean(),
});

/** `expired`: past its expiry on the station's day now (the lists mark it; each use is judged on its test's day). */
export const pocLotSchema = z.object({ testId: z.string(), lotNumber: z.string(), expires: z.string(), simulated: z.boolean(), expired: z.boolean() });

export const pocChannels = {
  'poc.catalogue': channel(z.object({}).strict(), z.object({ tests: z.array(pocTestSchema) })),
  /** Downloads a meter on `address` (serial:PATH[@baud] or tcp:HOST:PORT) into the pending list. */
  'poc.meter.download': channel(
    z.object({ protocol: z.enum(['astm', 'onetouch']), address: z.string().min(3).max(200) }).strict(),
    z.object({ added: z.number().int(), duplicates: z.number().int(), rejectedMessages: z.array(z.string()) }),
  ),
  'poc.pending.list': channel(z.object({}).strict(), z.object({ readings: z.array(pendingReadingSchema) })),
  /**
   * The assistant assigns a reading: patient id plus the date of birth confirmed (two identifiers).
   * `confirmReadingAge`: the assistant ticked "I took this reading from this patient N ago"; main
   * refuses a reading older than READING_AGE_CONFIRM_AFTER_MS without it (`poc-reading-old`).
   */
  'poc.pending.match': channel(
    z.object({ pendingId: id, patientId: id, confirmBirthDate: day, testId: testId.optional(), lotNumber, confirmReadingAge: z.literal(true).optional() }).strict(),
    z.object({ result: pocResultSchema }),
  ),
  'poc.pending.discard': channel(z.object({ pendingId: id, reason: z.string().regex(/^[a-z][a-z0-9-]{0,47}$/) }).strict(), z.object({})),
  'poc.pending.toQc': channel(z.object({ pendingId: id, testId, lotNumber, level: z.string().min(1).max(20) }).strict(), z.object({ entry: qcLogEntrySchema })),
  'poc.result.enter': channel(
    z.object({ patientId: id, confirmBirthDate: day, testId, value, unit, observedAt: isoDateTime, lotNumber, deviceId: z.string().min(1).max(60) }).strict(),
    z.object({ result: pocResultSchema }),
  ),
  'poc.result.correct': channel(
    z.object({ resultId: id, value, unit, reason: z.string().regex(/^[a-z][a-z0-9-]{0,47}$/) }).strict(),
    z.object({ result: pocResultSchema }),
  ),
  'poc.result.list': channel(z.object({ patientId: id }).strict(), z.object({ results: z.array(pocResultSchema) })),
  'poc.result.history': channel(z.object({ recordId: z.string().uuid() }).strict(), z.object({ versions: z.array(pocResultSchema) })),
  /**
   * Builds the ORU^R01 of the current version (F, or C for a correction) and queues it for the EMR
   * when an outbox is configured. An older version of a corrected result is refused (`poc-superseded`),
   * and so is a version already exported (`poc-already-exported`): correct it to change it.
   */
  'poc.result.export': channel(z.object({ resultId: id }).strict(), z.object({ controlId: z.string(), queued: z.boolean() })),
  /** The EMR link's outbox: what is waiting, failed or quarantined, and the last errors. */
  'poc.emr.status': channel(z.object({}).strict(), z.object({ status: emrStatusSchema })),
  'poc.lot.add': channel(z.object({ testId, lotNumber, expires: lotExpiry }).strict(), z.object({ lot: pocLotSchema })),
  'poc.lot.list': channel(z.object({ testId: testId.optional() }).strict(), z.object({ lots: z.array(pocLotSchema) })),
  'poc.qc.record': channel(
    z.object({ testId, lotNumber, level: z.string().min(1).max(20), value, deviceId: z.string().max(60).optional() }).strict(),
    z.object({ entry: qcLogEntrySchema }),
  ),
  'poc.qc.status': channel(z.object({ testId, lotNumber }).strict(), z.object({ status: qcStateSchema })),
  'poc.qc.log': channel(z.object({ testId: testId.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.object({ entries: z.array(qcLogEntrySchema) })),
  /** Every unacknowledged critical result, whichever patient is on screen: each names its patient (two identifiers). */
  'poc.critical.unacknowledged': channel(z.object({}).strict(), z.object({ results: z.array(pocCriticalSchema) })),
  'poc.critical.acknowledge': channel(
    z.object({
      resultId: id,
      notifiedName: z.string().min(1).max(80),
      notifiedRole: z.string().min(1).max(40),
      method: z.enum(['phone', 'in-person', 'secure-message']),
      readBack: z.literal(true),
    }).strict(),
    z.object({}),
  ),
} as const;

export const pocEvents = {
  /**
   * A result version a provider must be told of was stored (a critical value, or any correction of
   * a record that had one): alert now, replacing the alert of the version it corrected; it stays in
   * poc.critical.unacknowledged until acknowledged. `flag` is the new version's (null for a
   * correction to a normal value).
   */
  'poc.critical': event(z.object({ resultId: id, patientId: z.number().int(), testId: z.string(), flag, simulated: z.boolean() })),
  /**
   * A provider was recorded as told a result version (poc.critical.acknowledge): every other window
   * drops that alert now, not at its next 15-s poll (a retest: the MA's window still asked her to
   * ring the provider the other window had just recorded as told).
   */
  'poc.criticalAcknowledged': event(z.object({ resultId: id })),
} as const;
