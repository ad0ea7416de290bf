import type { pocChannels } from '../../common/ipc/channels/poc.ts';
import type { MeterReading } from '../../drivers/protocols/meterResult.ts';
import { auditedActions } from '../audit/refusals.ts';
import { ConnectionAudit } from '../devices/connectionAudit.ts';
import type { CatalogueTest } from '../domain/poc/catalogue.ts';
import type { CallContext, EventBus, Handler } from '../ipc/dispatch.ts';
import type { Hl7Outbox } from '../io/hl7Outbox.ts';
import type { AuditAppender } from '../storage/auditLog.ts';
import type { Store } from '../storage/store.ts';
import { PocError, PocService, type Hl7Settings } from './poc/pocService.ts';
import { meterDownloadFailure } from './poc/meterFailure.ts';
import type { AttemptedAction } from './sessions.ts';
import type { PocActor, PocPatient, StoredResult } from './poc/types.ts';

export type PocChannelName = keyof typeof pocChannels;
export type PocHandlers = { readonly [C in PocChannelName]: Handler<C> };

export interface PocServicesOptions {
  readonly store: Store;
  readonly events: EventBus;
  /** The signed-in operator of this window/socket (throws when none: records.sessions.requireActive). */
  readonly actorOf: (ctx: CallContext) => PocActor;
  /** The patient selected in this window/socket's session, or null (read after actorOf succeeded). */
  readonly selectedPatientOf: (ctx: CallContext) => number | null;
  readonly patientById: (id: number) => PocPatient | undefined;
  readonly outbox?: Hl7Outbox | null;
  readonly hl7?: Hl7Settings;
  /** The station runs SIMULATED (app.info's answer): its HL7 messages are training ones (PocServiceOptions.isSimulated). */
  readonly isSimulated?: () => boolean;
  /** Runs a meter download; the default opens the address, speaks the protocol (drivers/meters) and audits the connection. */
  readonly download?: (protocol: 'astm' | 'onetouch', address: string) => Promise<{ readings: MeterReading[]; rejected: string[] }>;
}

/**
 * Opens the meter at `address`, downloads its memory and closes it. The station holds the meter
 * only for the download, so that is its connection: one device-connect once the port is open and
 * one device-disconnect when it is closed (cause 'download-complete', or the error's code). A
 * meter that cannot be opened was never connected and writes nothing, however often retried.
 */
async function defaultDownload(protocol: 'astm' | 'onetouch', address: string, audit: AuditAppender): Promise<{ readings: MeterReading[]; rejected: string[] }> {
  const { createTransport } = await import('../../drivers/transports/open.ts');
  const transport = await createTransport(address, 9600);
  await transport.open();
  const connection = new ConnectionAudit(audit, { objectType: 'poc-meter', address });
  connection.connected();
  let cause = 'download-complete';
  try {
    if (protocol === 'astm') {
      const { downloadAstm } = await import('../../drivers/meters/astmMeter.ts');
      const d = await downloadAstm(transport);
      return { readings: d.readings, rejected: d.errors.map((e) => e.code) };
    }
    const { downloadOneTouch } = await import('../../drivers/meters/oneTouchMeter.ts');
    const d = await downloadOneTouch(transport);
    return { readings: d.readings, rejected: d.withheld.map((w) => `onetouch-${w.reason}`) };
  } catch (e) {
    cause = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'download-failed';
    throw e;
  } finally {
    await transport.close().finally(() => connection.disconnected(cause));
  }
}

function testView(t: CatalogueTest) {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    loinc: t.kind === 'quantitative' ? (t.units[0]?.loinc ?? '') : t.loinc,
    units: t.kind === 'quantitative' ? t.units.map((u) => ({ ucum: u.ucum, loinc: u.loinc, reportable: u.reportable, reference: u.reference, critical: u.critical })) : [],
    allowedValues: t.kind === 'qualitative' ? t.allowedValues.map((a) => a.text) : [],
    members: t.kind === 'panel' ? t.members.map((m) => m.id) : [],
    qcLevels: [...t.qc.levels],
  };
}

/** Builds the POC service and the handlers of every `poc.*` channel; spread `handlers` into the station's map. */
export function createPocServices(o: PocServicesOptions): { readonly service: PocService; readonly handlers: PocHandlers } {
  const service = new PocService({
    store: o.store,
    patientById: o.patientById,
    ...(o.outbox !== undefined ? { outbox: o.outbox } : {}),
    ...(o.hl7 ? { hl7: o.hl7 } : {}),
    ...(o.isSimulated ? { isSimulated: o.isSimulated } : {}),
    onCritical: (r: StoredResult) => o.events.emit('poc.critical', { resultId: r.id, patientId: r.patientId, testId: r.testId, flag: r.flag, simulated: r.simulated }),
  });
  /**
   * A result is entered, matched, corrected, exported or shown only for the patient selected in
   * the caller's session: the id in the request comes from the screen, and a stale screen (or a
   * second window) must not put one patient's result on another's chart. Main holds the
   * selection, so main decides; the date-of-birth confirmation stays as a second identifier.
   */
  const requireSelected = (ctx: CallContext, patientId: number): void => {
    const selected = o.selectedPatientOf(ctx);
    if (selected === null) throw new PocError('poc-no-patient', 'Select the patient first.');
    if (selected !== patientId) throw new PocError('poc-patient-not-selected', 'This result is for a patient other than the one selected on this screen. Select that patient again.');
  };
  const actorFor = (ctx: CallContext, patientOf: () => number): PocActor => {
    const actor = o.actorOf(ctx); // first: nothing is looked up for a caller who is not signed in
    requireSelected(ctx, patientOf());
    return actor;
  };
  /**
   * An operator's action on the POC records: a refusal (a rule, the patient check, a stale screen)
   * is audited here, once, as `attempt` with the error's code (auditRefusal). A caller who is not
   * signed in is refused by the session first and names nobody to record. `attempt` carries what
   * the contract checked as an identifier (ids, test ids, codes), never a value, a lot number or a
   * level as typed: those may be the very input refused, and are not identifiers the log can vouch for.
   */
  const act = auditedActions(o.store.audit, o.actorOf);
  /** A refused action on a stored result version names it and its patient, as its own entries do. */
  const resultAttempt = (resultId: number, e: Omit<AttemptedAction, 'objectType' | 'objectId' | 'patientId'>): AttemptedAction => {
    const ref = service.auditRefOf(resultId);
    return { ...e, objectType: 'poc-result', objectId: ref?.objectId ?? null, patientId: ref?.patientId ?? null, details: { ...e.details, rowId: resultId } };
  };
  const testName = (id: string): string => service.catalogue.get(id)?.name ?? id;
  // Exports committed but not yet in the outbox when the station last stopped go out now, and any
  // that could not be queued later go at the outbox's next periodic flush (see PocService.exportHl7).
  try {
    service.recoverExports();
  } catch {
    // Tried again at every flush and before every export; the station starts regardless.
  }
  o.outbox?.beforeFlush(() => service.recoverExports());
  const download = o.download ?? ((protocol: 'astm' | 'onetouch', address: string) => defaultDownload(protocol, address, o.store.audit));
  const handlers: PocHandlers = {
    'poc.catalogue': () => ({ tests: [...service.catalogue.values()].map(testView) }),
    'poc.meter.download': async (req, ctx) => {
      const actor = o.actorOf(ctx);
      // A failed download is said in plain words, the driver's text kept as the technical detail.
      const d = await download(req.protocol, req.address).catch((e: unknown) => {
        throw meterDownloadFailure(e);
      });
      const { added, duplicates } = service.importReadings(d.readings, actor);
      return { added, duplicates, rejectedMessages: d.rejected };
    },
    'poc.pending.list': (_req, ctx) => {
      o.actorOf(ctx);
      return { readings: service.pending() };
    },
    // Assigning a reading stores a result (VersionedRecords' create entry): a refusal reads the same,
    // and says whether the assistant had confirmed the age of an old reading (`poc-reading-old` without).
    'poc.pending.match': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'create', objectType: 'poc-result', patientId: String(req.patientId), details: { testId: req.testId ?? null, source: 'device', pendingId: req.pendingId, ...(req.confirmReadingAge ? { readingAgeConfirmed: true } : {}) } }), (actor) => {
        requireSelected(ctx, req.patientId);
        return {
          result: service.matchPending(
            {
              pendingId: req.pendingId,
              patientId: req.patientId,
              confirmBirthDate: req.confirmBirthDate,
              lotNumber: req.lotNumber,
              ...(req.testId ? { testId: req.testId } : {}),
              ...(req.confirmReadingAge ? { confirmReadingAge: true } : {}),
            },
            actor,
          ),
        };
      }),
    'poc.pending.discard': (req, ctx) =>
      act(ctx, () => ({ action: 'update', verb: 'discard', objectType: 'poc-pending', objectId: String(req.pendingId), details: { reason: req.reason } }), (actor) => {
        service.discardPending(req.pendingId, req.reason, actor);
        return {};
      }),
    'poc.pending.toQc': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'qc-record', objectType: 'poc-qc', details: { testId: req.testId, pendingId: req.pendingId } }), (actor) => ({
        entry: service.pendingToQc(req.pendingId, { testId: req.testId, lotNumber: req.lotNumber, level: req.level }, actor),
      })),
    'poc.result.enter': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'create', objectType: 'poc-result', patientId: String(req.patientId), details: { testId: req.testId, source: 'manual' } }), (actor) => {
        requireSelected(ctx, req.patientId);
        return { result: service.enterResult(req, actor) };
      }),
    'poc.result.correct': (req, ctx) =>
      act(ctx, () => resultAttempt(req.resultId, { action: 'update', verb: 'amend', details: { amendReason: req.reason } }), (actor) => {
        requireSelected(ctx, service.patientOfResult(req.resultId));
        return { result: service.correctResult(req, actor) };
      }),
    // Looking at a patient's results is an access to their records (issue 3): audited as a view,
    // like opening an EKG, with identifiers only.
    'poc.result.list': (req, ctx) => {
      const actor = actorFor(ctx, () => req.patientId);
      const results = service.resultsForPatient(req.patientId);
      o.store.audit.append({ operator: actor, action: 'read', verb: 'view', objectType: 'poc-results', patientId: String(req.patientId), outcome: 'success', details: { results: results.length } });
      return { results };
    },
    'poc.result.history': (req, ctx) => {
      let versions: StoredResult[] = [];
      const actor = actorFor(ctx, () => {
        versions = service.history(req.recordId);
        // Every version of a record belongs to its first version's patient (a correction keeps it).
        const first = versions[0];
        if (!first) throw new PocError('poc-not-found', 'no such result');
        return first.patientId;
      });
      const patientId = versions[0]!.patientId;
      o.store.audit.append({ operator: actor, action: 'read', verb: 'view', objectType: 'poc-result', objectId: req.recordId, patientId: String(patientId), outcome: 'success', details: { versions: versions.length } });
      return { versions };
    },
    'poc.result.export': (req, ctx) =>
      act(ctx, () => resultAttempt(req.resultId, { action: 'execute', verb: 'export' }), (actor) => {
        requireSelected(ctx, service.patientOfResult(req.resultId));
        const { controlId, queued } = service.exportHl7(req.resultId, actor);
        return { controlId, queued };
      }),
    'poc.lot.add': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'create', objectType: 'poc-lot', details: { testId: req.testId } }), (actor) => ({ lot: service.addLot(req.testId, req.lotNumber, req.expires, actor) })),
    'poc.lot.list': (req, ctx) => {
      o.actorOf(ctx);
      return { lots: service.lots(req.testId) };
    },
    'poc.qc.record': (req, ctx) =>
      act(ctx, () => ({ action: 'create', verb: 'qc-record', objectType: 'poc-qc', details: { testId: req.testId } }), (actor) => ({
        entry: service.recordQc({ testId: req.testId, lotNumber: req.lotNumber, level: req.level, value: req.value, performedAtMs: o.store.clockMs(), deviceId: req.deviceId ?? null }, actor),
      })),
    'poc.qc.status': (req, ctx) => {
      o.actorOf(ctx);
      return { status: service.qcStatus(req.testId, req.lotNumber, o.store.clockMs()) };
    },
    'poc.qc.log': (req, ctx) => {
      o.actorOf(ctx);
      return { entries: service.qcLog({ ...(req.testId ? { testId: req.testId } : {}), limit: req.limit }) };
    },
    // Shown on every screen, whoever is selected: each alert carries its own patient's two
    // identifiers and the test's name, so the value is never reported for the patient on screen by mistake.
    'poc.critical.unacknowledged': (_req, ctx) => {
      o.actorOf(ctx);
      return {
        results: service.unacknowledgedCriticals().map((r) => {
          const p = o.patientById(r.patientId);
          return { ...r, testName: testName(r.testId), patient: p ? { mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, simulated: p.simulated } : null };
        }),
      };
    },
    // The outbox's counts and errors, its mode (mllp: the EMR acknowledges; folder: files placed
    // for the EMR's interface, nobody confirms), and the exports committed but not in the outbox
    // yet with the last error queueing them: a row says `waiting` for those too.
    'poc.emr.status': (_req, ctx) => {
      o.actorOf(ctx);
      const outbox = o.outbox ?? null;
      if (!outbox) return { status: { linked: false, mode: null, pending: 0, notQueued: 0, queueError: null, failed: 0, quarantined: [], oldestPendingError: null, lastFlushError: null, lastFlushAtMs: null } };
      const st = outbox.status();
      return { status: { linked: true, ...st, ...service.exportQueueStatus(), quarantined: [...st.quarantined] } };
    },
    'poc.critical.acknowledge': (req, ctx) =>
      act(ctx, () => resultAttempt(req.resultId, { action: 'update', verb: 'critical-ack', details: { method: req.method } }), (actor) => {
        service.acknowledgeCritical(req.resultId, { notifiedName: req.notifiedName, notifiedRole: req.notifiedRole, method: req.method, readBack: req.readBack }, actor);
        o.events.emit('poc.criticalAcknowledged', { resultId: req.resultId });
        return {};
      }),
  };
  return { service, handlers };
}
