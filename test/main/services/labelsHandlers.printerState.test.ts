import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsServiceResources, startServiceOn } from '../../helpers/labelsServiceResources.ts';
import { events as eventSpecs, type EventPayloadOf } from '../../../common/ipc/contract.ts';
import { EventBus, type CallContext } from '../../../main/ipc/dispatch.ts';
import type { LabelsPatient } from '../../../main/services/labelsHandlers.ts';
import { openStore } from '../../../main/storage/store.ts';
import { sampleInput } from '../../common/labels/fixtures.ts';
import { startPrinterSim } from '../../drivers/simulators/printer/simProcess.ts';

type PrinterStateEvent = EventPayloadOf<'labels.printerState'>;

const ctx: CallContext = { sessionId: 's1', host: 'browser' };
const patient: LabelsPatient = { id: 7, mrn: '1234567', familyName: 'Doe', givenName: 'Jane', birthDate: '1960-01-02', simulated: false };
const specimen = (tests: string[]) => ({ ...sampleInput().specimen, tests, collectedAt: new Date(Date.now() - 60_000).toISOString() });
/** Far beyond any wait below: a state these tests see comes from the print path, never from the idle probe. */
const NO_IDLE_PROBE_MS = 10 * 60_000;

describe('labels.printerState follows the printer as soon as the station hears from it (SIMULATED printer over real TCP)', () => {
  const opened = labelsServiceResources();

  async function setup(simArgs: readonly string[]) {
    opened.dir = mkdtempSync(join(tmpdir(), 'labels-state-'));
    opened.store = openStore({ dataDir: opened.dir });
    opened.sim = await startPrinterSim(['--port', 'tcp:0', ...simArgs]);
    const bus = new EventBus();
    const states: PrinterStateEvent[] = [];
    const listeners = new Set<() => void>();
    bus.subscribe((name, payload) => {
      if (name !== 'labels.printerState') return;
      states.push(eventSpecs['labels.printerState'].payload.parse(payload));
      for (const l of [...listeners]) l();
    });
    /** Resolves with the first state pushed (already or later) that matches; rejects after 10 s. */
    const pushed = (what: string, match: (s: PrinterStateEvent) => boolean, from = 0) =>
      new Promise<PrinterStateEvent>((resolve, reject) => {
        const check = () => {
          const hit = states.slice(from).find(match);
          if (hit === undefined) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no labels.printerState ${what} was pushed (pushed: ${JSON.stringify(states.map((s) => s.faults))})`));
        }, 10_000);
        listeners.add(check);
        check();
      });
    const h = startServiceOn(opened, bus, { currentPatient: () => patient, probeMs: NO_IDLE_PROBE_MS }).handlers;
    const jobState = async (jobId: string, want: (j: { state: string; lastFault: string | null }) => boolean) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { job } = await h['labels.job']({ jobId }, ctx);
        if (want(job)) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} stayed ${job.state} (${job.lastFault ?? 'no fault'})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { h, states, pushed, jobState };
  }

  it('the label that empties the roll: the screen is told the printer is out of labels at once, not "ready" until the next probe', async () => {
    const { h, states, pushed, jobState } = await setup(['--labels', '1']);
    await pushed('ready (the start-up probe)', (s) => s.ready);
    await h['labels.print']({ jobId: 'click-last', specimen: specimen(['CBC']) }, ctx);
    await jobState('click-last', (j) => j.state === 'printed');
    await opened.sim!.waitForLine(/^state paper-out/);
    const out = await pushed('paper-out after the last label', (s) => !s.ready && s.faults.includes('paper-out'));
    expect(out.faults).toEqual(['paper-out', 'paused']);
    expect((await h['labels.printerState']({}, ctx)).printer).toMatchObject({ ready: false, faults: ['paper-out', 'paused'] });

    // The next label waits for a new roll (it is never sent into the empty printer), then prints once.
    const seen = states.length;
    await h['labels.print']({ jobId: 'click-next', specimen: specimen(['TSH']) }, ctx);
    await jobState('click-next', (j) => j.state === 'queued' && j.lastFault === 'paper-out,paused');
    opened.sim!.control('ready');
    await jobState('click-next', (j) => j.state === 'printed');
    await pushed('ready after the new roll', (s) => s.ready, seen);
    await opened.sim!.waitForLine(/^label 2 printed/);
    expect(opened.sim!.lines.filter((l) => l.startsWith('label '))).toHaveLength(2);
  });

  it('a Print into a printer that ran out since the last probe asks it first (~HS): the label waits, and the screen is told why', async () => {
    const { h, pushed, jobState } = await setup([]);
    await pushed('ready (the start-up probe)', (s) => s.ready);
    opened.sim!.control('paper-out');
    await opened.sim!.waitForLine(/^state paper-out/);
    await h['labels.print']({ jobId: 'click-1', specimen: specimen(['CBC']) }, ctx);
    await pushed('paper-out when Print asked the printer', (s) => s.faults.includes('paper-out'));
    await jobState('click-1', (j) => j.state === 'queued' && j.lastFault === 'paper-out,paused');
    expect(opened.sim!.lines.filter((l) => l.startsWith('label '))).toEqual([]);
  });
});
