import { StationError } from '../../common/errors.ts';
import type { recordsChannels } from '../../common/ipc/channels/records.ts';
import type { Handler } from '../ipc/dispatch.ts';
import { queryAuditPage, type AuditPage } from '../storage/auditQuery.ts';
import { openAnchorFindings } from '../storage/auditVerify.ts';
import type { Store } from '../storage/store.ts';
import { Operators, type Operator } from './operators.ts';
import { PATIENT_CREATE, Patients } from './patients.ts';
import { requireRole, Sessions } from './sessions.ts';
import { AUTO_LOCK_CHANGE, getAutoLockMs, setAutoLockMs } from './settings.ts';
import type { ScryptCost } from './secrets.ts';

export type RecordsChannelName = keyof typeof recordsChannels;
export type RecordsHandlers = { readonly [C in RecordsChannelName]: Handler<C> };

/** The records services, built once per station; the lead's app composes `handlers` into the full map. */
export interface RecordsServices {
  readonly operators: Operators;
  readonly sessions: Sessions;
  readonly patients: Patients;
  readonly handlers: RecordsHandlers;
}

const operatorView = (o: Operator) => ({ login: o.login, displayName: o.displayName, role: o.role, simulated: o.simulated });

/**
 * A search of the audit trail is audited as a view of the log. A role refusal of a search, or of
 * the list of open anchor findings, reads the same, without the search's filters: they are free
 * text from a caller who may not search at all.
 */
const AUDIT_LOG_VIEW = { action: 'read', verb: 'view', objectType: 'audit-log' } as const;

/**
 * A page of the log with each entry's patient as an administrator knows it, the MRN (null: no
 * patient, or one no longer on this station): the log keeps the station's internal id, which
 * means nothing to a person. Looked up unaudited, like the MRN filter: the search is audited.
 */
function withPatientMrns(page: AuditPage, patients: Patients) {
  const mrns = new Map<string, string | null>();
  const mrnOf = (patientId: string): string | null => {
    if (!mrns.has(patientId)) mrns.set(patientId, /^[1-9][0-9]*$/.test(patientId) ? (patients.get(Number(patientId))?.mrn ?? null) : null);
    return mrns.get(patientId) ?? null;
  };
  return { ...page, entries: page.entries.map((e) => ({ ...e, patientMrn: e.patientId === null ? null : mrnOf(e.patientId) })) };
}

/** Builds the records services over an open store and the handlers of every `records.*` channel. */
export function createRecordsServices(store: Store, options: { readonly pinCost?: ScryptCost } = {}): RecordsServices {
  const operators = new Operators(store, options.pinCost ? { pinCost: options.pinCost } : {});
  const sessions = new Sessions(store, operators, () => getAutoLockMs(store));
  const patients = new Patients(store);

  const state = (sessionId: string) => {
    const snap = sessions.snapshot(sessionId);
    const patient = snap.patientId === null ? null : (patients.get(snap.patientId) ?? null);
    return {
      needsSetup: operators.count() === 0,
      operator: snap.operator ? operatorView(snap.operator) : null,
      locked: snap.locked,
      patient,
      autoLockMs: snap.autoLockMs,
      lockAtMs: snap.lockAtMs,
    };
  };

  const handlers: RecordsHandlers = {
    'records.firstRun.status': () => ({ needsSetup: operators.count() === 0 }),
    'records.firstRun.setup': async (req, ctx) => {
      await operators.add({ ...req, role: 'admin' }, { id: 'first-run', role: 'system' }, { onlyIfNone: true });
      await sessions.signIn(ctx.sessionId, req.badgeId, req.pin);
      return state(ctx.sessionId);
    },
    'records.session.state': (_req, ctx) => state(ctx.sessionId),
    'records.session.signIn': async (req, ctx) => {
      await sessions.signIn(ctx.sessionId, req.badgeId, req.pin);
      return state(ctx.sessionId);
    },
    'records.session.signOut': (_req, ctx) => {
      sessions.signOut(ctx.sessionId);
      return state(ctx.sessionId);
    },
    'records.session.lock': (_req, ctx) => {
      sessions.lock(ctx.sessionId);
      return state(ctx.sessionId);
    },
    'records.session.unlock': async (req, ctx) => {
      await sessions.unlock(ctx.sessionId, req.pin);
      return state(ctx.sessionId);
    },
    'records.session.activity': (_req, ctx) => {
      sessions.activity(ctx.sessionId);
      return state(ctx.sessionId);
    },
    'records.patients.search': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      return { patients: patients.search(req.query, req.limit, s.operator) };
    },
    'records.patients.select': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      const patient = patients.view('mrn' in req ? { mrn: req.mrn } : { id: req.patientId }, s.operator);
      sessions.setPatient(ctx.sessionId, patient.id);
      return state(ctx.sessionId);
    },
    'records.patients.clear': (_req, ctx) => {
      sessions.requireActive(ctx.sessionId);
      sessions.setPatient(ctx.sessionId, null);
      return state(ctx.sessionId);
    },
    'records.patients.possibleDuplicates': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      return { patients: patients.possibleDuplicates(req, s.operator) };
    },
    'records.patients.create': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      requireRole(store.audit, s, PATIENT_CREATE, 'ma', 'provider');
      return patients.create(req, s.operator);
    },
    'records.settings.autoLock': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      if (req.autoLockMs !== undefined) {
        requireRole(store.audit, s, { ...AUTO_LOCK_CHANGE, details: { from: getAutoLockMs(store), to: req.autoLockMs } }, 'admin');
        setAutoLockMs(store, req.autoLockMs, s.operator);
      }
      return { autoLockMs: getAutoLockMs(store) };
    },
    'records.audit.query': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      requireRole(store.audit, s, AUDIT_LOG_VIEW, 'admin');
      // Its own code, not invalid-request: the screen shows the message, which says which field and why.
      if (req.fromUtc !== undefined && req.toUtc !== undefined && req.fromUtc > req.toUtc) {
        throw new StationError('audit-dates-reversed', 'The From date is after the To date: choose a From date on or before the To date.');
      }
      const { cursor, limit, patientMrn, ...rest } = req;
      if (patientMrn !== undefined && rest.patientId !== undefined) throw new StationError('invalid-request', "give the patient's MRN or its patient id, not both");
      const filters = { operatorFilter: rest.operatorId ?? null, verbFilter: rest.verb ?? null, actionFilter: rest.action ?? null };
      // The log holds patient ids; an administrator knows the MRN (unaudited lookup: the search itself is audited below).
      const byMrn = patientMrn === undefined ? undefined : patients.byMrn(patientMrn);
      if (patientMrn !== undefined && byMrn === undefined) {
        // A search that found no patient is still an access attempt; the MRN itself is never logged.
        if (cursor === null) store.audit.append({ ...AUDIT_LOG_VIEW, operator: s.operator, outcome: 'failure', reason: 'patient-not-found', details: filters });
        throw new StationError('patient-not-found', 'No patient on this station has that MRN: check it, or clear the patient filter.');
      }
      const filter = byMrn === undefined ? rest : { ...rest, patientId: String(byMrn.id) };
      // Looking at the trail is itself an access to audited records: logged once per search, not per page.
      if (cursor === null) {
        store.audit.append({ ...AUDIT_LOG_VIEW, operator: s.operator, patientId: filter.patientId ?? null, outcome: 'success', details: filters });
      }
      return withPatientMrns(queryAuditPage(store.db, filter, cursor, limit), patients);
    },
    'records.audit.openFindings': (_req, ctx) => {
      requireRole(store.audit, sessions.requireActive(ctx.sessionId), { ...AUDIT_LOG_VIEW, details: { listing: 'open-anchor-findings' } }, 'admin');
      return { findings: openAnchorFindings(store.db) };
    },
    'records.audit.acknowledgeAnchor': (req, ctx) => {
      const s = sessions.requireActive(ctx.sessionId);
      // The admin check is acknowledgeAnchorMismatch's own (the CLI acknowledges through it too), and
      // it audits its refusal as requireRole would.
      const ack = store.audit.acknowledgeAnchorMismatch(req.seq, { id: s.operator.id, role: s.operator.role });
      return { seq: ack.seq, findingReason: ack.findingReason, lostSeqs: ack.lostSeqs };
    },
  };
  return { operators, sessions, patients, handlers };
}
