import { randomUUID } from 'node:crypto';
import { AuditLog } from './auditLog.ts';
import { auditHeadPathIn, dbPathIn, makeDataDir } from './dataDir.ts';
import { databaseFileError, openWritable, type WritableDb } from './db.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations/index.ts';

/** The open station database and its audit log: what every records-keeping service is given. */
export interface Store {
  readonly dataDir: string;
  readonly db: WritableDb;
  readonly audit: AuditLog;
  readonly stationId: string;
  /** Wall clock, epoch ms: services stamp records with it (tests and the demo inject their own). */
  readonly clockMs: () => number;
  /**
   * Runs fn in one IMMEDIATE transaction (records + their audit entries commit together or not
   * at all), then refreshes the audit head sidecar. fn must be synchronous: never await inside.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  readonly dataDir: string;
  readonly clockMs?: () => number;
  /** See AuditLogOptions.headMaxLagMs. */
  readonly auditHeadMaxLagMs?: number;
}

function ensureStationId(db: WritableDb): string {
  const existing = db.prepare("SELECT value FROM settings WHERE key = 'station_id'").pluck().get() as string | undefined;
  if (existing !== undefined) return existing;
  const id = `station-${randomUUID()}`;
  db.prepare("INSERT INTO settings (key, value) VALUES ('station_id', ?)").run(id);
  return id;
}

/**
 * Opens (creating and migrating as needed) the station database in dataDir. A file there that is
 * not a SQLite database, or whose header or schema is damaged, is refused with one typed error
 * (`storage-not-a-database`, `storage-unreadable`) for every caller: the CLI says it in one line
 * and exits 1, never as an internal error.
 */
export function openStore(options: OpenStoreOptions): Store {
  makeDataDir(options.dataDir);
  let db: WritableDb;
  try {
    db = openWritable(dbPathIn(options.dataDir));
  } catch (e) {
    throw databaseFileError(e);
  }
  try {
    migrate(db, migrations);
    const stationId = ensureStationId(db);
    const clockMs = options.clockMs ?? Date.now;
    const audit = new AuditLog(db, {
      stationId,
      headPath: auditHeadPathIn(options.dataDir),
      clockMs,
      ...(options.auditHeadMaxLagMs !== undefined ? { headMaxLagMs: options.auditHeadMaxLagMs } : {}),
    });
    return {
      dataDir: options.dataDir,
      db,
      audit,
      stationId,
      clockMs,
      transaction<T>(fn: () => T): T {
        const result = db.transaction(fn).immediate();
        audit.afterCommit();
        return result;
      },
      close() {
        audit.close();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw databaseFileError(e);
  }
}
