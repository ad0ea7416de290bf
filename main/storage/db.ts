import Database from 'better-sqlite3';
import { StationError } from '../../common/errors.ts';

declare const writableBrand: unique symbol;
declare const readonlyBrand: unique symbol;

/** A handle opened for writing: the only kind migrations and services that write accept. */
export type WritableDb = Database.Database & { readonly [writableBrand]: true };
/** A handle opened read-only (verify, export): SQLite itself refuses writes through it. */
export type ReadonlyDb = Database.Database & { readonly [readonlyBrand]: true };
/** Either handle: for code that only reads. */
export type ReadableDb = WritableDb | ReadonlyDb;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;
/**
 * Page cache per connection, in KiB (negative = KiB for PRAGMA cache_size). SQLite's default
 * 2 MiB thrashes once the audit indexes of a large log no longer fit; 64 MiB keeps their
 * upper levels and recent leaves in memory.
 */
const CACHE_KIB = 65_536;

export class StorageError extends StationError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'StorageError';
  }
}

/**
 * SQLite's verdict on a file that holds no usable database (random bytes, a truncated or
 * overwritten header, a damaged schema page), as the typed one-line error every command gives;
 * any other error is returned as it is. Wording shared with `audit verify`.
 */
export function databaseFileError(e: unknown): unknown {
  if (!(e instanceof Database.SqliteError)) return e;
  if (e.code === 'SQLITE_NOTADB') return new StorageError('storage-not-a-database', 'the station database file is not a SQLite database');
  // SQLITE_CORRUPT and its extended codes (SQLITE_CORRUPT_VTAB, _SEQUENCE, _INDEX).
  if (e.code.startsWith('SQLITE_CORRUPT')) return new StorageError('storage-unreadable', `the station database cannot be read (${e.code})`);
  return e;
}

/**
 * Opens (creating if needed) the station database for writing, with the pragmas every
 * connection needs: WAL so readers never block the writer, synchronous=FULL so a committed
 * transaction survives power loss, foreign keys on (SQLite leaves them off by default).
 * Pattern from Signal Desktop's SQL setup.
 */
export function openWritable(path: string): WritableDb {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    return db as WritableDb;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens an existing database read-only; fails with a typed error when the file is missing. */
export function openReadonly(path: string): ReadonlyDb {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch {
    throw new StorageError('storage-missing', 'no station database in this data directory');
  }
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${CACHE_KIB}`);
  return db as ReadonlyDb;
}

/** A private in-memory database (migration tests). */
export function openMemory(): WritableDb {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db as WritableDb;
}
