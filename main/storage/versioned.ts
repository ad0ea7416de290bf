import { randomUUID } from 'node:crypto';
import { StationError } from '../../common/errors.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import type { Store } from './store.ts';

/**
 * Clinical records are never overwritten: an amendment is a new version row that points at the
 * one it replaces (21 CFR 11.10(e): "Record changes shall not obscure previously recorded
 * information"). Use in a migration:
 *
 *   db.exec(versionedTableSql('poc_results', `analyte TEXT NOT NULL, value_text TEXT NOT NULL`));
 *
 * and in the service:
 *
 *   const results = new VersionedRecords<{ analyte: string; valueText: string }>(store, 'poc_results',
 *     { analyte: 'analyte', valueText: 'value_text' }, 'poc-result');
 *   const v1 = results.create(payload, { operator, patientId, simulated: false });
 *   const v2 = results.amend(v1.id, corrected, { operator, patientId, simulated: false, reason: 'transcription-error' });
 *   results.current(v1.recordId); results.history(v1.recordId); // v1 stays readable
 *
 * create/amend write the row and its audit entry in one transaction.
 */
export function versionedTableSql(table: string, payloadColumnsSql: string): string {
  checkIdent(table);
  return `
    CREATE TABLE ${table} (
      id INTEGER PRIMARY KEY,
      record_id TEXT NOT NULL,
      version INTEGER NOT NULL CHECK (version >= 1),
      replaces_id INTEGER UNIQUE REFERENCES ${table} (id),
      patient_id INTEGER,
      created_at_utc TEXT NOT NULL,
      created_by TEXT NOT NULL,
      amend_reason TEXT,
      simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
      ${payloadColumnsSql},
      UNIQUE (record_id, version),
      CHECK ((version = 1) = (replaces_id IS NULL))
    ) STRICT;
    CREATE INDEX ${table}_by_patient ON ${table} (patient_id, created_at_utc) WHERE patient_id IS NOT NULL;
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is versioned: insert an amendment instead'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is versioned: rows are never deleted'); END;
    CREATE TRIGGER ${table}_amend_chain BEFORE INSERT ON ${table} WHEN NEW.replaces_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ${table} p WHERE p.id = NEW.replaces_id AND p.record_id = NEW.record_id AND p.version = NEW.version - 1)
      BEGIN SELECT RAISE(ABORT, '${table}: an amendment must replace the previous version of the same record'); END;
  `;
}

function checkIdent(name: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new StationError('storage-schema', `not a plain table or column name: ${name}`);
}

export class VersionConflictError extends StationError {
  constructor(message: string) {
    super('version-conflict', message);
    this.name = 'VersionConflictError';
  }
}

/** One stored version: the bookkeeping columns plus the payload. */
export type Version<P> = {
  readonly id: number;
  readonly recordId: string;
  readonly version: number;
  readonly replacesId: number | null;
  readonly patientId: number | null;
  readonly createdAtUtc: string;
  readonly createdBy: string;
  readonly amendReason: string | null;
  readonly simulated: boolean;
} & P;

export interface VersionWriteContext {
  readonly operator: { readonly id: string; readonly role: 'admin' | 'ma' | 'provider' };
  readonly patientId: number | null;
  readonly simulated: boolean;
  /** Required for an amendment: a short code (e.g. 'transcription-error'). */
  readonly reason?: string;
  /** Extra audit details (identifiers only). */
  readonly details?: AuditEntryInput['details'];
}

type SqlValue = string | number | null;
type StoredRow<P> = Omit<Version<P>, 'simulated'> & { readonly simulated: number };
const fromStored = <P>(row: StoredRow<P>): Version<P> => ({ ...row, simulated: row.simulated === 1 }) as Version<P>;

export class VersionedRecords<P extends Record<string, SqlValue>> {
  private readonly payloadKeys: ReadonlyArray<keyof P & string>;
  private readonly insert;
  private readonly byId;
  private readonly byRecord;
  private readonly successor;

  /** columns maps each payload property to its column name. */
  constructor(
    private readonly store: Store,
    table: string,
    columns: { readonly [K in keyof P & string]: string },
    private readonly objectType: string,
  ) {
    checkIdent(table);
    this.payloadKeys = Object.keys(columns) as Array<keyof P & string>;
    const cols = this.payloadKeys.map((k) => columns[k]);
    cols.forEach(checkIdent);
    const select = `SELECT id, record_id AS recordId, version, replaces_id AS replacesId, patient_id AS patientId,
      created_at_utc AS createdAtUtc, created_by AS createdBy, amend_reason AS amendReason, simulated,
      ${this.payloadKeys.map((k) => `${columns[k]} AS "${k}"`).join(', ')} FROM ${table}`;
    this.insert = store.db.prepare(
      `INSERT INTO ${table} (record_id, version, replaces_id, patient_id, created_at_utc, created_by, amend_reason, simulated, ${cols.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${cols.map(() => '?').join(', ')})`,
    );
    this.byId = store.db.prepare(`${select} WHERE id = ?`);
    this.byRecord = store.db.prepare(`${select} WHERE record_id = ? ORDER BY version`);
    this.successor = store.db.prepare(`SELECT id FROM ${table} WHERE replaces_id = ?`).pluck();
  }

  create(payload: P, ctx: VersionWriteContext): Version<P> {
    return this.write(randomUUID(), 1, null, payload, ctx, 'create');
  }

  /** A new version replacing `replacesId`, which must be the current version of its record. */
  amend(replacesId: number, payload: P, ctx: VersionWriteContext & { readonly reason: string }): Version<P> {
    return this.store.transaction(() => {
      const previous = this.get(replacesId);
      if (previous === undefined) throw new VersionConflictError(`${this.objectType} version ${replacesId} does not exist`);
      if (this.successor.get(replacesId) !== undefined) {
        throw new VersionConflictError(`${this.objectType} version ${replacesId} was already amended: amend the current version`);
      }
      return this.write(previous.recordId, previous.version + 1, replacesId, payload, ctx, 'amend');
    });
  }

  get(id: number): Version<P> | undefined {
    const row = this.byId.get(id) as StoredRow<P> | undefined;
    return row === undefined ? undefined : fromStored(row);
  }

  /** Every version of a record, oldest first. */
  history(recordId: string): Array<Version<P>> {
    return (this.byRecord.all(recordId) as Array<StoredRow<P>>).map(fromStored);
  }

  current(recordId: string): Version<P> | undefined {
    return this.history(recordId).at(-1);
  }

  private write(recordId: string, version: number, replacesId: number | null, payload: P, ctx: VersionWriteContext, verb: 'create' | 'amend'): Version<P> {
    return this.store.transaction(() => {
      const atUtc = new Date(this.store.clockMs()).toISOString();
      const info = this.insert.run(
        recordId, version, replacesId, ctx.patientId, atUtc, ctx.operator.id, verb === 'amend' ? (ctx.reason ?? null) : null,
        ctx.simulated ? 1 : 0, ...this.payloadKeys.map((k) => payload[k]),
      );
      const id = Number(info.lastInsertRowid);
      this.store.audit.append({
        operator: ctx.operator,
        action: verb === 'create' ? 'create' : 'update',
        verb,
        objectType: this.objectType,
        objectId: `${recordId}/v${version}`,
        patientId: ctx.patientId === null ? null : String(ctx.patientId),
        outcome: 'success',
        details: {
          ...ctx.details,
          rowId: id,
          ...(replacesId !== null ? { replacesRowId: replacesId, amendReason: ctx.reason ?? null } : {}),
          ...(ctx.simulated ? { simulated: true } : {}),
        },
      });
      return this.get(id)!;
    });
  }
}
