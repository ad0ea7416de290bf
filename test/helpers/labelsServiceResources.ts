import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { EventBus } from '../../main/ipc/dispatch.ts';
import { startLabelsService, type LabelsService, type LabelsServiceOptions } from '../../main/services/labelsHandlers.ts';
import type { Store } from '../../main/storage/store.ts';
import type { SimProcess } from '../drivers/simulators/printer/simProcess.ts';

/** What a labels service test opens: its temp data dir, the store, the service and the printer simulator. */
export interface LabelsServiceResources {
  dir?: string;
  store?: Store;
  service?: LabelsService;
  sim?: SimProcess;
}

/**
 * The resources a labels service test fills in as it opens them; after each test they are closed
 * (service, store, simulator) and the temp dir removed (registers the afterEach of the describe it
 * is called in).
 */
export function labelsServiceResources(): LabelsServiceResources {
  const r: LabelsServiceResources = {};
  afterEach(async () => {
    await r.service?.close();
    r.store?.close();
    await r.sim?.stop();
    if (r.dir) rmSync(r.dir, { recursive: true, force: true });
    delete r.dir;
    delete r.store;
    delete r.service;
    delete r.sim;
  });
  return r;
}

/**
 * Starts the labels service on the resources' store and printer simulator (both opened first), with
 * the tests' usual options: accession prefix ST, operator ma1 (an MA), no SIMULATED mark, a waiting
 * job retried and the printer probed every 100 ms. `options` replaces any of them.
 */
export function startServiceOn(r: LabelsServiceResources, events: EventBus, options: Pick<LabelsServiceOptions, 'currentPatient'> & Partial<LabelsServiceOptions>): LabelsService {
  if (!r.store) throw new Error('open the store before the labels service');
  r.service = startLabelsService({
    store: r.store,
    events,
    printerAddress: () => r.sim?.address ?? null,
    accessionPrefix: 'ST',
    operatorOf: () => ({ id: 'ma1', role: 'ma' }),
    isSimulated: () => false,
    retryMs: 100,
    probeMs: 100,
    ...options,
  });
  return r.service;
}
