import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type Station } from '../../main/app/station.ts';
import { dispatch, type CallContext } from '../../main/ipc/dispatch.ts';
import { dbPathIn } from '../../main/storage/dataDir.ts';
import { openReadonly, type ReadonlyDb } from '../../main/storage/db.ts';
import { addOperators } from './uiSession.ts';

/** An IPC answer as the tests read it (many channels, so the value is left untyped). */
export type Result = { ok: true; value: any } | { ok: false; error: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads answers of many channels

export interface CaptureStation {
  readonly station: Station;
  readonly dataDir: string;
  /** A call through the same dispatch the hosts use, as the window `ctx`. */
  call(ctx: CallContext, channel: string, payload: unknown): Promise<Result>;
  /** Resolves once the running capture has received samples: the capture is under way. */
  captureUnderWay(): Promise<void>;
  /** A read-only look at the station's database while it runs. */
  read<T>(query: (db: ReadonlyDb) => T): T;
  close(): Promise<void>;
}

/**
 * A real station with the SIMULATED cart streaming LUDB record 1 over a real socket, its three
 * operators added (helpers/uiSession.ts), no meter. For tests of whose EKG a capture is.
 */
export async function startCaptureStation(name: string): Promise<CaptureStation> {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  addOperators(dataDir);
  const record = join(import.meta.dirname, '../../../shared/ecg/ludb-dev/1.hea');
  const station = await createStation({ host: 'browser', dataDir, mainsHz: 60, meter: null, cart: 'simulated', simulatedCartRecord: record });
  return {
    station,
    dataDir,
    call: (ctx, channel, payload) => dispatch(station.handlers as never, channel as never, payload, ctx) as Promise<Result>,
    captureUnderWay: () =>
      new Promise<void>((resolve) => {
        const off = station.events.subscribe((event, payload) => {
          if (event === 'cart.captureProgress' && (payload as { received: number }).received > 0) {
            off();
            resolve();
          }
        });
      }),
    read: (query) => {
      const db = openReadonly(dbPathIn(dataDir));
      try {
        return query(db);
      } finally {
        db.close();
      }
    },
    close: async () => {
      await station.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
