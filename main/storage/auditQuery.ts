import { CANONICAL_COLUMNS } from '../audit/canonical.ts';
import type { AuditAction, AuditRecord } from '../audit/entry.ts';
import type { ReadableDb } from './db.ts';

/** One stored entry as the Audit screen and exports show it: the hashed fields plus the hash. */
export interface AuditRow extends AuditRecord {
  readonly hash: string;
}

export interface AuditFilter {
  readonly patientId?: string | undefined;
  readonly operatorId?: string | undefined;
  readonly verb?: string | undefined;
  readonly action?: AuditAction | undefined;
  /** Inclusive lower bound, ISO-8601 UTC. */
  readonly fromUtc?: string | undefined;
  /** Exclusive upper bound, ISO-8601 UTC. */
  readonly toUtc?: string | undefined;
}

/** Keyset cursor: the last row of the previous page (pages go newest first). */
export interface AuditCursor {
  readonly atUtc: string;
  readonly seq: number;
}

export interface AuditPage {
  readonly entries: AuditRow[];
  readonly nextCursor: AuditCursor | null;
}

export const AUDIT_PAGE_MAX = 200;

const SELECT_COLUMNS = `seq, at_utc AS atUtc, operator_id AS operatorId, operator_role AS operatorRole, station_id AS stationId,
  action, verb, object_type AS objectType, object_id AS objectId, patient_id AS patientId, outcome, reason, details, hash`;

/**
 * One page of the audit log, newest first, with keyset pagination on (at_utc, seq) so page N
 * costs the same as page 1. The index is chosen explicitly (INDEXED BY), most selective filter
 * first: every audit index ends in (at_utc, rowid), so the page is one index range scan in order
 * and the other filters are checked on the rows it visits.
 */
export function queryAuditPage(db: ReadableDb, filter: AuditFilter, cursor: AuditCursor | null, limit: number): AuditPage {
  const pageSize = Math.max(1, Math.min(AUDIT_PAGE_MAX, Math.trunc(limit)));
  const { sql, params } = auditPageSql(filter, cursor, pageSize + 1);
  const rows = db.prepare(sql).all(...params) as AuditRow[];
  const entries = rows.slice(0, pageSize);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: rows.length > pageSize && last ? { atUtc: last.atUtc, seq: last.seq } : null };
}

/** The statement queryAuditPage runs (exported so tests can check its query plan). */
export function auditPageSql(filter: AuditFilter, cursor: AuditCursor | null, rowLimit: number): { sql: string; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  let index = 'audit_by_time';
  const eq = (column: string, value: string | undefined, idx: string): void => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
    if (index === 'audit_by_time') index = idx;
  };
  eq('patient_id', filter.patientId, 'audit_by_patient');
  eq('operator_id', filter.operatorId, 'audit_by_operator');
  eq('verb', filter.verb, 'audit_by_verb');
  eq('action', filter.action, 'audit_by_action');
  if (filter.fromUtc !== undefined) {
    where.push('at_utc >= ?');
    params.push(filter.fromUtc);
  }
  if (filter.toUtc !== undefined) {
    where.push('at_utc < ?');
    params.push(filter.toUtc);
  }
  if (cursor !== null) {
    // (at_utc, seq) < cursor, written so the at_utc part is an index range bound.
    where.push('at_utc <= ? AND NOT (at_utc = ? AND seq >= ?)');
    params.push(cursor.atUtc, cursor.atUtc, cursor.seq);
  }
  const sql = `SELECT ${SELECT_COLUMNS} FROM audit_log INDEXED BY ${index}
    ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY at_utc DESC, seq DESC LIMIT ${Math.trunc(rowLimit)}`;
  return { sql, params };
}

/** Every entry with fromUtc <= at_utc < toUtc, oldest first, one at a time (exports of any size). */
export function* iterateAuditRange(db: ReadableDb, fromUtc: string, toUtc: string): Generator<AuditRow> {
  yield* db
    .prepare(`SELECT ${SELECT_COLUMNS} FROM audit_log INDEXED BY audit_by_time WHERE at_utc >= ? AND at_utc < ? ORDER BY at_utc, seq`)
    .iterate(fromUtc, toUtc) as Iterable<AuditRow>;
}

/** Column order of exports: the hashed fields, then the hash (so an export can be re-verified). */
export const EXPORT_COLUMNS = [...CANONICAL_COLUMNS, 'hash'] as const;
