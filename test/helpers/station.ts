import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type Station, type StationOptions } from '../../main/app/station.ts';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../../main/hosts/browser/server.ts';
import { rendererDistDir } from '../../main/hosts/paths.ts';
import { stationSettings } from '../../main/app/config.ts';

export interface RunningStation {
  readonly station: Station;
  readonly host: BrowserHost;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * A real station (real SQLite in a fresh temp data dir, simulated devices over real sockets)
 * behind the real browser host on 127.0.0.1. The renderer must be built (`npm test` does it).
 */
export async function startTestStation(options: Partial<StationOptions> = {}, hostOptions: Pick<BrowserHostOptions, 'onFault'> = {}): Promise<RunningStation> {
  if (!existsSync(join(rendererDistDir, 'index.html'))) throw new Error('renderer not built: run node scripts/build.mjs (npm test does)');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'station-test-'));
  const station = await createStation({ host: 'browser', ...stationSettings({ STATION_MAINS_HZ: '60' }), ...options, dataDir });
  const host = await startBrowserHost(station, { rendererDir: rendererDistDir, port: 0, ...hostOptions });
  return {
    station,
    host,
    dataDir,
    close: async () => {
      await host.close();
      await station.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
