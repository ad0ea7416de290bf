import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenStoreOptions, type Store } from '../../main/storage/store.ts';

/** A fresh data dir in the OS temp folder; remove() deletes it. */
export function tempDataDir(prefix = 'station-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A controllable wall clock for services (epoch ms). */
export function manualClock(startMs = Date.UTC(2026, 0, 5, 9, 0, 0)): { nowMs: number; clockMs: () => number; advance: (ms: number) => void } {
  const c = {
    nowMs: startMs,
    clockMs: () => c.nowMs,
    advance: (ms: number) => {
      c.nowMs += ms;
    },
  };
  return c;
}

/** A real store in a temp data dir, sidecar refreshed after every commit unless told otherwise. */
export function tempStore(options: Partial<OpenStoreOptions> = {}): { store: Store; dir: string; cleanup: () => void } {
  const { dir, remove } = tempDataDir();
  const store = openStore({ auditHeadMaxLagMs: 0, ...options, dataDir: dir });
  return {
    store,
    dir,
    cleanup: () => {
      if (store.db.open) store.close();
      remove();
    },
  };
}
