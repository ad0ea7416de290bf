import { afterEach, describe, expect, it } from 'vitest';
import { connectZebra } from '../../../../main/services/labels/connectPrinter.ts';
import { AccessionAllocator } from '../../../../main/services/labels/accessions.ts';
import { PrintQueue } from '../../../../main/services/labels/printQueue.ts';
import { PrintWorker, type PrinterLink } from '../../../../main/services/labels/printWorker.ts';
import type { PrinterState } from '../../../../drivers/zebra/printer.ts';
import { startPrinterSim, type SimProcess } from '../../../drivers/simulators/printer/simProcess.ts';
import { tempStore } from '../../../helpers/tempStore.ts';

describe('PrintWorker: printer connections in the audit log (SIMULATED printer over real TCP)', () => {
  let sim: SimProcess | undefined;
  let worker: PrintWorker | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await worker?.stop();
    await sim?.stop();
    cleanup?.();
    sim = worker = cleanup = undefined;
  });

  it('one entry when the link opens, one when the printer goes away, none while it is retried, one when the station lets go', async () => {
    const t = tempStore();
    cleanup = t.cleanup;
    sim = await startPrinterSim(['--port', 'tcp:0']);
    const address = sim.address;
    const port = address.slice(address.lastIndexOf(':') + 1);
    worker = new PrintWorker({ queue: new PrintQueue(t.store), connect: (a) => connectZebra(a, 300), retryMs: 50 });
    const connections = () =>
      t.store.db.prepare("SELECT verb, object_type AS objectType, object_id AS objectId, patient_id AS patientId, details FROM audit_log WHERE verb IN ('device-connect', 'device-disconnect') ORDER BY seq").all() as Array<{
        verb: string;
        details: string;
      }>;
    const probeUntil = async (fault: 'disconnected' | null) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const state = await worker!.probe(address);
        if (fault === null ? state.ready : state.faults.includes(fault)) return;
        if (Date.now() > deadline) throw new Error(`printer never reached ${fault ?? 'ready'}: ${state.faults.join(',')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    await probeUntil(null);
    for (let i = 0; i < 3; i++) await worker.probe(address); // the open link is reused: no new entry
    expect(connections()).toEqual([{ verb: 'device-connect', objectType: 'label-printer', objectId: address, patientId: null, details: '{"addressKind":"tcp"}' }]);

    await sim.stop(); // the printer goes away: the link breaks, then every probe is a failed reconnect
    await probeUntil('disconnected');
    for (let i = 0; i < 10; i++) expect((await worker.probe(address)).faults).toEqual(['disconnected']);
    expect(connections().map((r) => [r.verb, r.details])).toEqual([
      ['device-connect', '{"addressKind":"tcp"}'],
      ['device-disconnect', '{"addressKind":"tcp","cause":"disconnected"}'],
    ]);

    sim = await startPrinterSim(['--port', `tcp:${port}`]); // back at the same address
    await probeUntil(null);
    await worker.stop();
    worker = undefined;
    expect(connections().map((r) => [r.verb, r.details])).toEqual([
      ['device-connect', '{"addressKind":"tcp"}'],
      ['device-disconnect', '{"addressKind":"tcp","cause":"disconnected"}'],
      ['device-connect', '{"addressKind":"tcp"}'],
      ['device-disconnect', '{"addressKind":"tcp","cause":"stopped"}'],
    ]);
  });
});

describe('PrintWorker.start (also the CLI print path)', () => {
  it("leaves another program's UI labels queued: only the station withdraws them at its own start", async () => {
    const t = tempStore();
    const queue = new PrintQueue(t.store);
    const accession = new AccessionAllocator(t.store, 'ST').allocate();
    queue.enqueue({ jobId: 'ui-1', printer: 'tcp:127.0.0.1:9', accession, patientId: '1', zpl: `^XA^FD${accession}^FS^XZ\n`, owner: { sessionId: 'window-1', operatorId: 'mary' } });
    const worker = new PrintWorker({ queue, connect: () => Promise.reject(new Error('no printer here')), retryMs: 50 });
    try {
      expect(worker.start()).toEqual([]);
      expect(queue.get('ui-1')).toMatchObject({ state: 'queued', owner: { sessionId: 'window-1', operatorId: 'mary' } });
    } finally {
      await worker.stop();
      t.cleanup();
    }
  });
});

describe('PrintWorker: a send that fails', () => {
  it('marks the label uncertain (never resent) and tells the screen the printer is not ready at once, not at the next probe', async () => {
    const t = tempStore();
    const queue = new PrintQueue(t.store);
    const address = 'tcp:127.0.0.1:9';
    const accession = new AccessionAllocator(t.store, 'ST').allocate();
    queue.enqueue({ jobId: 'job-1', printer: address, accession, patientId: '1', zpl: `^XA^FD${accession}^FS^XZ\n` });
    // A link that answers ~HS ready and then breaks under the label: the boundary a test cannot
    // make fail at that exact moment over a real port.
    let sends = 0;
    const link: PrinterLink = {
      broken: false,
      status: () => Promise.resolve({ address, ready: true, faults: [], status: null, checkedAtMs: Date.now() }),
      print: () => {
        sends += 1;
        return Promise.reject(new Error('connection reset'));
      },
      close: () => Promise.resolve(),
    };
    const states: PrinterState[] = [];
    const worker = new PrintWorker({ queue, connect: () => Promise.resolve(link), retryMs: 50, onPrinterState: (s) => states.push(s) });
    try {
      worker.start();
      worker.kick();
      expect(await worker.waitFor('job-1', 10_000)).toMatchObject({ state: 'uncertain', lastFault: 'send-failed' });
      // Told once the broken link is closed, with no probe and no other job to ask the printer again.
      for (let i = 0; i < 200 && states.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(states.map((s) => s.faults)).toEqual([[], ['disconnected']]);
      expect(states[1]).toMatchObject({ address, ready: false });
      expect(sends).toBe(1);
    } finally {
      await worker.stop();
      t.cleanup();
    }
  });
});
