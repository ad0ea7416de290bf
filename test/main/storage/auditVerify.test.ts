import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { openStore } from '../../../main/storage/store.ts';
import { viewEntry } from '../../helpers/auditEntries.ts';
import { tempStore } from '../../helpers/tempStore.ts';


let cleanup = (): void => undefined;
afterEach(() => cleanup());

/** A closed store with `n` entries; returns its data dir. */
function logWith(n: number): string {
  const t = tempStore();
  cleanup = t.cleanup;
  t.store.audit.appendMany(Array.from({ length: n }, (_, i) => viewEntry(i)));
  t.store.close();
  return t.dir;
}

const verify = (dir: string) => {
  const db = openReadonly(dbPathIn(dir));
  try {
    return verifyAuditLog(db, readAuditHead(auditHeadPathIn(dir)));
  } finally {
    db.close();
  }
};

/** Tampering the way an insider would: the sqlite3 shell, after dropping the append-only triggers. */
const sqlite = (dir: string, sql: string): void => {
  execFileSync('sqlite3', [dbPathIn(dir), `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql}`]);
};

describe('verifyAuditLog', () => {
  it('passes an intact log and reports count and head', () => {
    const dir = logWith(50);
    const r = verify(dir);
    expect(r).toMatchObject({ ok: true, entries: 50, headSeq: 50 });
    expect(r.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the edited row when any field of any row is changed', () => {
    const columns = ['at_utc', 'operator_id', 'operator_role', 'station_id', 'action', 'verb', 'object_type', 'object_id', 'patient_id', 'outcome', 'reason', 'details'];
    const values: Record<string, string> = { operator_role: "'admin'", action: "'delete'", outcome: "'failure'", details: `'{"n":999}'` };
    const dir = logWith(30);
    for (const [i, column] of columns.entries()) {
      const seq = 1 + ((i * 7) % 30);
      execFileSync('cp', [dbPathIn(dir), `${dbPathIn(dir)}.orig`]);
      sqlite(dir, `UPDATE audit_log SET ${column} = ${values[column] ?? "'x'"} WHERE seq = ${seq};`);
      expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'hash-mismatch' });
      execFileSync('cp', [`${dbPathIn(dir)}.orig`, dbPathIn(dir)]);
    }
  });

  it('names the next row when a row and its own hash are both rewritten', () => {
    const dir = logWith(10);
    sqlite(dir, "UPDATE audit_log SET verb = 'print', hash = '" + 'a'.repeat(64) + "' WHERE seq = 4;");
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'hash-mismatch' });
  });

  it('names a hash of the wrong length as a hash mismatch, not a sequence gap', () => {
    for (const hash of ["hash || '1'", 'substr(hash, 2)', "''"]) {
      const dir = logWith(10);
      sqlite(dir, `UPDATE audit_log SET hash = ${hash} WHERE seq = 7;`);
      expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'hash-mismatch' });
    }
  });

  it('reports a gap when a middle row is deleted', () => {
    const dir = logWith(10);
    sqlite(dir, 'DELETE FROM audit_log WHERE seq = 6;');
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 6, reason: 'sequence-gap', entries: 5 });
  });

  it('reports the head behind the sidecar when the newest rows are deleted', () => {
    const dir = logWith(10);
    sqlite(dir, 'DELETE FROM audit_log WHERE seq > 7;');
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'head-behind-sidecar', entries: 7 });
  });

  it('reports a rewritten newest row even with a recomputed hash, through the sidecar', () => {
    const dir = logWith(3);
    sqlite(dir, "UPDATE audit_log SET hash = '" + 'b'.repeat(64) + "' WHERE seq = 3;");
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('SQLite json_array builds exactly the canonical text JSON.stringify builds (random admissible strings)', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const admissible = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !/\p{Cc}|\p{Cs}/u.test(s));
    fc.assert(
      fc.property(admissible, admissible, fc.dictionary(fc.constantFrom('a', 'bB', 'c_1'), fc.oneof(admissible, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())), (objectId, patientId, details) => {
        t.store.audit.append({ ...viewEntry(1), objectId, patientId, details });
      }),
      { numRuns: 200 },
    );
    t.store.close();
    expect(verify(t.dir)).toMatchObject({ ok: true, entries: 200 });
  });
});

describe('verifyAuditLog on a rebuilt table', () => {
  it('names a row whose hash was set to NULL in a copy of the table without its constraints', () => {
    const dir = logWith(10);
    execFileSync('sqlite3', [
      dbPathIn(dir),
      'CREATE TABLE loose AS SELECT * FROM audit_log; DROP TABLE audit_log; ALTER TABLE loose RENAME TO audit_log; UPDATE audit_log SET hash = NULL WHERE seq = 6;',
    ]);
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 6, reason: 'hash-mismatch', entries: 5 });
  });
});

describe('verifyAuditLog across restarts', () => {
  /** What any ordinary start does (serve, operators list, audit export): open the store, append, close. */
  const restartAndAppend = (dir: string): void => {
    const s = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
    s.audit.append(viewEntry(99));
    s.close();
  };

  it('still fails, naming the lost range, after a restart recorded the deleted newest rows and moved the sidecar', () => {
    const dir = logWith(10);
    sqlite(dir, 'DELETE FROM audit_log WHERE seq > 7;');
    restartAndAppend(dir);
    restartAndAppend(dir);
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'head-behind-sidecar', recordedSeq: 8, lostSeqs: { from: 8, to: 10 }, entries: 10 });
  });

  it('fails on a recorded missing sidecar until an admin acknowledges it, and only an admin can', () => {
    const dir = logWith(5);
    rmSync(auditHeadPathIn(dir));
    restartAndAppend(dir);
    expect(verify(dir)).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'sidecar-missing', recordedSeq: 6 });
    const s = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
    expect(() => s.audit.acknowledgeAnchorMismatch(6, { id: 'mia', role: 'ma' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => s.audit.acknowledgeAnchorMismatch(5, { id: 'ann', role: 'admin' })).toThrow(expect.objectContaining({ code: 'not-anchor-mismatch' }));
    s.audit.acknowledgeAnchorMismatch(6, { id: 'ann', role: 'admin' });
    s.close();
    // 5 + the finding + the restart's entry + two refusals (each audited as a failure) + the acknowledgement.
    expect(verify(dir)).toMatchObject({ ok: true, entries: 10 });
  });

  it('does not take an acknowledgement appended by a non-admin (forged with the shell) as one', () => {
    const dir = logWith(5);
    rmSync(auditHeadPathIn(dir));
    const s = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
    s.audit.append({ operator: { id: 'mia', role: 'ma' }, action: 'update', verb: 'audit-anchor-acknowledge', objectType: 'audit-log', objectId: '6', outcome: 'success' });
    s.close();
    expect(verify(dir)).toMatchObject({ ok: false, reason: 'sidecar-missing', recordedSeq: 6 });
  });

  it('fails an empty log beside records, before and after a restart', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.db.exec("CREATE TABLE thing (x); INSERT INTO thing VALUES (1)");
    t.store.audit.appendMany([viewEntry(1), viewEntry(2)]);
    t.store.close();
    sqlite(t.dir, 'DELETE FROM audit_log;');
    rmSync(auditHeadPathIn(t.dir));
    expect(verify(t.dir)).toMatchObject({ ok: false, entries: 0, firstBadSeq: 1, reason: 'records-without-log' });
    restartAndAppend(t.dir);
    expect(verify(t.dir)).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'records-without-log', recordedSeq: 1 });
  });

  it('passes a new, empty station', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.close();
    expect(verify(t.dir)).toEqual({ ok: true, entries: 0, headSeq: 0, headHash: expect.any(String) });
  });
});
