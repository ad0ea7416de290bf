/**
 * The audit log: the ONE interface every service uses to record who did what.
 *
 *   import type { AuditAppender } from '../storage/auditLog.ts';
 *   store.audit.append({
 *     operator: { id: session.operator.login, role: session.operator.role }, // or null for the station itself
 *     action: 'create',                 // create | read | update | delete | execute (ATNA C/R/U/D/E)
 *     verb: 'print',                    // kebab-case; known ones in AuditVerbs (main/audit/entry.ts)
 *     objectType: 'label', objectId: '42',
 *     patientId: '7',                   // the local patient id when there is one
 *     outcome: 'success',               // or 'failure' with reason: 'printer-offline'
 *     details: { copies: 2 },           // identifiers and counts only: never names, values, free text
 *   }); // -> { seq, hash, atUtc }
 *   store.audit.appendMany([...])       // one transaction, one durable commit
 *
 * To commit a record and its audit entry together, call append inside
 * `store.transaction(() => { ...your writes...; store.audit.append(...) })`: the entry joins your
 * transaction and the chain head sidecar is refreshed after your commit. Outside a transaction,
 * append commits on its own (synchronous=FULL: durable when it returns). Never throws away an
 * entry silently: invalid input is a FormatError and nothing is written.
 */
import { CANONICAL_COLUMNS } from '../audit/canonical.ts';
import { chainHash, GENESIS_HASH } from '../audit/chain.ts';
import { AuditVerbs, toRecord, type AuditEntryInput, type AuditRecord, type AuditRole } from '../audit/entry.ts';
import { StationError } from '../../common/errors.ts';
import { readAuditHead, writeAuditHead, type AuditHead } from './auditSidecar.ts';
import { ANCHOR_ACKNOWLEDGE_VERB, holdsRecords, lostSeqsOf } from './auditVerify.ts';
import type { WritableDb } from './db.ts';

export interface AppendedEntry {
  readonly seq: number;
  readonly hash: string;
  readonly atUtc: string;
}

/** What other services depend on: append one entry, or many in one commit. */
export interface AuditAppender {
  append(entry: AuditEntryInput): AppendedEntry;
  appendMany(entries: readonly AuditEntryInput[]): AppendedEntry[];
}

export interface AuditLogOptions {
  readonly stationId: string;
  /** The sidecar file holding the chain head (dataDir/audit-head.json). */
  readonly headPath: string;
  /** Wall clock, epoch ms (injected so tests and the demo control time). */
  readonly clockMs: () => number;
  /**
   * How stale the sidecar may get while entries keep coming: a sidecar rewrite costs two fsyncs
   * (~1-2 ms), so bursts are coalesced into one rewrite per this many ms. 0 = rewrite after every
   * commit. The sidecar is never ahead of the database, and close() always brings it up to date.
   */
  readonly headMaxLagMs?: number;
}

const DEFAULT_HEAD_MAX_LAG_MS = 100;

/** Why the sidecar did not match the database when the log was opened. */
export type AnchorFault = 'sidecar-missing' | 'sidecar-unreadable' | 'head-behind-sidecar' | 'sidecar-mismatch' | 'records-without-log';

/** An acknowledged anchor mismatch: the acknowledging entry and what the finding says was lost. */
export interface AnchorAcknowledgement extends AppendedEntry {
  readonly mismatchSeq: number;
  /** The recorded fault: head-behind-sidecar, sidecar-mismatch, sidecar-missing... */
  readonly findingReason: string;
  /** The seqs removed from the log (since reused by newer entries), when the finding tells. */
  readonly lostSeqs: { readonly from: number; readonly to: number } | null;
}

export class AuditLog implements AuditAppender {
  private readonly insert;
  private readonly selectHead;
  private readonly selectHashAt;
  private readonly headMaxLagMs: number;
  private writtenSeq = -1;
  private lastHeadWriteMono = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  /** What openAudit found wrong with the sidecar, if anything (also written to the log itself). */
  readonly anchorFault: AnchorFault | null;

  constructor(
    private readonly db: WritableDb,
    private readonly options: AuditLogOptions,
  ) {
    this.headMaxLagMs = options.headMaxLagMs ?? DEFAULT_HEAD_MAX_LAG_MS;
    this.insert = db.prepare(`INSERT INTO audit_log (${CANONICAL_COLUMNS.join(', ')}, hash) VALUES (${CANONICAL_COLUMNS.map(() => '?').join(', ')}, ?)`);
    this.selectHead = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.selectHashAt = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
    this.anchorFault = this.checkAnchor();
  }

  append(entry: AuditEntryInput): AppendedEntry {
    const [appended] = this.appendMany([entry]);
    return appended!;
  }

  appendMany(entries: readonly AuditEntryInput[]): AppendedEntry[] {
    if (entries.length === 0) return [];
    const write = (): AppendedEntry[] => {
      let { seq, hash } = this.head();
      const out: AppendedEntry[] = [];
      for (const entry of entries) {
        const atUtc = new Date(this.options.clockMs()).toISOString();
        const record = toRecord(entry, seq + 1, atUtc, this.options.stationId);
        hash = chainHash(hash, record);
        this.insertRecord(record, hash);
        seq = record.seq;
        out.push({ seq, hash, atUtc });
      }
      return out;
    };
    if (this.db.inTransaction) return write(); // the caller's transaction; store.transaction refreshes the head after commit
    const out = this.db.transaction(write).immediate();
    this.afterCommit();
    return out;
  }

  /** The newest entry (seq 0 and the genesis hash when the log is empty). */
  head(): AuditHead {
    const row = this.selectHead.get() as { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** Call after committing a transaction that appended entries (store.transaction does). */
  afterCommit(): void {
    if (this.db.inTransaction) return;
    const sinceMs = performance.now() - this.lastHeadWriteMono;
    if (this.headMaxLagMs <= 0 || sinceMs >= this.headMaxLagMs) {
      this.flushHead();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flushHead(), this.headMaxLagMs - sinceMs);
      this.timer.unref();
    }
  }

  /** Writes the committed head to the sidecar now if it moved. Never writes an uncommitted head. */
  flushHead(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.db.inTransaction) {
      this.timer = setTimeout(() => this.flushHead(), 1);
      this.timer.unref();
      return;
    }
    const head = this.head();
    if (head.seq <= this.writtenSeq) return;
    writeAuditHead(this.options.headPath, head);
    this.writtenSeq = head.seq;
    this.lastHeadWriteMono = performance.now();
  }

  /**
   * An admin's acknowledgement that the anchor mismatch recorded at mismatchSeq was looked into
   * (for example a data dir restored without its sidecar). `station audit verify` fails on a
   * recorded mismatch until then; both entries stay in the log for an inspector. The
   * acknowledgement carries what was lost: the finding's reason and, for deleted newest entries,
   * the removed seqs (details lostFromSeq/lostToSeq, null when the log cannot tell). A refusal
   * (not an admin, no such finding, already acknowledged) is committed as a failure, then thrown.
   */
  acknowledgeAnchorMismatch(mismatchSeq: number, admin: { readonly id: string; readonly role: AuditRole }): AnchorAcknowledgement {
    const decide = (): AnchorAcknowledgement | StationError => {
      const refuse = (reason: string, error: StationError): StationError => {
        // objectId stays null: only a successful admin entry naming the finding's seq acknowledges
        // it (here and in verify); a refusal names nothing it could be taken for.
        this.append({ operator: admin, action: 'update', verb: ANCHOR_ACKNOWLEDGE_VERB, objectType: 'audit-log', outcome: 'failure', reason, details: { mismatchSeq } });
        return error;
      };
      if (admin.role !== 'admin') return refuse('forbidden', new StationError('forbidden', 'only an admin can acknowledge an audit anchor mismatch'));
      const finding = this.db.prepare('SELECT verb, reason, details FROM audit_log WHERE seq = ?').get(mismatchSeq) as { verb: string; reason: string | null; details: string } | undefined;
      if (finding?.verb !== AuditVerbs.anchorMismatch) {
        return refuse('not-anchor-mismatch', new StationError('not-anchor-mismatch', `audit entry ${mismatchSeq} is not a recorded anchor mismatch`));
      }
      const acknowledged = this.db
        .prepare("SELECT 1 FROM audit_log WHERE verb = ? AND object_id = ? AND operator_role = 'admin' AND outcome = 'success'")
        .get(ANCHOR_ACKNOWLEDGE_VERB, String(mismatchSeq));
      if (acknowledged !== undefined) return refuse('already-acknowledged', new StationError('already-acknowledged', `the anchor mismatch at entry ${mismatchSeq} is already acknowledged`));
      const reason = finding.reason ?? 'unknown';
      const lostSeqs = lostSeqsOf(reason, finding.details);
      const entry = this.append({
        operator: admin,
        action: 'update',
        verb: ANCHOR_ACKNOWLEDGE_VERB,
        objectType: 'audit-log',
        objectId: String(mismatchSeq),
        outcome: 'success',
        details: { findingReason: reason, lostFromSeq: lostSeqs?.from ?? null, lostToSeq: lostSeqs?.to ?? null },
      });
      return { ...entry, mismatchSeq, findingReason: reason, lostSeqs };
    };
    // One transaction: two admins acknowledging at once give one acknowledgement and one refusal.
    const outcome = this.db.inTransaction ? decide() : this.db.transaction(decide).immediate();
    this.afterCommit();
    if (outcome instanceof StationError) throw outcome;
    return outcome;
  }

  close(): void {
    if (this.db.open) this.flushHead();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private insertRecord(r: AuditRecord, hash: string): void {
    this.insert.run(r.seq, r.atUtc, r.operatorId, r.operatorRole, r.stationId, r.action, r.verb, r.objectType, r.objectId, r.patientId, r.outcome, r.reason, r.details, hash);
  }

  /**
   * Compares the sidecar with the database when the log opens. A mismatch means entries were
   * removed or altered (or the sidecar was): the finding is appended to the log itself, so the
   * evidence survives the sidecar being moved forward again (verify fails on it until an admin
   * acknowledges it). An empty log beside existing records is a finding too: the log was emptied,
   * and a missing sidecar alone would not tell.
   */
  private checkAnchor(): AnchorFault | null {
    const dbHead = this.head();
    const read = readAuditHead(this.options.headPath);
    let fault: AnchorFault | null = null;
    let sidecarSeq: number | null = null;
    if (read.kind === 'missing') {
      fault = dbHead.seq === 0 ? null : 'sidecar-missing';
    } else if (read.kind === 'unreadable') {
      fault = 'sidecar-unreadable';
    } else {
      sidecarSeq = read.head.seq;
      if (read.head.seq > dbHead.seq) fault = 'head-behind-sidecar';
      else if ((read.head.seq === 0 ? GENESIS_HASH : this.selectHashAt.get(read.head.seq)) !== read.head.hash) fault = 'sidecar-mismatch';
      else this.writtenSeq = read.head.seq;
    }
    if (fault === null && dbHead.seq === 0 && holdsRecords(this.db)) fault = 'records-without-log';
    if (fault !== null) {
      this.writtenSeq = -1; // the sidecar is moved to the new head, which now records the finding
      this.appendMany([
        {
          operator: null,
          action: 'execute',
          verb: AuditVerbs.anchorMismatch,
          objectType: 'audit-log',
          outcome: 'failure',
          reason: fault,
          details: { sidecarSeq, databaseHeadSeq: dbHead.seq },
        },
      ]);
    }
    // Brings a sidecar left behind by a crash (or a new one) up to the committed head.
    this.flushHead();
    return fault;
  }
}
