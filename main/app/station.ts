import { readFileSync } from 'node:fs';
import { EventBus, type Handlers } from '../ipc/dispatch.ts';
import { appHandlers } from '../services/appHandlers.ts';

export interface StationOptions {
  readonly host: 'electron' | 'browser';
  readonly stationId: string;
}

/** The running station: its services' handler map and event bus, independent of any host. */
export interface Station {
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** A window or socket went away: services drop that session's state (signed-in operator...). */
  onSessionEnd?: (sessionId: string) => void;
  close(): Promise<void>;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Composes every service area's handlers into the one map the contract requires. */
export async function createStation(options: StationOptions): Promise<Station> {
  const events = new EventBus();
  const handlers: Handlers = {
    ...appHandlers({
      name: 'POC Station',
      version: packageVersion(),
      host: options.host,
      stationId: options.stationId,
      // No real device drivers are configured yet: everything runs on simulators.
      isSimulated: () => true,
      nowMs: () => Date.now(),
    }),
  };
  return {
    handlers,
    events,
    close: async () => {},
  };
}
