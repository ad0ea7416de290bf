// One real station (real SQLite in a fresh temp data dir, the test operators, no devices) for the
// tests of one file, opened before them and closed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createStation, type Station } from '../../main/app/station.ts';
import { addOperators } from './uiSession.ts';

export function stationPerFile(prefix: string): { station(): Station; dataDir(): string } {
  let dataDir = '';
  let station: Station | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    addOperators(dataDir);
    station = await createStation({ host: 'browser', dataDir, mainsHz: 60, cart: null, meter: null });
  }, 60_000);
  afterAll(async () => {
    await station?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    station: () => {
      if (station === undefined) throw new Error('the station opens before the tests');
      return station;
    },
    dataDir: () => dataDir,
  };
}
