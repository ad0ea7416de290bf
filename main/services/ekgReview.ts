/**
 * EKG review workflow (issue 5): stores a capture with its analysis (never altered afterwards),
 * records "provider notified", the acknowledgement of immediate flags, and the provider's
 * confirmation or over-read. Every step is audited in the same transaction as its row.
 */
import { isoCalendarMs, parseIsoCalendar } from '../../common/calendar.ts';
import { faultName, StationError } from '../../common/errors.ts';
import { incompleteCaptureNote } from '../../common/ekg/captureCompleteness.ts';
import { commentLimitProblem, notifiedAtProblem, notifiedWhomProblem, type NotifyMethod } from '../../common/ekg/reviewWording.ts';
import type { AuditDetails, AuditRole } from '../audit/entry.ts';
import type { EkgInterpretation } from '../domain/ekg-flags/summary.ts';
import { reviewState, type ReviewEvent, type ReviewEventKind, type ReviewState } from '../domain/ekg-review/state.ts';
import type { Store } from '../storage/store.ts';
import { encodeAecg, type AecgDocument } from '../ekg/aecg/aecg.ts';
import { aecgDevice, aecgFromCapture, AecgPrecisionError } from '../ekg/aecg/export.ts';
import { secondsText } from '../../common/format/seconds.ts';
import { standardLeadName } from '../ekg/twelve-lead/leads.ts';
import type { StoredCartDevice } from '../devices/cart/storeCapture.ts';
import { parseStoredSettings } from '../devices/cart/storedSettings.ts';
import { ReportTooLongError } from '../domain/ekg-report/layout.ts';
import { assertReportText, ReportTextError } from './ekgReport.ts';
import { ekgReportLayout } from './ekgReportOf.ts';
import { isCareRole, Operators } from './operators.ts';
import { Patients } from './patients.ts';
import { IMMEDIATE_ANALYSIS_CONDITION } from '../storage/migrations/0015_ekg_immediate_index.ts';
import { FINAL_REVIEW_CONDITION, WORKLIST_CONDITION, WORKLIST_RANK_SQL } from '../storage/migrations/0017_ekg_worklist_index.ts';

export class EkgReviewError extends StationError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'EkgReviewError';
  }
}

/** The aECG XML of a document, or why it could not be written (a sample it cannot carry unchanged, or any other fault). */
function aecgOrRefusal(document: () => AecgDocument): { ok: true; xml: string } | { ok: false; refusal: AecgPrecisionError } | { ok: false; fault: unknown } {
  try {
    return { ok: true, xml: encodeAecg(document()) };
  } catch (e) {
    if (e instanceof AecgPrecisionError) return { ok: false, refusal: e };
    return { ok: false, fault: e };
  }
}

/**
 * A refused aECG export in the assistant's words: what is wrong with this EKG, why the file cannot
 * carry it, and where the tracing can still be seen. A capture with frames lost on the link is the
 * case met in practice; the station fills no gap and rounds no sample, so it exports nothing.
 */
export function aecgRefusalText(r: { lead: string; missingSamples: number | null }, fsHz: number): string {
  const nothing = 'The PDF report shows the tracing. Nothing was exported.';
  if (r.missingSamples === null) {
    return `This EKG cannot be saved as an aECG file: the file stores whole numbers, and lead ${r.lead} cannot be written that way without changing its signal (the station never changes a sample). ${nothing}`;
  }
  const seconds = r.missingSamples / fsHz;
  const howLong = seconds >= 0.05 ? secondsText(seconds) : 'under 0.1 s';
  return `This EKG cannot be saved as an aECG file: ${howLong} of lead ${r.lead} never arrived from the cart, and an aECG file has no way to mark missing signal (the station never fills it in). ${nothing}`;
}

/**
 * The name an exported EKG file is saved under, one rule for the PDF and the aECG: a SIMULATED
 * EKG's says so (a tester found `ekg-1.pdf` beside `ekg-1-SIMULATED.xml`).
 */
export function ekgExportFileName(ekg: { readonly id: number; readonly simulated: boolean }, extension: 'pdf' | 'xml'): string {
  return `ekg-${ekg.id}${ekg.simulated ? '-SIMULATED' : ''}.${extension}`;
}

/** How storing a capture is audited (plus the EKG and patient ids); a refused Capture reads the same (requireRole). */
export const EKG_CAPTURE = { action: 'create', verb: 'ekg-capture', objectType: 'ekg' } as const;

/** An EKG whose immediate finding waits for acknowledgement: identifiers only. */
export interface PendingImmediate {
  readonly id: number;
  readonly patientId: number | null;
  readonly capturedAtUtc: string;
  readonly capturedBy: string;
  /** The capturer recorded whom they told (only the acknowledgement is left). */
  readonly providerNotified: boolean;
}

export interface Actor {
  readonly id: string;
  readonly role: AuditRole;
}

export interface NewCapture {
  patientId: number | null;
  /**
   * When the first sample was recorded (UTC ISO-8601): what "Recorded" and "Acquired" mean, and the
   * aECG's first-sample time. A cart capture knows it (its startedAtUtc); stored 10 s or more later,
   * the storing time dated every sample late. Absent: the moment it is stored (demo, tests).
   */
  capturedAtUtc?: string | undefined;
  deviceId: string;
  simulated: boolean;
  fsHz: number;
  filterSettings: string;
  leads: readonly { name: string; mv: Float32Array }[];
  interpretation: EkgInterpretation;
}

export interface StoredEkg {
  id: number;
  patientId: number | null;
  capturedAtUtc: string;
  capturedBy: string;
  deviceId: string;
  simulated: boolean;
  fsHz: number;
  filterSettings: string;
  leadNames: string[];
  interpretation: EkgInterpretation;
  review: ReviewState;
  /** A capture cut short, in plain words (how much was recorded, why); null when complete or not a cart capture. */
  captureNote: string | null;
  /** How many seconds a capture cut short recorded; null when complete or not a cart capture (as captureNote). */
  incompleteRecordedSeconds: number | null;
}

interface Row {
  id: number;
  patient_id: number | null;
  captured_at_utc: string;
  captured_by: string;
  device_id: string;
  simulated: number;
  fs_hz: number;
  samples_per_lead: number;
  lead_names: string;
  filter_settings: string;
  analysis_json: string;
}

interface EventRow {
  kind: ReviewEventKind;
  at_utc: string;
  actor_id: string;
  actor_role: string;
  notified_whom: string | null;
  notified_how: NotifyMethod | null;
  notified_at_utc: string | null;
  comment: string | null;
}

function packLeads(leads: NewCapture['leads']): Uint8Array {
  const n = leads[0]?.mv.length ?? 0;
  const out = new Float32Array(n * leads.length);
  leads.forEach((l, k) => out.set(l.mv, k * n));
  return new Uint8Array(out.buffer);
}

const viewKey = (actor: Actor, sessionId: string, ekgId: number) => `${actor.id}\u0000${sessionId}\u0000${ekgId}`;

/** How a look at the review worklist is audited; a refused one reads the same. */
const WORKLIST_VIEW = { action: 'read', verb: 'view', objectType: 'ekg-worklist', objectId: null } as const;

/**
 * A role refusal of the review service, audited as the step would have been (verb, object), with
 * outcome failure and reason `forbidden`, like requireRole's (sessions.ts), then thrown. Nothing is
 * read first: the EKG is named by the id asked for, its patient is not looked up.
 */
function refuse(store: Store, actor: Actor, attempt: { action: 'read' | 'update'; verb: string; objectType: string; objectId: string | null }, message: string): never {
  store.audit.append({ ...attempt, operator: actor, patientId: null, outcome: 'failure', reason: 'forbidden' });
  throw new EkgReviewError('forbidden', message);
}

/** Notifying the provider and acknowledging a finding are care steps: an assistant's or a provider's, not an administrator's. */
function requireCareRole(store: Store, actor: Actor, id: number, kind: ReviewEventKind): void {
  if (!isCareRole(actor.role)) {
    refuse(store, actor, { action: 'update', verb: `ekg-${kind}`, objectType: 'ekg', objectId: String(id) }, 'only a medical assistant or a provider records the review steps of an EKG');
  }
}

/** A cart capture's step in mV (its device_id JSON records the resolution); null for other sources. */
function acquisitionStepMv(deviceId: string): number | null {
  let device: Partial<StoredCartDevice> | null = null;
  try {
    device = JSON.parse(deviceId) as Partial<StoredCartDevice> | null;
  } catch {
    // A plain device name (demo, file import): no recorded step.
    return null;
  }
  const nv = device?.resolutionNvPerLsb;
  return typeof nv === 'number' && nv > 0 ? nv / 1e6 : null;
}

/**
 * An operator's EKGs with an immediate flag and no acknowledgement yet: through the partial index
 * of migration 0015 (only rows with an immediate flag), acknowledged ones left out in SQL.
 */
const awaitingSql = (capturer: '=' | '<>') => `SELECT e.id FROM ekg_records e WHERE e.captured_by ${capturer} ? AND ${IMMEDIATE_ANALYSIS_CONDITION}
  AND NOT EXISTS (SELECT 1 FROM ekg_review_events r WHERE r.ekg_id = e.id AND r.kind = 'immediate-acknowledged') ORDER BY e.id`;
export const AWAITING_BY_OPERATOR_SQL = awaitingSql('=');
/** The same, for every operator but one. */
const AWAITING_BY_OTHERS_SQL = awaitingSql('<>');

const UNCONFIRMED_WITH_PATIENT = `FROM ekg_records WHERE ${WORKLIST_CONDITION}
  AND NOT EXISTS (SELECT 1 FROM ekg_review_events r WHERE r.ekg_id = ekg_records.id AND r.${FINAL_REVIEW_CONDITION})`;
/**
 * The providers' worklist: unconfirmed EKGs with a patient, most urgent first (immediate, prompt,
 * then routine or no flag), then oldest first. Walks migration 0017's index in this order.
 */
export const WORKLIST_SQL = `SELECT id ${UNCONFIRMED_WITH_PATIENT} ORDER BY ${WORKLIST_RANK_SQL}, captured_at_utc, id LIMIT ?`;
export const WORKLIST_COUNT_SQL = `SELECT count(*) ${UNCONFIRMED_WITH_PATIENT}`;
/** Of those, the ones with an immediate flag (the tab's badge, ekg.reviewCounts). */
export const WORKLIST_IMMEDIATE_COUNT_SQL = `SELECT count(*) ${UNCONFIRMED_WITH_PATIENT} AND ${IMMEDIATE_ANALYSIS_CONDITION}`;

export type WorklistUrgency = 'immediate' | 'prompt' | 'routine' | 'none';

const URGENCY_ORDER: readonly WorklistUrgency[] = ['immediate', 'prompt', 'routine'];

export interface WorklistEntry {
  readonly ekgId: number;
  readonly patientId: number;
  readonly capturedAtUtc: string;
  /** The most urgent flag's urgency ('none': no flag). */
  readonly urgency: WorklistUrgency;
  /** Every flag's code, most urgent first. */
  readonly flagCodes: string[];
  /** Every flag's text, in the same order. */
  readonly flagTexts: string[];
  readonly providerNotified: boolean;
  readonly simulated: boolean;
  /** A capture cut short: the seconds it recorded, so a provider choosing what to read sees it is short; null when complete. */
  readonly incompleteRecordedSeconds: number | null;
}

/** How long an unchanged worklist answer in the same window counts as the same look (not audited again). */
export const WORKLIST_REAUDIT_MS = 15 * 60_000;

/**
 * A capture cut short, from the cart capture's own account of itself (its stored settings,
 * main/devices/cart/storedSettings.ts): how much was recorded, and the note every reader is shown
 * (incompleteCaptureNote). Nothing for a complete capture, or settings written as text (files, demo).
 */
function incompletenessOf(filterSettings: string, recordedSeconds: number): { note: string; recordedSeconds: number } | null {
  const capture = parseStoredSettings(filterSettings)?.capture;
  const note = capture === undefined ? null : incompleteCaptureNote(capture, recordedSeconds);
  return note === null ? null : { note, recordedSeconds };
}

export class EkgReviewService {
  /** Per provider and window, the worklist answer last audited (total and EKG ids) and when: see worklist(). */
  private readonly worklistShown = new Map<string, { shown: string; atMs: number }>();
  /** When each operator last viewed each EKG in each window (view()): the tracing read right after is part of that look (viewSamples()). */
  private readonly viewedAtMs = new Map<string, number>();
  /** Display names of the review's operators: made once, not per event read (engineering.md: reuse prepared statements). */
  private operators: Operators | undefined;

  constructor(private readonly store: Store) {}

  private now(): string {
    return new Date(this.store.clockMs()).toISOString();
  }

  saveCapture(actor: Actor, c: NewCapture): StoredEkg {
    const n = c.leads[0]?.mv.length ?? 0;
    if (n === 0 || c.leads.some((l) => l.mv.length !== n)) throw new EkgReviewError('invalid-capture', 'capture leads must be non-empty and of equal length');
    const startedMs = c.capturedAtUtc === undefined ? this.store.clockMs() : Date.parse(c.capturedAtUtc);
    if (!Number.isFinite(startedMs)) throw new EkgReviewError('invalid-capture', 'the capture start is not a time');
    // One form (toISOString) whatever the caller wrote: the worklist orders by this text.
    const capturedAtUtc = new Date(startedMs).toISOString();
    const id = this.store.transaction(() => {
      const res = this.store.db
        .prepare(
          `INSERT INTO ekg_records (patient_id, captured_at_utc, captured_by, device_id, simulated, fs_hz, samples_per_lead, lead_names, filter_settings, raw_samples, analysis_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.patientId, capturedAtUtc, actor.id, c.deviceId, c.simulated ? 1 : 0, c.fsHz, n, JSON.stringify(c.leads.map((l) => l.name)), c.filterSettings, packLeads(c.leads), JSON.stringify(c.interpretation));
      const newId = Number(res.lastInsertRowid);
      this.store.audit.append({
        ...EKG_CAPTURE,
        operator: actor,
        objectId: String(newId),
        patientId: c.patientId === null ? null : String(c.patientId),
        outcome: 'success',
        details: { flags: c.interpretation.flags.length, simulated: c.simulated },
      });
      return newId;
    });
    return this.get(id);
  }

  /**
   * EKGs of this patient that `capturedBy` captured and whose immediate findings are still not
   * acknowledged (oldest first). While there is one, main refuses to let that operator leave the
   * patient (sign out, switch or clear the patient): the UI's guard alone could be bypassed.
   */
  awaitingAcknowledgement(patientId: number, capturedBy: string): number[] {
    const ids = this.store.db.prepare('SELECT id FROM ekg_records WHERE patient_id = ? AND captured_by = ? ORDER BY id').pluck().all(patientId, capturedBy) as number[];
    return ids.filter((id) => !this.get(id).review.canLeaveScreen);
  }

  /**
   * Every EKG this operator captured whose immediate finding is not acknowledged yet, oldest first,
   * whichever patient it is of: shown on every screen after a reload or a new sign-in, when the
   * EKG screen that held the assistant there is gone. Only records with an immediate flag are read.
   */
  awaitingAcknowledgementBy(capturedBy: string): PendingImmediate[] {
    return this.awaiting(AWAITING_BY_OPERATOR_SQL, capturedBy);
  }

  /**
   * The EKGs other operators captured whose immediate finding is not acknowledged yet, oldest first:
   * shown to whoever is signed in, because the capturer may be gone (another operator took the
   * locked station over, and was never told; a UI tester). Identifiers only, as above.
   */
  awaitingAcknowledgementByOthers(operatorId: string): PendingImmediate[] {
    return this.awaiting(AWAITING_BY_OTHERS_SQL, operatorId);
  }

  private awaiting(sql: string, operatorId: string): PendingImmediate[] {
    const ids = this.store.db.prepare(sql).pluck().all(operatorId) as number[];
    return ids
      .map((id) => this.get(id))
      .filter((e) => !e.review.canLeaveScreen)
      .map((e) => ({ id: e.id, patientId: e.patientId, capturedAtUtc: e.capturedAtUtc, capturedBy: e.capturedBy, providerNotified: e.review.providerNotified }));
  }

  /** The patient's EKGs, newest first (ids only: callers open one with view(), which is audited). */
  listForPatient(patientId: number): number[] {
    return (this.store.db.prepare('SELECT id FROM ekg_records WHERE patient_id = ? ORDER BY id DESC LIMIT 50').pluck().all(patientId) as number[]);
  }

  /**
   * The EKGs waiting for a provider's review, across patients, most urgent first, then oldest
   * first: at most `limit`, with the number waiting in all. Only a provider confirms or over-reads,
   * so only a provider is shown it (`forbidden` otherwise, before anything is read). Audited as a
   * view of the list: counts only, no names and no ids (like a patient search), each time the
   * answer differs from the one last audited for that provider.
   */
  worklist(actor: Actor, limit: number, sessionId = ''): { total: number; entries: WorklistEntry[] } {
    if (actor.role !== 'provider') refuse(this.store, actor, WORKLIST_VIEW, 'only a provider sees the EKGs waiting for review');
    const ids = this.store.db.prepare(WORKLIST_SQL).pluck().all(limit) as number[];
    const total = this.store.db.prepare(WORKLIST_COUNT_SQL).pluck().get() as number;
    const entries = ids.map((id): WorklistEntry => {
      const e = this.get(id);
      const flags = [...e.interpretation.flags].sort((a, b) => URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency));
      return {
        ekgId: e.id,
        patientId: e.patientId!, // WORKLIST_CONDITION: only EKGs with a patient
        capturedAtUtc: e.capturedAtUtc,
        urgency: flags[0]?.urgency ?? 'none',
        flagCodes: flags.map((f) => f.code),
        flagTexts: flags.map((f) => f.text),
        providerNotified: e.review.providerNotified,
        simulated: e.simulated,
        incompleteRecordedSeconds: e.incompleteRecordedSeconds,
      };
    });
    // The screen reads the list again every 30 s: the answer the same provider was shown in the
    // same window minutes ago (same EKGs, same total) is not a new look at anyone's record, so it is
    // audited once, not 120 times an hour. Another window, another sign-in or WORKLIST_REAUDIT_MS
    // later, the same list is audited again.
    const shown = `${total}:${entries.map((e) => e.ekgId).join(',')}`;
    const key = `${actor.id}\u0000${sessionId}`;
    const nowMs = this.store.clockMs();
    const last = this.worklistShown.get(key);
    if (last !== undefined && last.shown === shown && nowMs - last.atMs < WORKLIST_REAUDIT_MS) return { total, entries };
    for (const [k, v] of this.worklistShown) if (nowMs - v.atMs >= WORKLIST_REAUDIT_MS) this.worklistShown.delete(k);
    this.worklistShown.set(key, { shown, atMs: nowMs });
    this.store.audit.append({
      ...WORKLIST_VIEW,
      operator: actor,
      patientId: null,
      outcome: 'success',
      details: { entries: entries.length, total },
    });
    return { total, entries };
  }

  get(id: number): StoredEkg {
    // Every column but raw_samples: the samples are read only where needed (samples()), not on
    // each look at a review's state (the leave guard asks for every EKG of the patient).
    const row = this.store.db
      .prepare(
        `SELECT e.id, e.patient_id, e.captured_at_utc, e.captured_by, e.device_id, e.simulated, p.simulated AS patient_simulated, e.fs_hz, e.samples_per_lead, e.lead_names, e.filter_settings, e.analysis_json
         FROM ekg_records e LEFT JOIN patients p ON p.id = e.patient_id WHERE e.id = ?`,
      )
      .get(id) as (Row & { patient_simulated: number | null }) | undefined;
    if (row === undefined) throw new EkgReviewError('not-found', `no EKG ${id}`);
    const interpretation = JSON.parse(row.analysis_json) as EkgInterpretation;
    const incomplete = incompletenessOf(row.filter_settings, row.samples_per_lead / row.fs_hz);
    return {
      id: row.id,
      patientId: row.patient_id,
      capturedAtUtc: row.captured_at_utc,
      capturedBy: row.captured_by,
      deviceId: row.device_id,
      // A demo patient's EKG is simulated data wherever it shows (screen, PDF, aECG), whatever the cart.
      simulated: row.simulated === 1 || row.patient_simulated === 1,
      fsHz: row.fs_hz,
      filterSettings: row.filter_settings,
      leadNames: JSON.parse(row.lead_names) as string[],
      interpretation,
      review: reviewState(interpretation.flags, this.events(id)),
      captureNote: incomplete?.note ?? null,
      incompleteRecordedSeconds: incomplete?.recordedSeconds ?? null,
    };
  }

  /**
   * Providers only: how many EKGs wait for review, and how many of them have an immediate flag.
   * Counts only (no patient, no EKG id), so not audited: nobody's record is shown, as no patient
   * search result is; opening the list (worklist()) and then an EKG (view()) are.
   */
  reviewCounts(actor: Actor): { waiting: number; immediate: number } {
    if (actor.role !== 'provider') throw new EkgReviewError('forbidden', 'only a provider sees the EKGs waiting for review');
    return {
      waiting: this.store.db.prepare(WORKLIST_COUNT_SQL).pluck().get() as number,
      immediate: this.store.db.prepare(WORKLIST_IMMEDIATE_COUNT_SQL).pluck().get() as number,
    };
  }

  /**
   * The stored recording as the review panel draws it, for an operator: part of viewing the EKG, so
   * audited as a view unless this operator's view() of it in this window was audited less than
   * WORKLIST_REAUDIT_MS ago (the panel reads the EKG, then its tracing: one look, one entry). A
   * caller that reads the tracing alone is audited all the same. `ekg`: as get() read it (the
   * caller's patient check reads it first; it is not read again).
   */
  viewSamples(ekg: StoredEkg, actor: Actor, sessionId = ''): { name: string; mv: Float32Array }[] {
    const id = ekg.id;
    const at = this.viewedAtMs.get(viewKey(actor, sessionId, id));
    if (at === undefined || this.store.clockMs() - at >= WORKLIST_REAUDIT_MS) {
      this.auditView(ekg, actor, { part: 'tracing' });
      this.noteViewed(actor, sessionId, id);
    }
    return this.samples(id);
  }

  private noteViewed(actor: Actor, sessionId: string, id: number): void {
    const nowMs = this.store.clockMs();
    for (const [k, atMs] of this.viewedAtMs) if (nowMs - atMs >= WORKLIST_REAUDIT_MS) this.viewedAtMs.delete(k);
    this.viewedAtMs.set(viewKey(actor, sessionId, id), nowMs);
  }

  private auditView(ekg: StoredEkg, actor: Actor, details?: Record<string, string>): void {
    this.store.audit.append({
      operator: actor,
      action: 'read',
      verb: 'view',
      objectType: 'ekg',
      objectId: String(ekg.id),
      patientId: ekg.patientId === null ? null : String(ekg.patientId),
      outcome: 'success',
      ...(details === undefined ? {} : { details }),
    });
  }

  /** The EKG as shown on screen to an operator: audited as a read (access to patient data is logged). `sessionId`: the window, see viewSamples(). */
  view(id: number, actor: Actor, sessionId = ''): StoredEkg {
    const ekg = this.get(id);
    this.noteViewed(actor, sessionId, id);
    this.auditView(ekg, actor);
    return ekg;
  }

  /** The raw capture, lead by lead (mV), exactly as stored. */
  samples(id: number): { name: string; mv: Float32Array }[] {
    const row = this.store.db.prepare('SELECT lead_names, samples_per_lead, raw_samples FROM ekg_records WHERE id = ?').get(id) as
      | { lead_names: string; samples_per_lead: number; raw_samples: Uint8Array }
      | undefined;
    if (row === undefined) throw new EkgReviewError('not-found', `no EKG ${id}`);
    const all = new Float32Array(Uint8Array.from(row.raw_samples).buffer);
    const n = row.samples_per_lead;
    return (JSON.parse(row.lead_names) as string[]).map((name, k) => ({ name, mv: all.slice(k * n, (k + 1) * n) }));
  }

  private events(id: number): ReviewEvent[] {
    const rows = this.store.db.prepare('SELECT * FROM ekg_review_events WHERE ekg_id = ? ORDER BY id').all(id) as EventRow[];
    return rows.map((r) => ({
      kind: r.kind,
      atUtc: r.at_utc,
      actorId: r.actor_id,
      actorName: this.operatorName(r.actor_id),
      actorRole: r.actor_role,
      notifiedWhom: r.notified_whom,
      notifiedHow: r.notified_how,
      notifiedAtUtc: r.notified_at_utc,
      comment: r.comment,
    }));
  }

  /** An operator's display name, as people know them; the login when the account is not on file (read only). */
  operatorName(login: string): string {
    return (this.operators ??= new Operators(this.store)).get(login)?.displayName ?? login;
  }

  private addEvent(id: number, actor: Actor, kind: ReviewEventKind, fields: { whom?: string; how?: NotifyMethod; atUtc?: string; comment?: string }): StoredEkg {
    const current = this.get(id);
    this.store.transaction(() => {
      this.store.db
        .prepare('INSERT INTO ekg_review_events (ekg_id, kind, at_utc, actor_id, actor_role, notified_whom, notified_how, notified_at_utc, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, kind, this.now(), actor.id, actor.role, fields.whom ?? null, fields.how ?? null, fields.atUtc ?? null, fields.comment ?? null);
      this.store.audit.append({
        operator: actor,
        action: 'update',
        verb: `ekg-${kind}`,
        objectType: 'ekg',
        objectId: String(id),
        patientId: current.patientId === null ? null : String(current.patientId),
        outcome: 'success',
        details: { method: fields.how ?? null, hasComment: fields.comment !== undefined },
      });
    });
    return this.get(id);
  }

  /**
   * HL7 aECG XML of a stored EKG, audited as an export: the leads as stored (a cart's I, II, V1-V6;
   * a reader derives III, aVR, aVL, aVF as the station does), each read back bit for bit; every
   * measurement with both QTc formulas; the patient by MRN, name, sex and birth date; the review,
   * the flags, the device and the capturing operator (docs/aecg.md). A capture
   * with missing samples, or one its digits cannot carry exactly, is refused (AecgPrecisionError):
   * gaps are never filled in and samples never rounded.
   */
  exportAecg(id: number, actor: Actor): { xml: string; fileName: string } {
    const ekg = this.get(id);
    const leads = this.samples(id).flatMap((l) => {
      const name = standardLeadName(l.name);
      return name === null ? [] : [{ name, mv: l.mv }];
    });
    const patient = ekg.patientId === null ? null : new Patients(this.store).get(ekg.patientId);
    if (patient === undefined) throw new EkgReviewError('not-found', `the patient of EKG ${id} is not on file`);
    const exported = aecgOrRefusal(() =>
      aecgFromCapture({
        id: `${this.store.stationId}.ekg.${id}`,
        capturedAtUtc: ekg.capturedAtUtc,
        subject: patient === null ? null : { mrn: patient.mrn, familyName: patient.familyName, givenName: patient.givenName, birthDate: patient.birthDate, sex: patient.sex },
        simulated: ekg.simulated,
        fsHz: ekg.fsHz,
        leads,
        acquisitionStepMv: acquisitionStepMv(ekg.deviceId),
        measurements: ekg.interpretation,
        // Where the review stands, what was flagged, by what and whom it was recorded: a receiving
        // system can tell an unconfirmed or simulated tracing from a reviewed patient EKG (docs/aecg.md).
        review: ekg.review,
        flags: ekg.interpretation.flags,
        device: aecgDevice(ekg.deviceId),
        operator: { id: ekg.capturedBy, name: this.operatorName(ekg.capturedBy) },
      }),
    );
    // Every export that was not made is in the log, as a failed report is (exportReport).
    if (!exported.ok && 'fault' in exported) {
      this.auditExport(ekg, actor, { format: 'hl7-aecg' }, faultName(exported.fault));
      throw exported.fault;
    }
    if (!exported.ok) {
      const r = exported.refusal;
      this.auditExport(ekg, actor, { format: 'hl7-aecg', lead: r.lead, missingSamples: r.missingSamples }, r.missingSamples === null ? 'aecg-samples-not-exact' : 'aecg-samples-missing');
      throw new EkgReviewError('aecg-not-exportable', aecgRefusalText(r, ekg.fsHz));
    }
    this.auditExport(ekg, actor, { format: 'hl7-aecg', leads: leads.length });
    return { xml: exported.xml, fileName: ekgExportFileName(ekg, 'xml') };
  }

  /**
   * The one-page PDF report of a stored EKG (`render`: ekgReportPdf), audited as an export like the
   * aECG file: a report printed or saved is the patient's data leaving the station, which the log
   * must tell apart from a look at the screen (a tester found both as the same plain view). `ekg`:
   * as the caller's patient check read it. A report that cannot be made is a failed export, with
   * its error's code as the reason.
   */
  async exportReport(ekg: StoredEkg, actor: Actor, render: (ekg: StoredEkg) => Promise<Uint8Array>): Promise<{ pdf: Uint8Array; fileName: string }> {
    let pdf: Uint8Array;
    try {
      pdf = await render(ekg);
    } catch (e) {
      this.auditExport(ekg, actor, { format: 'pdf' }, faultName(e));
      throw e;
    }
    this.auditExport(ekg, actor, { format: 'pdf' });
    return { pdf, fileName: ekgExportFileName(ekg, 'pdf') };
  }

  /** An export of an EKG (a file leaving the station); `failure`: the reason it was not made. */
  private auditExport(ekg: StoredEkg, actor: Actor, details: AuditDetails, failure?: string): void {
    this.store.audit.append({
      operator: actor,
      action: 'read',
      verb: 'export',
      objectType: 'ekg',
      objectId: String(ekg.id),
      patientId: ekg.patientId === null ? null : String(ekg.patientId),
      ...(failure === undefined ? { outcome: 'success' } : { outcome: 'failure', reason: failure }),
      details,
    });
  }

  /**
   * The assistant records whom they told, when and how. The time is the operator's statement, so it
   * must be possible: not before the EKG was captured, not in the future (a minute's leeway for
   * clocks read off another device and times typed to the minute): `notified-at-invalid` otherwise.
   */
  notifyProvider(id: number, actor: Actor, whom: string, how: NotifyMethod, atUtc: string): StoredEkg {
    requireCareRole(this.store, actor, id, 'provider-notified');
    // Shown in the review trail, the audit log and to every reader after: printable, and short enough to read.
    const whomProblem = notifiedWhomProblem(whom);
    if (whomProblem !== null) throw new EkgReviewError('notified-whom-invalid', whomProblem);
    const at = parseIsoCalendar(atUtc);
    if (at?.time?.offsetMinutes === undefined) throw new EkgReviewError('invalid-request', 'notification time is not a real date and time with an offset');
    // The form says the same while the time is typed (one rule, common/ekg/reviewWording.ts); main decides.
    const atProblem = notifiedAtProblem(isoCalendarMs(at, 'utc'), Date.parse(this.get(id).capturedAtUtc), this.store.clockMs());
    if (atProblem !== null) throw new EkgReviewError('notified-at-invalid', `${atProblem} Nothing was recorded.`);
    return this.addEvent(id, actor, 'provider-notified', { whom: whom.trim(), how, atUtc });
  }

  /** Acknowledges the immediate flags; only after the provider was notified. */
  acknowledgeImmediate(id: number, actor: Actor): StoredEkg {
    requireCareRole(this.store, actor, id, 'immediate-acknowledged');
    const ekg = this.get(id);
    if (ekg.review.immediateFlags.length === 0) throw new EkgReviewError('not-applicable', 'this EKG has no immediate flag');
    if (!ekg.review.providerNotified) throw new EkgReviewError('notify-first', 'record that the provider was notified before acknowledging');
    return this.addEvent(id, actor, 'immediate-acknowledged', {});
  }

  /** The provider confirms the analysis (comment optional) or over-reads it (comment required). */
  review(id: number, actor: Actor, decision: 'confirmed' | 'over-read', comment: string | null): StoredEkg {
    if (actor.role !== 'provider') refuse(this.store, actor, { action: 'update', verb: `ekg-${decision}`, objectType: 'ekg', objectId: String(id) }, 'only a provider can confirm or over-read an EKG');
    const ekg = this.get(id);
    if (ekg.review.status !== 'unconfirmed') {
      // Another window's review came first (two providers had it open): the review is final, so this
      // one is refused, saying whose it was; the screen keeps the refused comment for copying.
      const first = [...ekg.review.events].reverse().find((e) => e.kind === 'confirmed' || e.kind === 'over-read');
      const byWhom = first === undefined ? '' : ` ${first.kind === 'confirmed' ? 'confirmed' : 'over-read'} by ${first.actorName}`;
      // Audited as the step would have been, like the role refusals: an attempt on a final review
      // (or a double click's second call) is in the log, not lost.
      this.store.audit.append({
        operator: actor,
        action: 'update',
        verb: `ekg-${decision}`,
        objectType: 'ekg',
        objectId: String(id),
        patientId: ekg.patientId === null ? null : String(ekg.patientId),
        outcome: 'failure',
        reason: 'already-reviewed',
        details: { hasComment: (comment?.trim() ?? '') !== '' },
      });
      throw new EkgReviewError('already-reviewed', `This EKG was already${byWhom === '' ? ' reviewed' : byWhom}: your review was not saved.`);
    }
    const text = comment?.trim() ?? '';
    if (decision === 'over-read' && text === '') throw new EkgReviewError('invalid-request', 'an over-read needs a comment');
    const limitProblem = commentLimitProblem(text);
    if (limitProblem !== null) throw new EkgReviewError('comment-too-long', `${limitProblem} Nothing was saved and the EKG is still unconfirmed.`);
    // The review is final and its comment goes on the report: one the report cannot print would
    // leave this EKG without a report for good, so it is refused here, by the report's own rule.
    try {
      assertReportText(text);
    } catch (e) {
      if (e instanceof ReportTextError) throw new EkgReviewError('comment-unprintable', `This comment cannot be printed on the EKG report, so nothing was saved and the EKG is still unconfirmed: reword it. ${e.message}`);
      throw e;
    }
    // Within the limits, wide letters (W, Ж) and short lines still take more room than the ordinary
    // text the limits were set by: this EKG's own report is laid out with the comment, and a
    // comment it cannot print in full is refused here rather than leave the EKG with no report.
    if (text !== '') {
      try {
        const patient = ekg.patientId === null ? undefined : new Patients(this.store).get(ekg.patientId);
        ekgReportLayout(this.finalised(ekg, actor, decision, text), this.samples(id), patient, this.operatorName(ekg.capturedBy));
      } catch (e) {
        if (e instanceof ReportTooLongError) {
          throw new EkgReviewError('comment-too-long', 'This comment does not fit on the EKG report beside its findings, so nothing was saved and the EKG is still unconfirmed: shorten it, or use fewer line breaks.');
        }
        throw e;
      }
    }
    return this.addEvent(id, actor, decision, text === '' ? {} : { comment: text });
  }

  /** The EKG as it will read once this review is stored (the report's trial layout in review()). */
  private finalised(ekg: StoredEkg, actor: Actor, decision: 'confirmed' | 'over-read', comment: string): StoredEkg {
    const event: ReviewEvent = {
      kind: decision,
      atUtc: this.now(),
      actorId: actor.id,
      actorName: this.operatorName(actor.id),
      actorRole: actor.role,
      notifiedWhom: null,
      notifiedHow: null,
      notifiedAtUtc: null,
      comment,
    };
    return { ...ekg, review: reviewState(ekg.interpretation.flags, [...ekg.review.events, event]) };
  }
}
