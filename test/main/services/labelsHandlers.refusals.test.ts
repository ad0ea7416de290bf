import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRow } from '../../helpers/auditEntries.ts';
import { describe, expect, it } from 'vitest';
import { labelsServiceResources, startServiceOn } from '../../helpers/labelsServiceResources.ts';
import { EventBus, type CallContext } from '../../../main/ipc/dispatch.ts';
import type { LabelsPatient } from '../../../main/services/labelsHandlers.ts';
import { readAuditHead } from '../../../main/storage/auditSidecar.ts';
import { verifyAuditLog } from '../../../main/storage/auditVerify.ts';
import { auditHeadPathIn } from '../../../main/storage/dataDir.ts';
import { openStore } from '../../../main/storage/store.ts';
import { sampleInput } from '../../common/labels/fixtures.ts';
import { startPrinterSim } from '../../drivers/simulators/printer/simProcess.ts';

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const patient: LabelsPatient = { id: 7, mrn: '1234567', familyName: 'Doe', givenName: 'Jane', birthDate: '1960-01-02', simulated: true };
const otherPatient: LabelsPatient = { id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard', birthDate: '1971-03-04', simulated: true };
const specimen = { ...sampleInput().specimen, collectedAt: new Date(Date.now() - 60_000).toISOString() };
/** What a label carries and the audit log must not: names, dates of birth, MRNs. */
const PATIENT_TEXT = [patient.familyName, patient.givenName, patient.birthDate, patient.mrn, otherPatient.familyName, otherPatient.mrn];

type Row = Omit<AuditRow, 'seq' | 'operator_role'>;

describe('every refused label action (print, reprint, cancel) is audited once, as a failure with its code', () => {
  const opened = labelsServiceResources();

  it('refusals write one failure entry each, successes one success entry; the chain verifies', async () => {
    opened.dir = mkdtempSync(join(tmpdir(), 'labels-refusals-'));
    const db = (opened.store = openStore({ dataDir: opened.dir, auditHeadMaxLagMs: 0 })).db;
    opened.sim = await startPrinterSim(['--port', 'tcp:0', '--state', 'paper-out']);
    let current: LabelsPatient | null = patient;
    let printer: string | null = opened.sim.address;
    const h = startServiceOn(opened, new EventBus(), { printerAddress: () => printer, currentPatient: () => current }).handlers;
    const head = () => db.prepare('SELECT IFNULL(MAX(seq), 0) FROM audit_log').pluck().get() as number;
    // Only what the call wrote about print jobs: the printer link's connect/disconnect entries come and go on their own.
    const jobEntries = (since: number) => db.prepare("SELECT operator_id, action, verb, object_type, object_id, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? AND object_type = 'print-job' ORDER BY seq").all(since) as Row[];
    let refusals = 0;
    /** `reason`: the code as the entry gives it, the error's own unless the queue wrote the entry itself. */
    const refused = async (run: () => unknown, code: string, reason = code): Promise<Row> => {
      refusals++;
      const before = head();
      await expect(async () => run()).rejects.toMatchObject({ code });
      const rows = jobEntries(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ operator_id: 'ma1', object_type: 'print-job', outcome: 'failure', reason });
      for (const text of PATIENT_TEXT) expect(JSON.stringify(rows[0])).not.toContain(text);
      return rows[0]!;
    };

    // Print: no patient, no printer, a second click on a label still waiting (paper out).
    current = null;
    expect(await refused(() => h['labels.print']({ jobId: 'click-1', specimen }, ctx), 'labels-no-patient')).toMatchObject({ verb: 'label-queue', object_id: 'click-1', patient_id: null });
    current = patient;
    printer = null;
    expect(await refused(() => h['labels.print']({ jobId: 'click-1', specimen }, ctx), 'labels-no-printer')).toMatchObject({ patient_id: '7' });
    printer = opened.sim.address;
    const waiting = await h['labels.print']({ jobId: 'click-1', specimen }, ctx);
    expect(waiting.job.state).toBe('queued');
    expect(await refused(() => h['labels.print']({ jobId: 'click-2', specimen }, ctx), 'labels-already-queued')).toMatchObject({ verb: 'label-queue', object_id: 'click-2', patient_id: '7' });
    // The same job id for another patient's label: the queue commits this refusal itself (its own
    // reason code), and it is not written a second time.
    current = otherPatient;
    expect(await refused(() => h['labels.print']({ jobId: 'click-1', specimen }, ctx), 'print-queue-job-conflict', 'job-conflict')).toMatchObject({ patient_id: '8' });

    // Reprint: a label still waiting cannot be reprinted; another patient's label is not on this screen.
    current = patient;
    const notReprintable = await refused(() => h['labels.reprint']({ jobId: 'click-3', originalJobId: 'click-1', reason: 'damaged' }, ctx), 'print-queue-not-reprintable');
    expect(notReprintable).toMatchObject({ action: 'create', verb: 'label-reprint', object_id: 'click-3', patient_id: '7' });
    expect(JSON.parse(notReprintable.details)).toEqual({ reprintOf: 'click-1', reprintReason: 'damaged' });
    current = otherPatient;
    await refused(() => h['labels.reprint']({ jobId: 'click-4', originalJobId: 'click-1', reason: 'damaged' }, ctx), 'labels-patient-not-selected');
    await refused(() => h['labels.reprint']({ jobId: 'click-5', originalJobId: 'no-such-job', reason: 'damaged' }, ctx), 'print-queue-no-such-job');

    // Cancel: from another patient's screen, with no patient; then cancelled, and once more.
    expect(await refused(() => h['labels.cancel']({ jobId: 'click-1' }, ctx), 'labels-patient-not-selected')).toMatchObject({ action: 'update', verb: 'label-cancel', object_id: 'click-1', patient_id: '7' });
    current = null;
    await refused(() => h['labels.cancel']({ jobId: 'click-1' }, ctx), 'labels-no-patient');
    current = patient;
    let before = head();
    await h['labels.cancel']({ jobId: 'click-1' }, ctx);
    expect(jobEntries(before).map((r) => `${r.verb}:${r.outcome}:${r.reason}`)).toEqual(['label-cancel:success:operator']);
    await refused(() => h['labels.cancel']({ jobId: 'click-1' }, ctx), 'labels-not-waiting');

    // A preview is not an action on a record: refused or not, it writes nothing.
    current = null;
    before = head();
    await expect(async () => h['labels.preview']({ specimen }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    expect(jobEntries(before)).toEqual([]);

    // Refusals commit on their own (after the queue's transaction rolled back), and the chain verifies.
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE outcome = 'failure' AND object_type = 'print-job'").pluck().get()).toBe(refusals);
    expect(verifyAuditLog(db, readAuditHead(auditHeadPathIn(opened.dir)))).toMatchObject({ ok: true, entries: head() });
  });
});
