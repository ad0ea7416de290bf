import { afterAll, describe, expect, it } from 'vitest';
import { clinicDay } from '../../../main/demo/clinic.ts';
import type { DemoGenerator } from '../../../main/demo/generators.ts';
import { runDemo } from '../../../main/demo/runDemo.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

const temp = tempDataDir('demo-');
afterAll(() => temp.remove());
const nowMs = Date.UTC(2026, 5, 15, 12);

describe('runDemo', () => {
  it('fills a verifiable log through the services, everything simulated, and runs later generators on each day', async () => {
    const seen: number[] = [];
    const probe: DemoGenerator = { name: 'probe', runDay: (day) => void seen.push(day.visits.length) };
    const summary = await runDemo({ dataDir: temp.dir, days: 4, seed: 7, nowMs, generators: [clinicDay, probe] });
    expect(summary.days).toBe(4);
    expect(seen).toHaveLength(4);
    expect(seen.every((n) => n >= 6)).toBe(true);
    const db = openReadonly(dbPathIn(temp.dir));
    try {
      expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(temp.dir)))).toMatchObject({ ok: true, entries: summary.auditEntries });
      expect(db.prepare('SELECT COUNT(*) FROM patients WHERE simulated = 0 OR mrn NOT LIKE ?').pluck().get('SIM-%')).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM operators WHERE simulated = 0').pluck().get()).toBe(0);
      const verbs = db.prepare('SELECT DISTINCT verb FROM audit_log').pluck().all();
      expect(verbs).toEqual(expect.arrayContaining(['sign-in', 'sign-out', 'create', 'view', 'lock', 'unlock']));
      // All simulated days lie before "now": no future timestamps.
      expect((db.prepare('SELECT MAX(at_utc) FROM audit_log').pluck().get() as string) < new Date(nowMs).toISOString()).toBe(true);
      // Every sign-in is matched by a sign-out at the end of its day.
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'sign-in' AND outcome = 'success'").pluck().get()).toBe(
        db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'sign-out'").pluck().get(),
      );
    } finally {
      db.close();
    }
  });
});
