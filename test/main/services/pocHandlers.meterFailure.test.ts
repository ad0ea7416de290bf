import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, EventBus, type CallContext, type Handlers } from '../../../main/ipc/dispatch.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';
import { createPocServices } from '../../../main/services/pocHandlers.ts';
import { MeterError } from '../../../drivers/meters/errors.ts';
import { AddressError } from '../../../drivers/transports/open.ts';
import { splitTechnicalDetail } from '../../../common/poc/technicalDetail.ts';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const ctx: CallContext = { sessionId: 's1', host: 'browser' };

/** poc.meter.download with a download that fails with `error`: what the screen is answered. */
async function failedDownload(error: unknown): Promise<{ code: string; words: string; detail: string | null }> {
  store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'poc-meter-fail-')) });
  const poc = createPocServices({
    store,
    events: new EventBus(),
    actorOf: () => ({ id: 'ma1', role: 'ma', displayName: 'Kim Lee' }),
    selectedPatientOf: () => null,
    patientById: () => undefined,
    download: () => Promise.reject(error),
  });
  const r = (await dispatch(poc.handlers as unknown as Handlers, 'poc.meter.download', { protocol: 'astm', address: 'serial:/dev/ttyUSB0' }, ctx)) as { ok: false; error: { code: string; message: string } };
  expect(r.ok).toBe(false);
  store.close();
  store = undefined;
  return { code: r.error.code, ...splitTechnicalDetail(r.error.message) };
}

describe('poc.meter.download: a failed download is said in plain words, the driver text kept as the technical detail', () => {
  it('data damaged 6 times in a row (ASTM checksum): what happened, nothing imported, what to do', async () => {
    const e = new MeterError('checksum', 'receive-frames', '6 frames in a row were rejected (last: checksum); the transfer was abandoned (E1381 allows 6 tries per frame)');
    const r = await failedDownload(e);
    expect(r.code).toBe('meter-checksum');
    expect(r.words).toBe("The meter's data arrived damaged 6 times in a row; nothing was imported. Check the cable and try again.");
    expect(r.detail).toBe('meter-checksum: receive-frames: 6 frames in a row were rejected (last: checksum); the transfer was abandoned (E1381 allows 6 tries per frame)');
  });

  it('timeouts, unplugging, a bad address and a port that cannot be opened: plain words, never protocol terms', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [new MeterError('timeout', 'wait-for-enq', 'the meter did not start a transmission'), 'meter-timeout', /^The meter did not answer/],
      [new MeterError('disconnected', 'receive-frames', 'the device went away'), 'meter-disconnected', /^The connection to the meter was lost/],
      [new MeterError('protocol', 'DMP', 'not a OneTouch answer'), 'meter-protocol', /^The station could not understand what the meter sent/],
      [new AddressError("unknown address scheme in '/dev/pts/3' (serial:, tcp:, usb:)"), 'meter-address', /^The meter's address in the station's settings is not valid/],
      [Object.assign(new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'), { code: 'ENOENT' }), 'meter-unreachable', /^The station could not reach the meter/],
    ];
    for (const [error, code, words] of cases) {
      const r = await failedDownload(error);
      expect(r.code).toBe(code);
      expect(r.words).toMatch(words);
      expect(r.words).toMatch(/nothing was (imported|downloaded)/);
      expect(r.words).not.toMatch(/frame|E1381|ENQ|scheme|receive-|wait-for/);
      expect(r.detail).toContain((error as Error).message);
    }
  });
});
