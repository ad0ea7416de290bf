import { StationError } from '../../../common/errors.ts';
import type { PrintJobState, ReprintReason } from '../../../common/labels/jobs.ts';
import type { AuditEntryInput } from '../../audit/entry.ts';
import { alreadyAudited } from '../../audit/refusals.ts';
import type { AuditAppender } from '../../storage/auditLog.ts';
import { recordSuppliedAccession, type AccessionStore } from './accessions.ts';

export interface PrintJob {
  readonly jobId: string;
  readonly printer: string;
  readonly accession: string;
  readonly patientId: string | null;
  readonly kind: 'print' | 'reprint';
  readonly reprintOf: string | null;
  readonly reprintReason: ReprintReason | null;
  readonly zpl: string;
  readonly state: PrintJobState;
  readonly attempts: number;
  /** Printer fault codes it waits on, why it is uncertain, or why it was cancelled. */
  readonly lastFault: string | null;
  /** The UI session (window or socket) and operator that asked for it; null for the CLI. */
  readonly owner: JobOwner | null;
  readonly createdAtUtc: string;
  readonly updatedAtUtc: string;
}

/** Who asked for a label in the UI: the IPC session and the operator signed in there. */
export interface JobOwner {
  readonly sessionId: string;
  readonly operatorId: string;
}

/**
 * True while a job's owner cannot take the label: the session that asked for it is locked. Such a
 * job waits and is not sent, so a label never comes out while its operator is away from the station.
 */
export type HeldCheck = (owner: JobOwner) => boolean;
const NEVER_HELD: HeldCheck = () => false;

/** Why a queued job was cancelled: an operator asked, or the session that asked is gone. */
type CancelReason = 'operator' | 'session-ended' | 'station-restarted';

/**
 * How long a label the station withdrew may be printed again, and is listed for it (a clinic
 * day): its ZPL carries the original collection time, right only for the tube drawn then.
 */
export const WITHDRAWN_REPRINTABLE_MS = 12 * 60 * 60 * 1000;

/** The lastFault of a job the station withdrew (not one an operator cancelled). */
const WITHDRAWN_FAULTS = ['cancelled:session-ended', 'cancelled:station-restarted'] as const;
/** Withdrawn by the station, never sent: the tube it was for may still be unlabelled. */
const isWithdrawn = (job: Pick<PrintJob, 'state' | 'lastFault'>): boolean => job.state === 'cancelled' && (WITHDRAWN_FAULTS as readonly (string | null)[]).includes(job.lastFault);

export class PrintQueueError extends StationError {
  constructor(code: 'job-conflict' | 'already-printed' | 'no-such-job' | 'not-reprintable' | 'not-cancellable', message: string) {
    super(`print-queue-${code}`, message);
    this.name = 'PrintQueueError';
  }
}

export interface EnqueueRequest {
  /** Idempotency key: the same id twice is the same job, printed at most once. */
  readonly jobId: string;
  readonly printer: string;
  readonly accession: string;
  /** Local patient identifier for the audit trail (never a name). */
  readonly patientId: string | null;
  readonly zpl: string;
  /** Who asked for the label (null from the CLI, which has no sign-in). */
  readonly operator?: AuditEntryInput['operator'];
  /** The UI session that asked (it prints only while that session lives); absent for the CLI. */
  readonly owner?: JobOwner;
}

interface Row {
  job_id: string;
  printer: string;
  accession: string;
  patient_id: string | null;
  kind: 'print' | 'reprint';
  reprint_of: string | null;
  reprint_reason: ReprintReason | null;
  zpl: string;
  state: PrintJobState;
  attempts: number;
  last_fault: string | null;
  session_id: string | null;
  operator_id: string | null;
  created_at_utc: string;
  updated_at_utc: string;
}

const toJob = (r: Row): PrintJob => ({
  jobId: r.job_id,
  printer: r.printer,
  accession: r.accession,
  patientId: r.patient_id,
  kind: r.kind,
  reprintOf: r.reprint_of,
  reprintReason: r.reprint_reason,
  zpl: r.zpl,
  state: r.state,
  attempts: r.attempts,
  lastFault: r.last_fault,
  owner: r.session_id !== null && r.operator_id !== null ? { sessionId: r.session_id, operatorId: r.operator_id } : null,
  createdAtUtc: r.created_at_utc,
  updatedAtUtc: r.updated_at_utc,
});

/**
 * The persistent print queue (table print_jobs, migration 0010). Every state change commits
 * with its audit entry in one transaction. The rule that makes "never printed twice" hold:
 * a job goes queued -> sending in a committed transaction BEFORE its bytes leave, and only a
 * 'queued' job is ever sent. A station that stops mid-send finds the job 'sending' on restart
 * and marks it 'uncertain' (recoverInterrupted): an operator looks at the tube and reprints with
 * a reason if needed, the queue never guesses.
 */
export class PrintQueue {
  constructor(private readonly store: AccessionStore) {}

  /** The log the queue audits jobs in; the worker audits its printer connections there too. */
  get auditLog(): AuditAppender {
    return this.store.audit;
  }

  private now(): string {
    return new Date(this.store.clockMs()).toISOString();
  }

  private audit(
    job: { jobId: string; accession: string; patientId: string | null; printer: string },
    e: Pick<AuditEntryInput, 'action' | 'verb' | 'outcome'> & { reason?: string; details?: Record<string, string | number> },
    operator: AuditEntryInput['operator'] = null,
  ): void {
    this.store.audit.append({
      operator,
      objectType: 'print-job',
      objectId: job.jobId,
      patientId: job.patientId,
      ...e,
      details: { accession: job.accession, printer: job.printer, ...(e.details ?? {}) },
    });
  }

  get(jobId: string): PrintJob | undefined {
    const row = this.store.db.prepare('SELECT * FROM print_jobs WHERE job_id = ?').get(jobId) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  require(jobId: string): PrintJob {
    const job = this.get(jobId);
    if (!job) throw new PrintQueueError('no-such-job', 'no print job with this id');
    return job;
  }

  enqueue(req: EnqueueRequest): PrintJob {
    const job = this.store.transaction(() => {
      const existing = this.get(req.jobId);
      if (existing) {
        if (existing.accession === req.accession && existing.printer === req.printer && existing.zpl === req.zpl) return existing;
        // Committed, then refused: a reused id for another patient's label is worth an audit line.
        this.audit(req, { action: 'create', verb: 'label-queue', outcome: 'failure', reason: 'job-conflict' }, req.operator ?? null);
        return undefined;
      }
      const original = this.store.db.prepare("SELECT job_id FROM print_jobs WHERE accession = ? AND kind = 'print'").pluck().get(req.accession);
      if (original !== undefined) throw new PrintQueueError('already-printed', 'a label with this accession was already queued: reprint it with a reason');
      recordSuppliedAccession(this.store, req.accession);
      const at = this.now();
      this.store.db
        .prepare("INSERT INTO print_jobs (job_id, printer, accession, patient_id, kind, zpl, state, session_id, operator_id, created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?, 'print', ?, 'queued', ?, ?, ?, ?)")
        .run(req.jobId, req.printer, req.accession, req.patientId, req.zpl, req.owner?.sessionId ?? null, req.owner?.operatorId ?? null, at, at);
      this.audit({ ...req }, { action: 'create', verb: 'label-queue', outcome: 'success' }, req.operator ?? null);
      return this.require(req.jobId);
    });
    // Its failure entry is committed above: the handler's refusal audit must not write it again.
    if (!job) throw alreadyAudited(new PrintQueueError('job-conflict', 'this job id was already used for a different label or printer: nothing printed'));
    return job;
  }

  /**
   * The oldest original job still queued for `printer` whose label is the one `zplFor` builds
   * with that job's accession: the same label asked for again while the first request waits.
   */
  findWaitingTwin(printer: string, zplFor: (accession: string) => string): PrintJob | undefined {
    const rows = this.store.db.prepare("SELECT * FROM print_jobs WHERE printer = ? AND state = 'queued' AND kind = 'print' ORDER BY created_at_utc, rowid").all(printer) as Row[];
    const twin = rows.find((r) => r.zpl === zplFor(r.accession));
    return twin ? toJob(twin) : undefined;
  }

  /** Queues another copy of a printed (or uncertain) job. Idempotent on `jobId` like enqueue. */
  reprint(req: { jobId: string; originalJobId: string; reason: ReprintReason; printer?: string; operator?: AuditEntryInput['operator']; owner?: JobOwner }): PrintJob {
    return this.store.transaction(() => {
      const original = this.require(req.originalJobId);
      const existing = this.get(req.jobId);
      if (existing) {
        if (existing.reprintOf !== original.jobId || existing.reprintReason !== req.reason) throw new PrintQueueError('job-conflict', 'this job id was already used for something else');
        return existing;
      }
      const withdrawn = isWithdrawn(original);
      if (original.state !== 'printed' && original.state !== 'uncertain' && !withdrawn) {
        throw new PrintQueueError('not-reprintable', `only a printed, uncertain or withdrawn job can be reprinted (this one is ${original.state}${original.lastFault ? `, ${original.lastFault}` : ''})`);
      }
      // A withdrawn label was never sent, so its tube has no label: it may be asked for again, once
      // (a second click while the first request lives would print two).
      if (withdrawn && this.liveReprintOf(original.jobId)) throw new PrintQueueError('not-reprintable', 'this withdrawn label has already been asked for again');
      if (withdrawn && this.store.clockMs() - Date.parse(original.updatedAtUtc) >= WITHDRAWN_REPRINTABLE_MS) {
        throw new PrintQueueError('not-reprintable', 'this withdrawn label is too old to print again (it carries its original collection time): print a new label for the tube');
      }
      const at = this.now();
      const printer = req.printer ?? original.printer;
      this.store.db
        .prepare("INSERT INTO print_jobs (job_id, printer, accession, patient_id, kind, reprint_of, reprint_reason, zpl, state, session_id, operator_id, created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?, 'reprint', ?, ?, ?, 'queued', ?, ?, ?, ?)")
        .run(req.jobId, printer, original.accession, original.patientId, original.jobId, req.reason, original.zpl, req.owner?.sessionId ?? null, req.owner?.operatorId ?? null, at, at);
      this.audit({ ...original, jobId: req.jobId, printer }, { action: 'create', verb: 'label-reprint', outcome: 'success', reason: req.reason, details: { reprintOf: original.jobId } }, req.operator ?? null);
      return this.require(req.jobId);
    });
  }

  /** A reprint of `jobId` that is not itself cancelled (waiting, sending, printed or uncertain). */
  private liveReprintOf(jobId: string): boolean {
    return this.store.db.prepare("SELECT 1 FROM print_jobs WHERE reprint_of = ? AND state != 'cancelled' LIMIT 1").get(jobId) !== undefined;
  }

  /**
   * The patient's labels the station withdrew (cancelled `session-ended` or `station-restarted`,
   * never those an operator cancelled) at or after `sinceUtc`, and not asked for again since (no
   * reprint of them; a reprint withdrawn in its turn is listed itself): the tubes they were for may
   * still be unlabelled. Newest first.
   */
  withdrawnForPatient(patientId: string, sinceUtc: string): PrintJob[] {
    const rows = this.store.db
      .prepare(
        `SELECT * FROM print_jobs j WHERE j.state = 'cancelled' AND j.patient_id = ? AND j.last_fault IN (${WITHDRAWN_FAULTS.map(() => '?').join(', ')}) AND j.updated_at_utc >= ?
           AND NOT EXISTS (SELECT 1 FROM print_jobs r WHERE r.reprint_of = j.job_id)
         ORDER BY j.updated_at_utc DESC, j.rowid DESC`,
      )
      .all(patientId, ...WITHDRAWN_FAULTS, sinceUtc) as Row[];
    return rows.map(toJob);
  }

  /**
   * The patient's labels (as the job records the patient) asked for at or after `sinceUtc`, every
   * state, in any session or from the CLI: newest first, at most `limit`. The Labels screen lists
   * them to reprint: a label printed earlier is reprinted, not printed again under a new number.
   */
  recentForPatient(patientId: string, sinceUtc: string, limit: number): PrintJob[] {
    const rows = this.store.db
      .prepare('SELECT * FROM print_jobs WHERE patient_id = ? AND created_at_utc >= ? ORDER BY created_at_utc DESC, rowid DESC LIMIT ?')
      .all(patientId, sinceUtc, limit) as Row[];
    return rows.map(toJob);
  }

  /** How many UI jobs a session asked for still wait (the lock screen warns before a take-over withdraws them). */
  queuedCountForSession(sessionId: string): number {
    return this.store.db.prepare("SELECT COUNT(*) FROM print_jobs WHERE state = 'queued' AND session_id = ?").pluck().get(sessionId) as number;
  }

  /**
   * The oldest job waiting for `printer` that is not held. A held job (its operator's session is
   * locked: main/app/station.ts) stays queued and later jobs print past it, so one operator's
   * break never stops another's labels.
   */
  nextQueued(printer: string, held: HeldCheck = NEVER_HELD): PrintJob | undefined {
    // all(), not iterate(): `held` may write (a session found idle is locked and audited then).
    for (const row of this.store.db.prepare("SELECT * FROM print_jobs WHERE printer = ? AND state = 'queued' ORDER BY created_at_utc, rowid").all(printer) as Row[]) {
      const job = toJob(row);
      if (job.owner === null || !held(job.owner)) return job;
    }
    return undefined;
  }

  /** The printers with a job waiting that is not held. */
  printersWithQueuedJobs(held: HeldCheck = NEVER_HELD): string[] {
    const rows = this.store.db.prepare("SELECT printer, session_id, operator_id FROM print_jobs WHERE state = 'queued'").all() as Pick<Row, 'printer' | 'session_id' | 'operator_id'>[];
    const out = new Set<string>();
    for (const r of rows) if (r.session_id === null || r.operator_id === null || !held({ sessionId: r.session_id, operatorId: r.operator_id })) out.add(r.printer);
    return [...out];
  }

  /** queued -> sending. False when another worker (or a cancel) got there first. */
  claim(jobId: string): boolean {
    return this.store.transaction(() => {
      const r = this.store.db.prepare("UPDATE print_jobs SET state = 'sending', attempts = attempts + 1, updated_at_utc = ? WHERE job_id = ? AND state = 'queued'").run(this.now(), jobId);
      return r.changes === 1;
    });
  }

  markPrinted(jobId: string): PrintJob {
    return this.finish(jobId, 'printed', null);
  }

  markUncertain(jobId: string, fault: string): PrintJob {
    return this.finish(jobId, 'uncertain', fault);
  }

  private finish(jobId: string, state: 'printed' | 'uncertain', fault: string | null): PrintJob {
    return this.store.transaction(() => {
      const job = this.require(jobId);
      this.store.db.prepare("UPDATE print_jobs SET state = ?, last_fault = ?, updated_at_utc = ? WHERE job_id = ? AND state = 'sending'").run(state, fault, this.now(), jobId);
      this.audit(job, state === 'printed' ? { action: 'execute', verb: 'print', outcome: 'success', details: { attempts: job.attempts } } : { action: 'execute', verb: 'print', outcome: 'failure', reason: fault ?? 'interrupted' });
      return this.require(jobId);
    });
  }

  /**
   * Remembers why the jobs queued for `printer` wait (printer fault codes). Every queued job, not
   * only the oldest: each caller shows its own job's reason. Not audited: nothing happened.
   * Returns the jobs whose reason changed (the UI is told, so the MA sees why her label waits).
   */
  notePrinterWaiting(printer: string, fault: string): PrintJob[] {
    const rows = this.store.db
      .prepare("UPDATE print_jobs SET last_fault = ?, updated_at_utc = ? WHERE printer = ? AND state = 'queued' AND last_fault IS NOT ? RETURNING *")
      .all(fault, this.now(), printer, fault) as Row[];
    return rows.map(toJob);
  }

  /**
   * queued -> cancelled (never sent), audited with who cancelled it (`operator`, null when the
   * station withdraws it) and why; the reason is kept as the job's lastFault. A job the worker has
   * already claimed (sending) or finished is refused: `not-cancellable`.
   */
  cancel(jobId: string, how: { reason?: CancelReason; operator?: AuditEntryInput['operator'] } = {}): PrintJob {
    const reason = how.reason ?? 'operator';
    return this.store.transaction(() => {
      const job = this.require(jobId);
      if (job.state !== 'queued') throw new PrintQueueError('not-cancellable', `only a queued job can be cancelled (this one is ${job.state})`);
      this.store.db.prepare("UPDATE print_jobs SET state = 'cancelled', last_fault = ?, updated_at_utc = ? WHERE job_id = ? AND state = 'queued'").run(`cancelled:${reason}`, this.now(), jobId);
      const details: Record<string, string> = job.owner ? { askedBy: job.owner.operatorId } : {};
      this.audit(job, { action: 'update', verb: 'label-cancel', outcome: 'success', reason, details }, how.operator ?? null);
      return this.require(jobId);
    });
  }

  /** The UI jobs still queued that an operator asked for, in any of their sessions, oldest first. */
  queuedByOperator(operatorId: string): PrintJob[] {
    const rows = this.store.db.prepare("SELECT * FROM print_jobs WHERE state = 'queued' AND session_id IS NOT NULL AND operator_id = ? ORDER BY created_at_utc, rowid").all(operatorId) as Row[];
    return rows.map(toJob);
  }

  /** The jobs still queued for a patient (as the job records it), oldest first. */
  queuedForPatient(patientId: string): PrintJob[] {
    const rows = this.store.db.prepare("SELECT * FROM print_jobs WHERE state = 'queued' AND patient_id = ? ORDER BY created_at_utc, rowid").all(patientId) as Row[];
    return rows.map(toJob);
  }

  /**
   * Cancels every queued UI job whose session is no longer live (`isLive` false), with `reason`:
   * its operator has left, so the label must not come out later on someone else's tubes. CLI
   * jobs (no session) are never touched.
   */
  withdrawOrphaned(isLive: (owner: JobOwner) => boolean, reason: Exclude<CancelReason, 'operator'>): PrintJob[] {
    const rows = this.store.db.prepare("SELECT * FROM print_jobs WHERE state = 'queued' AND session_id IS NOT NULL ORDER BY created_at_utc, rowid").all() as Row[];
    return rows
      .map(toJob)
      .filter((j) => j.owner !== null && !isLive(j.owner))
      .flatMap((j) => {
        try {
          return [this.cancel(j.jobId, { reason })];
        } catch (e) {
          // Claimed meanwhile by another connection's worker: it is that worker's now.
          if (e instanceof PrintQueueError && e.code === 'print-queue-not-cancellable') return [];
          throw e;
        }
      });
  }

  /**
   * At startup: every UI job still queued is withdrawn (its session died with the station that
   * ran it); CLI jobs stay queued, resumable with --job-id.
   */
  withdrawAtStart(): PrintJob[] {
    return this.withdrawOrphaned(() => false, 'station-restarted');
  }

  /** At startup: every job left 'sending' by a stopped station becomes 'uncertain' (never resent). */
  recoverInterrupted(): PrintJob[] {
    const ids = this.store.db.prepare("SELECT job_id FROM print_jobs WHERE state = 'sending'").pluck().all() as string[];
    return ids.map((id) => this.markUncertain(id, 'interrupted'));
  }
}
