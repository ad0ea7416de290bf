import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsServiceResources, startServiceOn } from '../../helpers/labelsServiceResources.ts';
import { channels, events as eventSpecs } from '../../../common/ipc/contract.ts';
import { previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import { EventBus, type CallContext } from '../../../main/ipc/dispatch.ts';
import { startLabelsService, type LabelsPatient } from '../../../main/services/labelsHandlers.ts';
import { openStore } from '../../../main/storage/store.ts';
import { sampleInput } from '../../common/labels/fixtures.ts';
import { startPrinterSim } from '../../drivers/simulators/printer/simProcess.ts';

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const patient: LabelsPatient = { id: 7, mrn: '1234567', familyName: 'Doe', givenName: 'Jane', birthDate: '1960-01-02', simulated: true };
const specimen = { ...sampleInput().specimen, collectedAt: new Date(Date.now() - 60_000).toISOString() };

describe('labels IPC handlers', () => {
  const opened = labelsServiceResources();

  async function setup(currentPatient: () => LabelsPatient | null = () => patient, simArgs: readonly string[] = []) {
    opened.dir = mkdtempSync(join(tmpdir(), 'labels-ipc-'));
    opened.store = openStore({ dataDir: opened.dir });
    opened.sim = await startPrinterSim(['--port', 'tcp:0', ...simArgs]);
    const bus = new EventBus();
    const seen: Array<{ name: string; payload: unknown }> = [];
    bus.subscribe((name, payload) => seen.push({ name, payload }));
    return { h: startServiceOn(opened, bus, { currentPatient }).handlers, seen };
  }

  it('catalogue and preview answer what the contract promises; demo patients get SIMULATED', async () => {
    const { h } = await setup();
    const cat = channels['labels.catalogue'].response.parse(await h['labels.catalogue']({}, ctx));
    expect(cat.specimenTypes.map((t) => t.code)).toContain('blood-venous');
    const preview = channels['labels.preview'].response.parse(await h['labels.preview']({ specimen }, ctx));
    expect(preview.layout.accession).toBe('ST00000000' + preview.layout.accession.slice(-1));
    expect(preview.layout.elements.some((e) => e.kind === 'text' && e.text === 'SIMULATED')).toBe(true);
  });

  it('print is idempotent on jobId, completes, pushes job and printer-state events; reprint needs a reason code', async () => {
    const { h, seen } = await setup();
    const req = channels['labels.print'].request.parse({ jobId: 'click-0001', specimen });
    const first = await h['labels.print'](req, ctx);
    const again = await h['labels.print'](req, ctx);
    expect(again.job.jobId).toBe(first.job.jobId);
    await opened.sim!.waitForLine(/^label 1 printed/);
    const deadline = Date.now() + 10_000;
    while ((await h['labels.job']({ jobId: 'click-0001' }, ctx)).job.state !== 'printed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await h['labels.job']({ jobId: 'click-0001' }, ctx)).job).toMatchObject({ state: 'printed', attempts: 1 });
    const jobEvents = seen.filter((e) => e.name === 'labels.job').map((e) => eventSpecs['labels.job'].payload.parse(e.payload).state);
    expect(jobEvents).toEqual(['queued', 'sending', 'printed']);
    expect(seen.some((e) => e.name === 'labels.printerState')).toBe(true);
    expect(channels['labels.reprint'].request.safeParse({ jobId: 'click-0002', originalJobId: 'click-0001', reason: 'because' }).success).toBe(false);
    const r = await h['labels.reprint']({ jobId: 'click-0002', originalJobId: 'click-0001', reason: 'damaged' }, ctx);
    expect(r.job).toMatchObject({ kind: 'reprint', reprintOf: 'click-0001', accession: first.job.accession });
    await opened.sim!.waitForLine(/^label 2 printed/);
    expect(opened.sim!.lines.filter((l) => l.startsWith('label '))).toHaveLength(2);
    // The audit trail names who asked for the label and for the reprint.
    const asked = opened.store!.db.prepare("SELECT verb, operator_id FROM audit_log WHERE verb IN ('label-queue', 'label-reprint') ORDER BY seq").all();
    expect(asked).toEqual([
      { verb: 'label-queue', operator_id: 'ma1' },
      { verb: 'label-reprint', operator_id: 'ma1' },
    ]);
  });

  it('reprints only a label of the patient selected in the caller\'s session', async () => {
    let current: LabelsPatient | null = patient;
    const { h } = await setup(() => current);
    const first = await h['labels.print']({ jobId: 'click-a', specimen }, ctx);
    await opened.sim!.waitForLine(/^label 1 printed/);
    while ((await h['labels.job']({ jobId: 'click-a' }, ctx)).job.state !== 'printed') await new Promise((r) => setTimeout(r, 50));
    current = { ...patient, id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard' };
    await expect(async () => h['labels.reprint']({ jobId: 'click-b', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).rejects.toMatchObject({ code: 'labels-patient-not-selected' });
    current = null;
    await expect(async () => h['labels.reprint']({ jobId: 'click-c', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    expect(opened.store!.db.prepare("SELECT COUNT(*) FROM print_jobs WHERE kind = 'reprint'").pluck().get()).toBe(0);
    current = patient;
    expect((await h['labels.reprint']({ jobId: 'click-d', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).job).toMatchObject({ kind: 'reprint', accession: first.job.accession });
  });

  it('refuses without a current patient, and refuses invalid specimens without issuing a number', async () => {
    const { h } = await setup(() => null);
    await expect(async () => h['labels.preview']({ specimen }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    await opened.service!.close();
    opened.service = startLabelsService({ store: opened.store!, events: new EventBus(), printerAddress: () => opened.sim!.address, accessionPrefix: 'ST', operatorOf: () => ({ id: 'ma1', role: 'ma' }), currentPatient: () => patient, isSimulated: () => false });
    await expect(async () => opened.service!.handlers['labels.print']({ jobId: 'click-0003', specimen: { ...specimen, type: 'tears' } }, ctx)).rejects.toBeInstanceOf(LabelError);
    expect(opened.store!.db.prepare('SELECT COUNT(*) FROM label_accessions').pluck().get()).toBe(0);
  });

  it('refuses a reused jobId for another label, the preview accession, and a second click on a label still waiting', async () => {
    let current = patient;
    const { h } = await setup(() => current, ['--state', 'paper-out']);
    const print = h['labels.print'];
    const first = await print({ jobId: 'click-1', specimen }, ctx);
    expect(first.job.state).toBe('queued');
    // The same click retried resumes; another patient's label under that id is refused.
    expect((await print({ jobId: 'click-1', specimen }, ctx)).job).toMatchObject({ jobId: 'click-1', accession: first.job.accession });
    current = { ...patient, id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard' };
    await expect(async () => print({ jobId: 'click-1', specimen }, ctx)).rejects.toMatchObject({ code: 'print-queue-job-conflict' });
    current = patient;
    await expect(async () => print({ jobId: 'click-2', specimen: { ...specimen, accession: previewAccession('ST') } }, ctx)).rejects.toMatchObject({ code: 'label-bad-accession' });
    // A second click on the same label while it waits for paper would print it twice. The refusal
    // names the waiting label by the accession number the MA sees, never by its job id.
    await expect(async () => print({ jobId: 'click-3', specimen }, ctx)).rejects.toMatchObject({ code: 'labels-already-queued', message: `This label is already waiting for the printer as ${first.job.accession}: it prints once, when the printer is ready. For a second tube, use Reprint… once it has printed.` });
    expect(opened.store!.db.prepare('SELECT COUNT(*) FROM label_accessions').pluck().get()).toBe(1);
    expect(opened.store!.db.prepare('SELECT job_id FROM print_jobs').pluck().all()).toEqual(['click-1']);
  });

  it("cancels a waiting label of the selected patient only, audited with the operator; a label no longer waiting is refused", async () => {
    let current: LabelsPatient | null = patient;
    const { h, seen } = await setup(() => current, ['--state', 'paper-out']);
    const waiting = await h['labels.print']({ jobId: 'click-w1', specimen }, ctx);
    expect(waiting.job.state).toBe('queued');
    expect((await h['labels.waiting']({}, ctx)).jobs.map((j) => j.jobId)).toEqual(['click-w1']);
    current = { ...patient, id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard' };
    expect((await h['labels.waiting']({}, ctx)).jobs).toEqual([]);
    await expect(async () => h['labels.cancel']({ jobId: 'click-w1' }, ctx)).rejects.toMatchObject({ code: 'labels-patient-not-selected' });
    current = null;
    await expect(async () => h['labels.cancel']({ jobId: 'click-w1' }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    expect((await h['labels.job']({ jobId: 'click-w1' }, ctx)).job.state).toBe('queued');
    current = patient;
    const cancelled = channels['labels.cancel'].response.parse(await h['labels.cancel']({ jobId: 'click-w1' }, ctx));
    expect(cancelled.job).toMatchObject({ state: 'cancelled', lastFault: 'cancelled:operator' });
    expect(seen.some((e) => e.name === 'labels.job' && (e.payload as { state: string }).state === 'cancelled')).toBe(true);
    await expect(async () => h['labels.cancel']({ jobId: 'click-w1' }, ctx)).rejects.toMatchObject({ code: 'labels-not-waiting', message: 'This label was already cancelled.' });
    expect(opened.store!.db.prepare("SELECT operator_id, patient_id, reason FROM audit_log WHERE verb = 'label-cancel' AND outcome = 'success'").all()).toEqual([{ operator_id: 'ma1', patient_id: '7', reason: 'operator' }]);
    // A printed label is not waiting any more: nothing to cancel.
    opened.sim!.control('ready');
    const printed = await h['labels.print']({ jobId: 'click-w2', specimen: { ...specimen, tests: ['BMP'] } }, ctx);
    await opened.sim!.waitForLine(/^label 1 printed/);
    while ((await h['labels.job']({ jobId: printed.job.jobId }, ctx)).job.state !== 'printed') await new Promise((r) => setTimeout(r, 50));
    await expect(async () => h['labels.cancel']({ jobId: 'click-w2' }, ctx)).rejects.toMatchObject({ code: 'labels-not-waiting', message: expect.stringContaining('printed') });
    // Nothing printed for the cancelled job, ever.
    await new Promise((r) => setTimeout(r, 300));
    expect(opened.sim!.lines.filter((l) => l.startsWith('label '))).toHaveLength(1);
  });

  it("holds the operator on the patient while their own label waits (labels-waiting, naming the printer's fault), until it is cancelled or printed", async () => {
    const { h } = await setup(() => patient, ['--state', 'paper-out']);
    const mine = { sessionId: ctx.sessionId, operatorId: 'ma1' };
    opened.service!.refuseLeaving(mine, null);
    await h['labels.print']({ jobId: 'click-l1', specimen }, ctx);
    const refusal = { code: 'labels-waiting', message: expect.stringMatching(/still waiting for the printer.*cancel it on the Labels screen/) };
    expect(() => opened.service!.refuseLeaving(mine, null)).toThrow(expect.objectContaining(refusal));
    expect(() => opened.service!.refuseLeaving(mine, 8)).toThrow(expect.objectContaining(refusal));
    // Staying with the same patient is not leaving; another window or operator is not held by it.
    opened.service!.refuseLeaving(mine, 7);
    opened.service!.refuseLeaving({ sessionId: 's2', operatorId: 'ma1' }, null);
    opened.service!.refuseLeaving({ sessionId: ctx.sessionId, operatorId: 'ma2' }, null);
    // Once the printer has said why, the refusal says it in the MA's words.
    while ((await h['labels.job']({ jobId: 'click-l1' }, ctx)).job.lastFault === null) await new Promise((r) => setTimeout(r, 50));
    expect(() => opened.service!.refuseLeaving(mine, null)).toThrow(expect.objectContaining({ message: expect.stringContaining('waiting for the printer (out of labels: load a new roll') }));
    await h['labels.cancel']({ jobId: 'click-l1' }, ctx);
    opened.service!.refuseLeaving(mine, null);
    // A label that printed does not hold anyone either.
    await h['labels.print']({ jobId: 'click-l2', specimen }, ctx);
    expect(() => opened.service!.refuseLeaving(mine, null)).toThrow(expect.objectContaining({ code: 'labels-waiting' }));
    opened.sim!.control('ready');
    await opened.sim!.waitForLine(/^label 1 printed/);
    while ((await h['labels.job']({ jobId: 'click-l2' }, ctx)).job.state !== 'printed') await new Promise((r) => setTimeout(r, 50));
    opened.service!.refuseLeaving(mine, null);
  });

  it('a station that starts again withdraws the UI labels left waiting (never printed, audited) and prints the CLI ones', async () => {
    const { h } = await setup(() => patient, ['--state', 'paper-out']);
    await h['labels.print']({ jobId: 'click-r1', specimen }, ctx);
    // A job the CLI queued into the same database (no session).
    const { PrintQueue } = await import('../../../main/services/labels/printQueue.ts');
    const { AccessionAllocator } = await import('../../../main/services/labels/accessions.ts');
    const cliAccession = new AccessionAllocator(opened.store!, 'ST').allocate();
    new PrintQueue(opened.store!).enqueue({ jobId: 'cli-r2', printer: opened.sim!.address, accession: cliAccession, patientId: patient.mrn, zpl: `^XA^FO10,10^A0N,30,30^FD${cliAccession}^FS^XZ\n` });
    await opened.service!.close();
    opened.sim!.control('ready');
    await opened.sim!.waitForLine(/^state ready/);
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.subscribe((name, payload) => name === 'labels.job' && seen.push(payload));
    const restarted = startServiceOn(opened, bus, { currentPatient: () => patient });
    expect((await restarted.handlers['labels.job']({ jobId: 'click-r1' }, ctx)).job).toMatchObject({ state: 'cancelled', lastFault: 'cancelled:station-restarted', attempts: 0 });
    expect(seen).toContainEqual(expect.objectContaining({ jobId: 'click-r1', state: 'cancelled' }));
    await opened.sim!.waitForLine(/^label 1 printed/);
    while ((await restarted.handlers['labels.job']({ jobId: 'cli-r2' }, ctx)).job.state !== 'printed') await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(opened.sim!.lines.filter((l) => l.startsWith('label '))).toHaveLength(1);
    expect(opened.store!.db.prepare("SELECT object_id, operator_id, reason FROM audit_log WHERE verb = 'label-cancel'").all()).toEqual([{ object_id: 'click-r1', operator_id: null, reason: 'station-restarted' }]);
  });

  it("labels.waiting also tells of the patient's labels the station withdrew (never printed); Print again queues the same label once; labels.sessionWaiting counts the caller's", async () => {
    const { h } = await setup(() => patient, ['--state', 'paper-out']);
    await h['labels.print']({ jobId: 'click-w1', specimen }, ctx);
    expect(await h['labels.sessionWaiting']({}, ctx)).toEqual({ waiting: 1 });
    expect(await h['labels.sessionWaiting']({}, { ...ctx, sessionId: 's2' })).toEqual({ waiting: 0 });
    expect(await h['labels.waiting']({}, ctx)).toMatchObject({ jobs: [{ jobId: 'click-w1', state: 'queued' }], withdrawn: [] });
    opened.service!.withdrawOrphaned(() => false);
    const r = await h['labels.waiting']({}, ctx);
    expect(r).toMatchObject({ jobs: [], withdrawn: [{ jobId: 'click-w1', state: 'cancelled', lastFault: 'cancelled:session-ended' }] });
    expect(channels['labels.waiting'].response.parse(r)).toEqual(r);
    const again = await h['labels.reprint']({ jobId: 'click-w2', originalJobId: 'click-w1', reason: 'interrupted' }, ctx);
    expect(again.job).toMatchObject({ kind: 'reprint', state: 'queued', accession: r.withdrawn[0]!.accession });
    await expect(Promise.resolve().then(() => h['labels.reprint']({ jobId: 'click-w3', originalJobId: 'click-w1', reason: 'interrupted' }, ctx))).rejects.toMatchObject({ code: 'print-queue-not-reprintable' });
    expect(await h['labels.waiting']({}, ctx)).toMatchObject({ jobs: [{ jobId: 'click-w2' }], withdrawn: [] });
    // A label the operator cancelled herself is not listed.
    await h['labels.cancel']({ jobId: 'click-w2' }, ctx);
    expect(await h['labels.waiting']({}, ctx)).toMatchObject({ jobs: [], withdrawn: [] });
  });
});
