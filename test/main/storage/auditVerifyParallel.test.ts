import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { sharedFromWorkerData, verifyAuditLogParallel, type VerifyWorkerData } from '../../../main/storage/auditVerifyParallel.ts';
import { startModuleWorker } from '../../../main/io/moduleWorker.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { viewEntry } from '../../helpers/auditEntries.ts';
import { tempStore } from '../../helpers/tempStore.ts';

const ENTRIES = 1_000;

let t: ReturnType<typeof tempStore>;
let pristine: string;
beforeAll(() => {
  t = tempStore();
  t.store.audit.appendMany(Array.from({ length: ENTRIES }, (_, i) => viewEntry(i)));
  t.store.close();
  pristine = `${dbPathIn(t.dir)}.pristine`;
  copyFileSync(dbPathIn(t.dir), pristine);
});
afterAll(() => t.cleanup());

/** Tampers with the sqlite3 shell (triggers dropped first), runs both verifiers, restores the file. */
async function bothAfter(sql: string | null) {
  if (sql !== null) execFileSync('sqlite3', [dbPathIn(t.dir), `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql}`]);
  try {
    const sidecar = readAuditHead(auditHeadPathIn(t.dir));
    const db = openReadonly(dbPathIn(t.dir));
    const single = verifyAuditLog(db, sidecar);
    db.close();
    // 3 threads (2 real workers) over chunks of 64 rows: every chunk boundary case below is crossed.
    const parallel = await verifyAuditLogParallel(dbPathIn(t.dir), sidecar, { threads: 3, chunkRows: 64, minEntriesForWorkers: 0 });
    return { single, parallel };
  } finally {
    copyFileSync(pristine, dbPathIn(t.dir));
  }
}

describe('verifyAuditLogParallel (worker threads)', () => {
  it('passes the intact log with the same count and head as the single-threaded walk', async () => {
    const { single, parallel } = await bothAfter(null);
    expect(parallel).toEqual(single);
    expect(parallel).toMatchObject({ ok: true, entries: ENTRIES, headSeq: ENTRIES });
  });

  it.each([
    ['an edited row inside a chunk', "UPDATE audit_log SET verb = 'print' WHERE seq = 700;", { firstBadSeq: 700, reason: 'hash-mismatch' }],
    ['an edited first row of a chunk', "UPDATE audit_log SET verb = 'print' WHERE seq = 129;", { firstBadSeq: 129, reason: 'hash-mismatch' }],
    ['an edited last row of a chunk', "UPDATE audit_log SET verb = 'print' WHERE seq = 128;", { firstBadSeq: 128, reason: 'hash-mismatch' }],
    ['two edits: the lower one is named', "UPDATE audit_log SET verb = 'print' WHERE seq IN (900, 300);", { firstBadSeq: 300, reason: 'hash-mismatch' }],
    ['a deleted last row of a chunk', 'DELETE FROM audit_log WHERE seq = 192;', { firstBadSeq: 192, reason: 'sequence-gap', entries: 191 }],
    ['a deleted first row of a chunk', 'DELETE FROM audit_log WHERE seq = 193;', { firstBadSeq: 193, reason: 'sequence-gap', entries: 192 }],
    ['a whole chunk deleted', 'DELETE FROM audit_log WHERE seq BETWEEN 257 AND 320;', { firstBadSeq: 257, reason: 'sequence-gap' }],
    ['the newest rows deleted', 'DELETE FROM audit_log WHERE seq > 990;', { firstBadSeq: 991, reason: 'head-behind-sidecar', entries: 990 }],
  ])('finds %s exactly where the single-threaded walk does', async (_name, sql, expected) => {
    const { single, parallel } = await bothAfter(sql);
    expect(parallel).toEqual(single);
    expect(parallel).toMatchObject({ ok: false, ...expected });
  });
});

describe('auditVerifyWorker', () => {
  it('claims and checks every chunk when it runs alone in its thread, marking the tampered one', async () => {
    execFileSync('sqlite3', [dbPathIn(t.dir), "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET verb = 'print' WHERE seq = 450;"]);
    try {
      const chunks = Math.ceil(ENTRIES / 100);
      const data: VerifyWorkerData = {
        dbPath: dbPathIn(t.dir),
        headSeq: ENTRIES,
        chunkRows: 100,
        buffers: { next: new SharedArrayBuffer(4), state: new SharedArrayBuffer(4 * chunks), faultSeq: new SharedArrayBuffer(8 * chunks) },
      };
      const worker = startModuleWorker(new URL('../../../main/storage/auditVerifyWorker.ts', import.meta.url), { workerData: data });
      const exitCode = await new Promise<number>((resolve, reject) => {
        worker.once('exit', resolve);
        worker.once('error', reject);
      });
      expect(exitCode).toBe(0);
      const shared = sharedFromWorkerData(data);
      // 1 = intact, 3 = hash mismatch (chunk 4 holds seq 401-500).
      expect(Array.from(shared.state)).toEqual([1, 1, 1, 1, 3, 1, 1, 1, 1, 1]);
      expect(shared.faultSeq[4]).toBe(450);
    } finally {
      copyFileSync(pristine, dbPathIn(t.dir));
    }
  });
});
