import { afterAll, describe, expect, it } from 'vitest';
import { clinicDay } from '../../../main/demo/clinic.ts';
import { pocDay } from '../../../main/demo/poc.ts';
import { runDemo } from '../../../main/demo/runDemo.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

const temp = tempDataDir('demo-poc-');
afterAll(() => temp.remove());

describe('POC demo generator', () => {
  it('records the morning QC then SIMULATED glucose results through the POC service, all audited', async () => {
    const summary = await runDemo({ dataDir: temp.dir, days: 5, seed: 3, nowMs: Date.UTC(2026, 5, 15, 12), generators: [clinicDay, pocDay] });
    const db = openReadonly(dbPathIn(temp.dir));
    try {
      const results = db.prepare('SELECT COUNT(*) AS n, SUM(simulated) AS sim FROM poc_results').get() as { n: number; sim: number };
      expect(results.n).toBeGreaterThan(0);
      expect(results.sim).toBe(results.n);
      // Two control levels a day, all passed, all simulated.
      expect(db.prepare('SELECT COUNT(*) FROM poc_qc_runs WHERE passed = 1 AND simulated = 1').pluck().get()).toBe(10);
      expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(temp.dir)))).toMatchObject({ ok: true, entries: summary.auditEntries });
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'qc-record'").pluck().get()).toBe(10);
    } finally {
      db.close();
    }
  });
});
