import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../main/app/simulators.ts';
import { clinicDay } from '../../../main/demo/clinic.ts';
import { labelsDemoDay } from '../../../main/demo/labels.ts';
import { runDemo } from '../../../main/demo/runDemo.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn, dbPathIn } from '../../../main/storage/dataDir.ts';
import { openReadonly } from '../../../main/storage/db.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

const temp = tempDataDir('demo-labels-');
let printer: RunningSimulator;
beforeAll(async () => {
  printer = await startSimulator('printer', []);
});
afterAll(async () => {
  await printer.stop();
  temp.remove();
});

describe('labels demo generator', () => {
  it('prints SIMULATED labels with SIM accessions on the simulated printer through the labels service, all audited', async () => {
    const summary = await runDemo({ dataDir: temp.dir, days: 4, seed: 5, nowMs: Date.UTC(2026, 5, 15, 12), generators: [clinicDay, labelsDemoDay(printer.address)] });
    const db = openReadonly(dbPathIn(temp.dir));
    try {
      const jobs = db.prepare('SELECT job_id AS jobId, accession, kind, state, zpl, patient_id AS patientId FROM print_jobs').all() as Array<{
        jobId: string;
        accession: string;
        kind: string;
        state: string;
        zpl: string;
        patientId: string | null;
      }>;
      expect(jobs.length).toBeGreaterThan(4);
      for (const job of jobs) {
        expect(job.state).toBe('printed'); // really sent to the simulator over TCP and acknowledged
        expect(job.accession).toMatch(/^SIM/);
        expect(job.zpl).toContain('SIMULATED');
        expect(job.patientId).not.toBeNull();
      }
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'label-queue'").pluck().get()).toBe(jobs.filter((j) => j.kind === 'print').length);
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE object_type = 'print-job' AND verb = 'print' AND outcome = 'success'").pluck().get()).toBe(jobs.length);
      expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(temp.dir)))).toMatchObject({ ok: true, entries: summary.auditEntries });
    } finally {
      db.close();
    }
  });
});
