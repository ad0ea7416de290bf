import { copyFileSync, existsSync, rmSync } from 'node:fs';
import type { AuditRole } from '../audit/entry.ts';
import { readAuditHead, writeAuditHead } from './auditSidecar.ts';
import { auditHeadPathIn, dbPathIn, makeDataDir } from './dataDir.ts';
import { openReadonly, StorageError } from './db.ts';
import type { Store } from './store.ts';
import { GENESIS_HASH } from '../audit/chain.ts';

/** The sidecar that goes with a backup file: FILE.audit-head.json. */
export const backupHeadPath = (backupFile: string): string => `${backupFile}.audit-head.json`;

/** Why a backup failed: the audit reason code and the one line the operator reads. */
interface BackupFailure {
  readonly reason: string;
  readonly message: string;
}

/**
 * better-sqlite3 refuses a missing folder with a TypeError of its own, and reports SQLite's
 * failures (no permission, disk full) as SqliteError with SQLite's code.
 */
function backupFailure(e: unknown): BackupFailure {
  if (e instanceof TypeError && /directory does not exist/.test(e.message)) return { reason: 'target-dir-missing', message: 'the folder for the backup file does not exist' };
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_CANTOPEN') return { reason: 'target-cannot-open', message: 'the backup file cannot be created there' };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { reason: 'disk-full', message: 'the disk is full' };
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,46}$/.test(code)) return { reason: code.toLowerCase().replaceAll('_', '-'), message: `the backup failed (${code})` };
  return { reason: 'backup-failed', message: 'the backup failed' };
}

/**
 * Online backup (SQLite backup API through better-sqlite3: consistent while the station keeps
 * writing). A `backup-start` entry is appended first, so the copy holds the record of its own
 * making; the outcome (`backup`, success, or failure with a reason) is appended once it is known,
 * to the live log only. The copy's chain head is written next to it, read from the copy itself so
 * the two always match. A failed backup leaves no file behind that could pass for a good one.
 */
export async function backupStore(store: Store, targetFile: string, actor: { id: string; role: AuditRole }): Promise<{ pages: number; auditHeadSeq: number }> {
  // db.backup() overwrites whatever is there: an older backup must never be lost that way.
  if (existsSync(targetFile)) throw new StorageError('backup-target-exists', 'the backup file already exists');
  const entry = { operator: actor, action: 'execute', objectType: 'database' } as const;
  store.audit.append({ ...entry, verb: 'backup-start', outcome: 'success' });
  let result: { pages: number; auditHeadSeq: number };
  try {
    result = await copyWithHead(store, targetFile);
  } catch (e) {
    const failure = backupFailure(e);
    store.audit.append({ ...entry, verb: 'backup', outcome: 'failure', reason: failure.reason });
    rmSync(targetFile, { force: true });
    rmSync(backupHeadPath(targetFile), { force: true });
    throw new StorageError('backup-failed', failure.message);
  }
  store.audit.append({ ...entry, verb: 'backup', outcome: 'success', details: { pages: result.pages, auditHeadSeq: result.auditHeadSeq } });
  return result;
}

async function copyWithHead(store: Store, targetFile: string): Promise<{ pages: number; auditHeadSeq: number }> {
  const { totalPages } = await store.db.backup(targetFile);
  const copy = openReadonly(targetFile);
  try {
    const head = (copy.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS_HASH };
    writeAuditHead(backupHeadPath(targetFile), head);
    return { pages: totalPages, auditHeadSeq: head.seq };
  } finally {
    copy.close();
  }
}

/** Puts a backup (and its sidecar) in place as the database of an empty data dir. */
export function restoreBackup(backupFile: string, dataDir: string): void {
  makeDataDir(dataDir);
  if (existsSync(dbPathIn(dataDir))) throw new StorageError('restore-target-exists', 'the data directory already has a database');
  const head = readAuditHead(backupHeadPath(backupFile));
  if (head.kind !== 'ok') throw new StorageError('restore-no-head', 'the backup has no readable audit head file next to it');
  copyFileSync(backupFile, dbPathIn(dataDir));
  writeAuditHead(auditHeadPathIn(dataDir), head.head);
}
