import { StorageError, type WritableDb } from './db.ts';

/** One schema step, registered in main/storage/migrations/index.ts. */
export interface Migration {
  /** NNNN of its file name. Areas own number blocks (records 1-9, labels 10...), so the registry may skip numbers. */
  readonly version: number;
  readonly name: string;
  /** Runs inside a transaction opened by the runner: never open one here, never await. */
  up(db: WritableDb): void;
}

/** Rejects a registry whose versions are not strictly ascending positive integers. */
export function checkRegistry(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new StorageError('migration-registry', `migration registry out of order: ${m.version} (${m.name}) after ${previous}`);
    }
    previous = m.version;
  }
}

/**
 * Brings the database up to the last registered migration. The highest applied version lives
 * in SQLite's `user_version` header field and every applied step in `schema_migrations`, both
 * written in the same transaction as the step, so a crash never records a half-applied step.
 * Refuses (typed error, nothing applied) when the database knows a version the registry does
 * not (newer station or a removed file), or when a registered step numbered below the applied
 * head was never applied (a migration inserted out of order would otherwise be skipped).
 * Returns the versions applied now.
 */
export function migrate(db: WritableDb, migrations: readonly Migration[]): number[] {
  checkRegistry(migrations);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL) STRICT');
  const head = schemaVersion(db);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]));
  const known = new Set(migrations.map((m) => m.version));
  for (const v of applied) {
    if (!known.has(v)) throw new StorageError('storage-too-new', `database has schema step ${v}, which this station does not know`);
  }
  if (head !== 0 && !applied.has(head)) throw new StorageError('migration-gap', `user_version ${head} is not a recorded schema step`);
  const pending = migrations.filter((m) => !applied.has(m.version));
  const below = pending.find((m) => m.version < head);
  if (below) throw new StorageError('migration-gap', `schema step ${below.version} (${below.name}) is below the applied head ${head} but was never applied`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name);
      // PRAGMA takes no bound parameter; the version is an integer from our own registry.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return pending.map((m) => m.version);
}

export function schemaVersion(db: WritableDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}
