import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channels, events as eventSpecs } from '../../../common/ipc/contract.ts';
import { previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import { EventBus, type CallContext } from '../../../main/ipc/dispatch.ts';
import { startLabelsService, type LabelsPatient, type LabelsService } from '../../../main/services/labelsHandlers.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';
import { sampleInput } from '../../common/labels/fixtures.ts';
import { startPrinterSim, type SimProcess } from '../../drivers/simulators/printer/simProcess.ts';

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const patient: LabelsPatient = { id: 7, mrn: '1234567', familyName: 'Doe', givenName: 'Jane', birthDate: '1960-01-02', simulated: true };
const specimen = { ...sampleInput().specimen, collectedAt: new Date(Date.now() - 60_000).toISOString() };

describe('labels IPC handlers', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  let service: LabelsService | undefined;
  let sim: SimProcess | undefined;
  afterEach(async () => {
    await service?.close();
    store?.close();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = store = service = sim = undefined;
  });

  async function setup(currentPatient: () => LabelsPatient | null = () => patient, simArgs: readonly string[] = []) {
    dir = mkdtempSync(join(tmpdir(), 'labels-ipc-'));
    store = openStore({ dataDir: dir });
    sim = await startPrinterSim(['--port', 'tcp:0', ...simArgs]);
    const bus = new EventBus();
    const seen: Array<{ name: string; payload: unknown }> = [];
    bus.subscribe((name, payload) => seen.push({ name, payload }));
    const address = sim.address;
    service = startLabelsService({ store, events: bus, printerAddress: () => address, accessionPrefix: 'ST', operatorOf: () => ({ id: 'ma1', role: 'ma' }), currentPatient, isSimulated: () => false, retryMs: 100, probeMs: 100 });
    return { h: service.handlers, seen };
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
    await sim!.waitForLine(/^label 1 printed/);
    const deadline = Date.now() + 10_000;
    while ((await h['labels.job']({ jobId: 'click-0001' }, ctx)).job.state !== 'printed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await h['labels.job']({ jobId: 'click-0001' }, ctx)).job).toMatchObject({ state: 'printed', attempts: 1 });
    const jobEvents = seen.filter((e) => e.name === 'labels.job').map((e) => eventSpecs['labels.job'].payload.parse(e.payload).state);
    expect(jobEvents).toEqual(['queued', 'sending', 'printed']);
    expect(seen.some((e) => e.name === 'labels.printerState')).toBe(true);
    expect(channels['labels.reprint'].request.safeParse({ jobId: 'click-0002', originalJobId: 'click-0001', reason: 'because' }).success).toBe(false);
    const r = await h['labels.reprint']({ jobId: 'click-0002', originalJobId: 'click-0001', reason: 'damaged' }, ctx);
    expect(r.job).toMatchObject({ kind: 'reprint', reprintOf: 'click-0001', accession: first.job.accession });
    await sim!.waitForLine(/^label 2 printed/);
    expect(sim!.lines.filter((l) => l.startsWith('label '))).toHaveLength(2);
    // The audit trail names who asked for the label and for the reprint.
    const asked = store!.db.prepare("SELECT verb, operator_id FROM audit_log WHERE verb IN ('label-queue', 'label-reprint') ORDER BY seq").all();
    expect(asked).toEqual([
      { verb: 'label-queue', operator_id: 'ma1' },
      { verb: 'label-reprint', operator_id: 'ma1' },
    ]);
  });

  it('reprints only a label of the patient selected in the caller\'s session', async () => {
    let current: LabelsPatient | null = patient;
    const { h } = await setup(() => current);
    const first = await h['labels.print']({ jobId: 'click-a', specimen }, ctx);
    await sim!.waitForLine(/^label 1 printed/);
    while ((await h['labels.job']({ jobId: 'click-a' }, ctx)).job.state !== 'printed') await new Promise((r) => setTimeout(r, 50));
    current = { ...patient, id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard' };
    await expect(async () => h['labels.reprint']({ jobId: 'click-b', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).rejects.toMatchObject({ code: 'labels-patient-not-selected' });
    current = null;
    await expect(async () => h['labels.reprint']({ jobId: 'click-c', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    expect(store!.db.prepare("SELECT COUNT(*) FROM print_jobs WHERE kind = 'reprint'").pluck().get()).toBe(0);
    current = patient;
    expect((await h['labels.reprint']({ jobId: 'click-d', originalJobId: first.job.jobId, reason: 'damaged' }, ctx)).job).toMatchObject({ kind: 'reprint', accession: first.job.accession });
  });

  it('refuses without a current patient, and refuses invalid specimens without issuing a number', async () => {
    const { h } = await setup(() => null);
    await expect(async () => h['labels.preview']({ specimen }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    await service!.close();
    service = startLabelsService({ store: store!, events: new EventBus(), printerAddress: () => sim!.address, accessionPrefix: 'ST', operatorOf: () => ({ id: 'ma1', role: 'ma' }), currentPatient: () => patient, isSimulated: () => false });
    await expect(async () => service!.handlers['labels.print']({ jobId: 'click-0003', specimen: { ...specimen, type: 'tears' } }, ctx)).rejects.toBeInstanceOf(LabelError);
    expect(store!.db.prepare('SELECT COUNT(*) FROM label_accessions').pluck().get()).toBe(0);
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
    // A second click on the same label while it waits for paper would print it twice.
    await expect(async () => print({ jobId: 'click-3', specimen }, ctx)).rejects.toMatchObject({ code: 'labels-already-queued', message: expect.stringContaining('click-1') });
    expect(store!.db.prepare('SELECT COUNT(*) FROM label_accessions').pluck().get()).toBe(1);
    expect(store!.db.prepare('SELECT job_id FROM print_jobs').pluck().all()).toEqual(['click-1']);
  });
});
