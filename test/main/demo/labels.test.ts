import { createServer } from 'node:net';
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
const again = tempDataDir('demo-labels-again-');
const stuck = tempDataDir('demo-labels-stuck-');
let printer: RunningSimulator;
beforeAll(async () => {
  printer = await startSimulator('printer', []);
});
afterAll(async () => {
  await printer.stop();
  temp.remove();
  again.remove();
  stuck.remove();
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

  it('a second run into the same database prints another period with new job ids instead of waiting forever', async () => {
    // Same seed, same "now", same printer: every label of run 2 is identical to one of run 1.
    const options = { dataDir: again.dir, days: 2, seed: 5, nowMs: Date.UTC(2026, 5, 15, 12), generators: [clinicDay, labelsDemoDay(printer.address)] };
    await runDemo(options);
    const first = printedJobIds(again.dir);
    await runDemo(options);
    const all = printedJobIds(again.dir);
    expect(first.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(first.length);
    expect(new Set(all).size).toBe(all.length);
  }, 60_000);

  it('gives up on a printer that never answers with a typed error instead of hanging', async () => {
    // A socket that accepts and never replies: the job stays queued.
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    try {
      const run = runDemo({ dataDir: stuck.dir, days: 3, seed: 5, nowMs: Date.UTC(2026, 5, 15, 12), generators: [clinicDay, labelsDemoDay(`tcp:127.0.0.1:${port}`, { settleTimeoutMs: 500 })] });
      await expect(run).rejects.toMatchObject({ code: 'demo-label-timeout' });
    } finally {
      silent.close();
    }
  }, 30_000);
});

function printedJobIds(dataDir: string): string[] {
  const db = openReadonly(dbPathIn(dataDir));
  try {
    return db.prepare("SELECT job_id FROM print_jobs WHERE state = 'printed'").pluck().all() as string[];
  } finally {
    db.close();
  }
}
