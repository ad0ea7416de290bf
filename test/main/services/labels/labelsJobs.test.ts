import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsServiceResources, startServiceOn } from '../../../helpers/labelsServiceResources.ts';
import { channels, events as eventSpecs } from '../../../../common/ipc/contract.ts';
import { EventBus, type CallContext } from '../../../../main/ipc/dispatch.ts';
import { RECENT_LABELS_MS, type LabelsPatient, type LabelsService } from '../../../../main/services/labelsHandlers.ts';
import { openStore } from '../../../../main/storage/store.ts';
import { sampleInput } from '../../../common/labels/fixtures.ts';
import { startPrinterSim } from '../../../drivers/simulators/printer/simProcess.ts';

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const other: CallContext = { sessionId: 's2', host: 'browser' };
const jane: LabelsPatient = { id: 7, mrn: '1234567', familyName: 'Doe', givenName: 'Jane', birthDate: '1960-01-02', simulated: false };
const richard: LabelsPatient = { ...jane, id: 8, mrn: '7654321', familyName: 'Roe', givenName: 'Richard' };

describe('labels.jobs (the Labels screen lists the patient\'s labels to reprint) and labels.operatorWaiting', () => {
  const opened = labelsServiceResources();

  async function setup(selected: Map<string, LabelsPatient | null>, clock: { ms: number }, simulated = false, simArgs: readonly string[] = []) {
    opened.dir = mkdtempSync(join(tmpdir(), 'labels-jobs-'));
    opened.store = openStore({ dataDir: opened.dir, clockMs: () => clock.ms });
    opened.sim = await startPrinterSim(['--port', 'tcp:0', ...simArgs]);
    const bus = new EventBus();
    const states: unknown[] = [];
    bus.subscribe((name, payload) => name === 'labels.printerState' && states.push(eventSpecs['labels.printerState'].payload.parse(payload)));
    const service = startServiceOn(opened, bus, {
      operatorOf: (c) => ({ id: c.sessionId === 's2' ? 'ma2' : 'ma1', role: 'ma' }),
      currentPatient: (c) => selected.get(c.sessionId) ?? null,
      isSimulated: () => simulated,
      nowMs: () => clock.ms,
    });
    return { h: service.handlers, states };
  }

  const printedJob = async (h: LabelsService['handlers'], jobId: string, c: CallContext, collectedAt: string) => {
    await h['labels.print']({ jobId, specimen: { ...sampleInput().specimen, collectedAt } }, c);
    const deadline = Date.now() + 10_000;
    while ((await h['labels.job']({ jobId }, c)).job.state !== 'printed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return (await h['labels.job']({ jobId }, c)).job;
  };

  it("lists the selected patient's labels of the last 12 hours from any window, newest first, and refuses another patient's", async () => {
    const clock = { ms: Date.now() };
    const selected = new Map<string, LabelsPatient | null>([
      ['s1', jane],
      ['s2', jane],
    ]);
    const { h } = await setup(selected, clock);
    const collected = new Date(clock.ms - 60_000).toISOString();
    const old = await printedJob(h, 'click-old1', ctx, collected);
    clock.ms += RECENT_LABELS_MS + 60_000;
    const collected2 = new Date(clock.ms - 60_000).toISOString();
    const first = await printedJob(h, 'click-new1', ctx, collected2);
    clock.ms += 1000;
    // Another window (a reload, another MA) printed one too: listed as well, it is the patient's.
    const second = await printedJob(h, 'click-new2', other, new Date(clock.ms - 30_000).toISOString());
    selected.set('s3', richard);
    await printedJob(h, 'click-rich', { sessionId: 's3', host: 'browser' }, collected2);

    const req = channels['labels.jobs'].request.parse({ patientId: 7 });
    const r = channels['labels.jobs'].response.parse(await h['labels.jobs'](req, ctx));
    expect(r.jobs.map((j) => [j.jobId, j.state, j.accession])).toEqual([
      ['click-new2', 'printed', second.accession],
      ['click-new1', 'printed', first.accession],
    ]);
    expect(r.jobs.some((j) => j.jobId === old.jobId)).toBe(false);
    // The screen names its patient; main answers only for the one selected in that session.
    await expect(async () => h['labels.jobs']({ patientId: 8 }, ctx)).rejects.toMatchObject({ code: 'labels-patient-not-selected' });
    selected.set('s1', null);
    await expect(async () => h['labels.jobs']({ patientId: 7 }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    // Validated like the other requests: no extra keys, an id of the right shape.
    expect(channels['labels.jobs'].request.safeParse({}).success).toBe(false);
    expect(channels['labels.jobs'].request.safeParse({ patientId: 7, all: true }).success).toBe(false);
    expect(channels['labels.jobs'].request.safeParse({ patientId: -1 }).success).toBe(false);
  });

  it('each listed label names its tube (type, container, tests, collection time) from the stored label, and the listing is audited as a view', async () => {
    const clock = { ms: Date.now() };
    const selected = new Map<string, LabelsPatient | null>([['s1', jane]]);
    const { h } = await setup(selected, clock);
    const at = new Date(clock.ms - 60_000);
    const collected = (d: Date) => {
      const p = (n: number) => String(n).padStart(2, '0');
      return { iso: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00Z`, onLabel: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` };
    };
    const c = collected(at);
    await h['labels.print']({ jobId: 'click-edta', specimen: { ...sampleInput().specimen, container: 'edta-lavender', tests: ['CBC'], collectedAt: c.iso } }, ctx);
    await h['labels.print']({ jobId: 'click-sst1', specimen: { ...sampleInput().specimen, container: 'sst-gold', tests: ['CMP', 'LIPID'], collectedAt: c.iso } }, ctx);
    const head = () => opened.store!.db.prepare('SELECT IFNULL(MAX(seq), 0) FROM audit_log').pluck().get() as number;
    const views = (since: number) =>
      opened.store!.db.prepare("SELECT operator_id, action, verb, object_type, patient_id, outcome, reason, details FROM audit_log WHERE seq > ? AND object_type = 'print-jobs' ORDER BY seq").all(since);
    const before = head();
    const r = channels['labels.jobs'].response.parse(await h['labels.jobs']({ patientId: 7 }, ctx));
    expect(r.jobs.map((j) => [j.jobId, j.tube])).toEqual([
      ['click-sst1', { specimenType: 'blood-venous', container: 'sst-gold', tests: 'CMP LIPID', collectedAt: c.onLabel }],
      ['click-edta', { specimenType: 'blood-venous', container: 'edta-lavender', tests: 'CBC', collectedAt: c.onLabel }],
    ]);
    // A reprint names the same tube (it prints the same label).
    const edta = await (async () => {
      const deadline = Date.now() + 10_000;
      let j = (await h['labels.job']({ jobId: 'click-edta' }, ctx)).job;
      while (j.state !== 'printed' && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 50));
        j = (await h['labels.job']({ jobId: 'click-edta' }, ctx)).job;
      }
      return j;
    })();
    const again = await h['labels.reprint']({ jobId: 'click-edta-again', originalJobId: edta.jobId, reason: 'damaged' }, ctx);
    expect(again.job.tube).toEqual(edta.tube);
    // One read entry per listing: the count only, no patient data in the details.
    expect(views(before)).toEqual([{ operator_id: 'ma1', action: 'read', verb: 'view', object_type: 'print-jobs', patient_id: '7', outcome: 'success', reason: null, details: JSON.stringify({ labels: 2 }) }]);
    // Refusals are failures with their code (another patient than the one selected, none selected).
    const mid = head();
    await expect(async () => h['labels.jobs']({ patientId: 8 }, ctx)).rejects.toMatchObject({ code: 'labels-patient-not-selected' });
    selected.set('s1', null);
    await expect(async () => h['labels.jobs']({ patientId: 7 }, ctx)).rejects.toMatchObject({ code: 'labels-no-patient' });
    expect(views(mid)).toEqual([
      { operator_id: 'ma1', action: 'read', verb: 'view', object_type: 'print-jobs', patient_id: '8', outcome: 'failure', reason: 'labels-patient-not-selected', details: '{}' },
      { operator_id: 'ma1', action: 'read', verb: 'view', object_type: 'print-jobs', patient_id: '7', outcome: 'failure', reason: 'labels-no-patient', details: '{}' },
    ]);
  });

  it('labels.operatorWaiting counts the caller\'s labels still waiting (what keeps her on her patient); the printer state says SIMULATED', async () => {
    const clock = { ms: Date.now() };
    const { h: h2, states } = await setup(new Map([['s1', jane]]), clock, true, ['--state', 'paper-out']);
    expect(await h2['labels.operatorWaiting']({}, ctx)).toEqual({ waiting: 0, jobs: [] });
    await h2['labels.print']({ jobId: 'click-wait', specimen: { ...sampleInput().specimen, collectedAt: new Date(Date.now() - 60_000).toISOString() } }, ctx);
    const waiting = channels['labels.operatorWaiting'].response.parse(await h2['labels.operatorWaiting']({}, ctx));
    const asked = (await h2['labels.job']({ jobId: 'click-wait' }, ctx)).job;
    // Her waiting labels by id and accession (the picker follows only these), not another operator's.
    expect(waiting).toEqual({ waiting: 1, jobs: [{ jobId: 'click-wait', accession: asked.accession }] });
    expect(await h2['labels.operatorWaiting']({}, other)).toEqual({ waiting: 0, jobs: [] });
    expect(() => opened.service!.refuseLeaving({ sessionId: 's1', operatorId: 'ma1' }, 8)).toThrow(expect.objectContaining({ code: 'labels-waiting' }));
    await h2['labels.cancel']({ jobId: 'click-wait' }, ctx);
    expect(await h2['labels.operatorWaiting']({}, ctx)).toEqual({ waiting: 0, jobs: [] });
    expect(() => opened.service!.refuseLeaving({ sessionId: 's1', operatorId: 'ma1' }, 8)).not.toThrow();
    // SIMULATED on the printer's state (event and read), as the cart's identity carries it.
    const deadline = Date.now() + 10_000;
    while (states.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(states[0]).toMatchObject({ simulated: true });
    let read = (await h2['labels.printerState']({}, ctx)).printer;
    while (read === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      read = (await h2['labels.printerState']({}, ctx)).printer;
    }
    expect(channels['labels.printerState'].response.parse({ printer: read }).printer).toMatchObject({ simulated: true, ready: false });
  });
});
