import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../../main/audit/entry.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
import { openStore } from '../../../main/storage/store.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

const entry: AuditEntryInput = { operator: { id: 'ann', role: 'ma' }, action: 'read', verb: 'view', objectType: 'patient', objectId: '7', patientId: '7', outcome: 'success' };
let cleanup = (): void => undefined;
afterEach(() => cleanup());

describe('AuditLog', () => {
  it('numbers entries 1, 2, 3..., stamps UTC time and station id, and keeps the sidecar at the head', () => {
    const clock = manualClock();
    const t = tempStore({ clockMs: clock.clockMs });
    cleanup = t.cleanup;
    const a = t.store.audit.append(entry);
    clock.advance(1500);
    const [b, c] = t.store.audit.appendMany([entry, { ...entry, verb: 'print', details: { copies: 2 } }]);
    expect([a.seq, b!.seq, c!.seq]).toEqual([1, 2, 3]);
    expect(a.atUtc).toBe('2026-01-05T09:00:00.000Z');
    expect(c!.atUtc).toBe('2026-01-05T09:00:01.500Z');
    const row = t.store.db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Record<string, unknown>;
    expect(row).toMatchObject({ operator_id: 'ann', operator_role: 'ma', station_id: t.store.stationId, verb: 'print', details: '{"copies":2}', hash: c!.hash });
    expect(readAuditHead(auditHeadPathIn(t.dir))).toEqual({ kind: 'ok', head: { seq: 3, hash: c!.hash } });
  });

  it('joins the caller transaction: the record and its entry commit or roll back together', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.db.exec('CREATE TABLE thing (x)');
    expect(() =>
      t.store.transaction(() => {
        t.store.db.exec('INSERT INTO thing VALUES (1)');
        t.store.audit.append(entry);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(t.store.audit.head().seq).toBe(0);
    t.store.transaction(() => {
      t.store.db.exec('INSERT INTO thing VALUES (1)');
      t.store.audit.append(entry);
    });
    expect(t.store.audit.head().seq).toBe(1);
    expect(readAuditHead(auditHeadPathIn(t.dir))).toMatchObject({ kind: 'ok', head: { seq: 1 } });
  });

  it('writes nothing for an invalid entry in a batch', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    expect(() => t.store.audit.appendMany([entry, { ...entry, outcome: 'failure' }])).toThrow(/reason/);
    expect(t.store.audit.head().seq).toBe(0);
  });

  it('coalesces sidecar rewrites but brings the sidecar up to date on close', () => {
    const t = tempStore({ auditHeadMaxLagMs: 60_000 });
    cleanup = t.cleanup;
    t.store.audit.append(entry);
    t.store.audit.append(entry);
    const last = t.store.audit.append(entry);
    const before = readAuditHead(auditHeadPathIn(t.dir));
    expect(before.kind === 'ok' && before.head.seq).toBeLessThan(3);
    t.store.close();
    expect(readAuditHead(auditHeadPathIn(t.dir))).toEqual({ kind: 'ok', head: { seq: 3, hash: last.hash } });
  });

  it('records a missing or inconsistent sidecar found at open in the log itself', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.audit.appendMany([entry, entry]);
    t.store.close();
    rmSync(auditHeadPathIn(t.dir));
    const s2 = openStore({ dataDir: t.dir });
    expect(s2.audit.anchorFault).toBe('sidecar-missing');
    const found = s2.db.prepare('SELECT seq, verb, outcome, reason, details FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(found).toEqual({ seq: 3, verb: 'audit-anchor-mismatch', outcome: 'failure', reason: 'sidecar-missing', details: '{"databaseHeadSeq":2,"sidecarSeq":null}' });
    s2.close();
    writeFileSync(auditHeadPathIn(t.dir), 'garbage');
    const s3 = openStore({ dataDir: t.dir });
    expect(s3.audit.anchorFault).toBe('sidecar-unreadable');
    s3.close();
    const s4 = openStore({ dataDir: t.dir });
    expect(s4.audit.anchorFault).toBeNull();
    s4.close();
  });

  it('records an emptied log found at open beside existing records, even with no sidecar to compare', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.db.exec('CREATE TABLE thing (x); INSERT INTO thing VALUES (1)');
    t.store.close();
    rmSync(auditHeadPathIn(t.dir));
    const s2 = openStore({ dataDir: t.dir });
    expect(s2.audit.anchorFault).toBe('records-without-log');
    expect(s2.db.prepare('SELECT seq, verb, reason FROM audit_log').all()).toEqual([{ seq: 1, verb: 'audit-anchor-mismatch', reason: 'records-without-log' }]);
    s2.close();
  });

  it('an admin acknowledges one recorded deletion at a time, naming the lost seqs; a second finding still fails verify', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const admin = { id: 'ann', role: 'admin' } as const;
    t.store.audit.appendMany(Array.from({ length: 10 }, () => entry));
    t.store.close();
    // Deleting the newest rows (as with the sqlite3 shell, triggers dropped), then reopening.
    const reopenAfterDeleting = (fromSeq: number) => {
      const s = openStore({ dataDir: t.dir });
      s.db.exec(`DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${fromSeq};`);
      s.db.close(); // not store.close(): that would move the sidecar to the shortened head
      return openStore({ dataDir: t.dir, auditHeadMaxLagMs: 0 });
    };
    const s1 = reopenAfterDeleting(8); // seqs 8-10 lost; finding recorded at 8
    s1.audit.appendMany([entry, entry, entry]); // 9-11
    s1.close();
    const s2 = reopenAfterDeleting(11); // seq 11 lost; finding recorded at 11
    const verify = () => verifyAuditLog(s2.db, readAuditHead(auditHeadPathIn(t.dir)));
    expect(verify()).toMatchObject({ ok: false, reason: 'head-behind-sidecar', recordedSeq: 8, lostSeqs: { from: 8, to: 10 } });

    const ack = s2.audit.acknowledgeAnchorMismatch(8, admin);
    expect(ack).toMatchObject({ seq: 12, mismatchSeq: 8, findingReason: 'head-behind-sidecar', lostSeqs: { from: 8, to: 10 } });
    expect(s2.db.prepare('SELECT operator_id, operator_role, action, verb, object_id, outcome, details FROM audit_log WHERE seq = 12').get()).toEqual({
      operator_id: 'ann',
      operator_role: 'admin',
      action: 'update',
      verb: 'audit-anchor-acknowledge',
      object_id: '8',
      outcome: 'success',
      details: '{"findingReason":"head-behind-sidecar","lostFromSeq":8,"lostToSeq":10}',
    });
    expect(verify()).toMatchObject({ ok: false, reason: 'head-behind-sidecar', recordedSeq: 11, lostSeqs: { from: 11, to: 11 } });
    s2.audit.acknowledgeAnchorMismatch(11, admin);
    expect(verify()).toMatchObject({ ok: true });
    s2.close();
  });

  it('refuses a non-admin, an entry that is no finding and a second acknowledgement, each audited as a failure that acknowledges nothing', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    t.store.audit.appendMany([entry, entry]);
    t.store.close();
    rmSync(auditHeadPathIn(t.dir));
    const s = openStore({ dataDir: t.dir, auditHeadMaxLagMs: 0 }); // sidecar-missing recorded at 3
    const verify = () => verifyAuditLog(s.db, readAuditHead(auditHeadPathIn(t.dir)));
    expect(() => s.audit.acknowledgeAnchorMismatch(3, { id: 'mia', role: 'ma' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => s.audit.acknowledgeAnchorMismatch(2, { id: 'ann', role: 'admin' })).toThrow(expect.objectContaining({ code: 'not-anchor-mismatch' }));
    expect(verify()).toMatchObject({ ok: false, reason: 'sidecar-missing', recordedSeq: 3 });
    expect(s.audit.acknowledgeAnchorMismatch(3, { id: 'ann', role: 'admin' }).lostSeqs).toBeNull();
    expect(() => s.audit.acknowledgeAnchorMismatch(3, { id: 'ann', role: 'admin' })).toThrow(expect.objectContaining({ code: 'already-acknowledged' }));
    expect(s.db.prepare('SELECT operator_role AS role, object_id AS objectId, outcome, reason, details FROM audit_log WHERE seq > 3 ORDER BY seq').all()).toEqual([
      { role: 'ma', objectId: null, outcome: 'failure', reason: 'forbidden', details: '{"mismatchSeq":3}' },
      { role: 'admin', objectId: null, outcome: 'failure', reason: 'not-anchor-mismatch', details: '{"mismatchSeq":2}' },
      { role: 'admin', objectId: '3', outcome: 'success', reason: null, details: '{"findingReason":"sidecar-missing","lostFromSeq":null,"lostToSeq":null}' },
      { role: 'admin', objectId: null, outcome: 'failure', reason: 'already-acknowledged', details: '{"mismatchSeq":3}' },
    ]);
    expect(verify()).toMatchObject({ ok: true });
    s.close();
  });
});
