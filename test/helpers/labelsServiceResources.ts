import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { LabelsService } from '../../main/services/labelsHandlers.ts';
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
