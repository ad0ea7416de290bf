import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { AuditRole } from '../audit/entry.ts';
import { readAuditHead, writeAuditHead } from './auditSidecar.ts';
import { auditHeadPathIn, dbPathIn } from './dataDir.ts';
import { openReadonly, StorageError } from './db.ts';
import type { Store } from './store.ts';
import { GENESIS_HASH } from '../audit/chain.ts';

/** The sidecar that goes with a backup file: FILE.audit-head.json. */
export const backupHeadPath = (backupFile: string): string => `${backupFile}.audit-head.json`;

/**
 * Online backup (SQLite backup API through better-sqlite3: consistent while the station keeps
 * writing). The backup is audited first, so the copy contains its own record; the copy's chain
 * head is then written next to it, read from the copy itself so the two always match.
 */
export async function backupStore(store: Store, targetFile: string, actor: { id: string; role: AuditRole }): Promise<{ pages: number; auditHeadSeq: number }> {
  store.audit.append({ operator: actor, action: 'execute', verb: 'backup', objectType: 'database', outcome: 'success' });
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
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(dbPathIn(dataDir))) throw new StorageError('restore-target-exists', 'the data directory already has a database');
  const head = readAuditHead(backupHeadPath(backupFile));
  if (head.kind !== 'ok') throw new StorageError('restore-no-head', 'the backup has no readable audit head file next to it');
  copyFileSync(backupFile, dbPathIn(dataDir));
  writeAuditHead(auditHeadPathIn(dataDir), head.head);
}
