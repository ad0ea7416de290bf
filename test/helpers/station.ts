import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createStation, type Station, type StationOptions } from '../../main/app/station.ts';
import { startBrowserHost, type BrowserHost } from '../../main/hosts/browser/server.ts';
import { rendererDistDir } from '../../main/hosts/paths.ts';

export interface RunningStation {
  readonly station: Station;
  readonly host: BrowserHost;
  close(): Promise<void>;
}

/** A real station behind the real browser host on 127.0.0.1 (renderer built by `npm test`). */
export async function startTestStation(options: Partial<StationOptions> = {}): Promise<RunningStation> {
  if (!existsSync(join(rendererDistDir, 'index.html'))) throw new Error('renderer not built: run node scripts/build.mjs (npm test does)');
  const station = await createStation({ host: 'browser', stationId: 'test-station', ...options });
  const host = await startBrowserHost(station, { rendererDir: rendererDistDir, port: 0 });
  return {
    station,
    host,
    close: async () => {
      await host.close();
      await station.close();
    },
  };
}
