import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodeDataFrame } from '../../../../drivers/protocols/cart/stationCartV1Device.ts';
import { createTransport } from '../../../../drivers/transports/open.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../../../../main/devices/cart/acquisition.ts';

describe('AcquisitionSession with a cart that is already streaming (real TCP on 127.0.0.1)', () => {
  let server: Server | undefined;
  let session: AcquisitionSession | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    await session?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server?.close(r));
  });

  it('drops data frames that arrive before identify has answered, without throwing', async () => {
    // The peer streams data frames at once and never answers identify: a cart left streaming by a
    // previous connection. Regression: these frames used to reach the session before its
    // timeline existed and crashed the main process.
    server = createServer((socket) => {
      sockets.push(socket);
      for (let seq = 0; seq < 200; seq++) socket.write(encodeDataFrame(seq, 0, new Int32Array(8).fill(seq)));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const events: AcquisitionEvent[] = [];
    session = new AcquisitionSession({
      transport: await createTransport(`tcp:127.0.0.1:${port}`),
      filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 },
      replyTimeoutMs: 300,
      onEvent: (e) => events.push(e),
    });
    session.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(events.some((e) => e.type === 'block')).toBe(false);
    expect(events.some((e) => e.type === 'status')).toBe(true);
  });
});
