import type { Handler } from '../ipc/dispatch.ts';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly host: 'electron' | 'browser';
  readonly stationId: string;
  /** Asked at each call: a simulator can be attached or demo data loaded while the station runs. */
  readonly isSimulated: () => boolean;
  readonly mainsHz: 50 | 60 | null;
  readonly meter: { readonly protocol: 'astm' | 'onetouch'; readonly address: string } | null;
  readonly nowMs: () => number;
}

/** Handlers of the station-wide `app.*` channels. */
export function appHandlers(info: AppInfo): { 'app.info': Handler<'app.info'>; 'app.ping': Handler<'app.ping'> } {
  return {
    'app.info': () => ({
      name: info.name,
      version: info.version,
      host: info.host,
      stationId: info.stationId,
      simulated: info.isSimulated(),
      mainsHz: info.mainsHz,
      meter: info.meter,
    }),
    'app.ping': (req) => ({ nonce: req.nonce, serverTimeMs: info.nowMs() }),
  };
}
