import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { backupStore, restoreBackup } from '../../../main/storage/backup.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { openStore } from '../../../main/storage/store.ts';
import { tempDataDir, tempStore } from '../../helpers/tempStore.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('backup and restore', () => {
  it('restores a data dir whose log verifies and holds everything up to the backup, including the backup itself', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const out = tempDataDir('backup-');
    cleanups.push(out.remove);
    t.store.db.exec("INSERT INTO settings (key, value) VALUES ('marker', 'before-backup')");
    t.store.audit.appendMany(Array.from({ length: 20 }, () => ({ operator: null, action: 'read' as const, verb: 'view', objectType: 'patient', outcome: 'success' as const })));
    const file = join(out.dir, 'station-backup.sqlite');
    const result = await backupStore(t.store, file, { id: 'cli:test', role: 'system' });
    expect(result.auditHeadSeq).toBe(21);
    // The live station keeps writing after the backup: the copy is not affected.
    t.store.audit.append({ operator: null, action: 'read', verb: 'view', objectType: 'patient', outcome: 'success' });

    const restored = join(out.dir, 'restored');
    restoreBackup(file, restored);
    const ro = openReadonly(dbPathIn(restored));
    expect(verifyAuditLog(ro, readAuditHead(auditHeadPathIn(restored)))).toMatchObject({ ok: true, entries: 21 });
    // The copy holds the record of its own making; its outcome is in the live log only.
    expect(ro.prepare("SELECT verb FROM audit_log WHERE seq = 21").pluck().get()).toBe('backup-start');
    expect(t.store.db.prepare('SELECT verb, outcome FROM audit_log WHERE seq = 22').get()).toEqual({ verb: 'backup', outcome: 'success' });
    ro.close();
    const reopened = openStore({ dataDir: restored });
    expect(reopened.audit.anchorFault).toBeNull();
    expect(reopened.db.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('before-backup');
    expect(reopened.stationId).toBe(t.store.stationId);
    reopened.close();
    expect(() => restoreBackup(file, restored)).toThrow(expect.objectContaining({ code: 'restore-target-exists' }));
  });

  it('audits a failed backup as a failure with its reason, throws a typed error and leaves no file', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const out = tempDataDir('backup-');
    cleanups.push(out.remove);
    const file = join(out.dir, 'no-such-folder', 'b.sqlite');
    await expect(backupStore(t.store, file, { id: 'cli:test', role: 'system' })).rejects.toMatchObject({
      name: 'StorageError',
      code: 'backup-failed',
      message: 'the folder for the backup file does not exist',
    });
    const entries = t.store.db.prepare('SELECT verb, outcome, reason FROM audit_log ORDER BY seq').all();
    expect(entries).toEqual([
      { verb: 'backup-start', outcome: 'success', reason: null },
      { verb: 'backup', outcome: 'failure', reason: 'target-dir-missing' },
    ]);
    expect(existsSync(file)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const out = tempDataDir('backup-');
    cleanups.push(out.remove);
    const file = join(out.dir, 'older-backup.sqlite');
    writeFileSync(file, 'an older backup');
    await expect(backupStore(t.store, file, { id: 'cli:test', role: 'system' })).rejects.toMatchObject({ code: 'backup-target-exists' });
    expect(t.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });
});
