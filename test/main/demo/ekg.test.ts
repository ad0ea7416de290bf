import { afterAll, describe, expect, it } from 'vitest';
import { clinicDay } from '../../../main/demo/clinic.ts';
import { ekgDemoDay } from '../../../main/demo/ekg.ts';
import { runDemo } from '../../../main/demo/runDemo.ts';
import { readRecord } from '../../../main/io/wfdb.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

const temp = tempDataDir('demo-ekg-');
afterAll(() => temp.remove());

describe('EKG demo generator', () => {
  it('stores analysed SIMULATED EKGs from a sample recording, notified and mostly confirmed, all audited', async () => {
    const record = await readRecord('../shared/ecg/ludb-dev/1.hea');
    const summary = await runDemo({ dataDir: temp.dir, days: 6, seed: 5, nowMs: Date.UTC(2026, 5, 15, 12), generators: [clinicDay, ekgDemoDay(record)] });
    const db = openReadonly(dbPathIn(temp.dir));
    try {
      const ekgs = db.prepare('SELECT COUNT(*) AS n, SUM(simulated) AS sim FROM ekg_records').get() as { n: number; sim: number };
      expect(ekgs.n).toBeGreaterThan(0);
      expect(ekgs.sim).toBe(ekgs.n);
      expect(db.prepare("SELECT COUNT(*) FROM ekg_review_events WHERE kind = 'provider-notified'").pluck().get()).toBe(ekgs.n);
      const analysis = JSON.parse(db.prepare('SELECT analysis_json FROM ekg_records LIMIT 1').pluck().get() as string) as {
        measurements: { heartRateBpm: number | null; axisDeg: { qrs: number | null } };
        notes?: string[];
      };
      expect(analysis.measurements.heartRateBpm).toBeGreaterThan(30);
      // Taken as the cart sends it (I, II, V1..V6; limb leads derived), LUDB's per-lead header gains
      // cannot make the limb leads disagree: the axis is measured and nothing is withheld.
      expect(analysis.measurements.axisDeg.qrs).not.toBeNull();
      expect(analysis.notes).toBeUndefined();
      expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(temp.dir)))).toMatchObject({ ok: true, entries: summary.auditEntries });
    } finally {
      db.close();
    }
  });
});
