import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../../drivers/transports/tcp.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../../../../main/devices/cart/acquisition.ts';
import { startCartSim, type CartSimProcess } from '../../../helpers/cartSim.ts';

describe('SIMULATED cart over TCP on 127.0.0.1', () => {
  let sim: CartSimProcess | undefined;
  let session: AcquisitionSession | undefined;
  afterEach(async () => {
    await session?.stop();
    await sim?.kill();
  });

  it('streams over tcp:0; an unplug drops the connection (disconnected, not a stall) and the session reconnects', async () => {
    sim = startCartSim({ record: '../shared/ecg/ludb-dev/1.hea', port: 'tcp:0', faults: 'unplug@1+1' });
    const address = await sim.address;
    const m = /^tcp:(.+):(\d+)$/.exec(address)!;
    const events: AcquisitionEvent[] = [];
    session = new AcquisitionSession({
      transport: new TcpTransport({ host: m[1]!, port: Number(m[2]) }),
      filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 },
      onEvent: (e) => events.push(e),
      stallTimeoutMs: 5000,
      reconnectInitialDelayMs: 200,
    });
    const capture = session.capture(5);
    session.start();
    const c = await capture;
    expect(c.complete).toBe(false);
    expect(c.incompleteReason).toMatch(/closed|disconnected/);
    const deadline = Date.now() + 15_000;
    while (events.filter((e) => e.type === 'status' && e.status.state === 'connected').length < 2) {
      if (Date.now() > deadline) throw new Error('no reconnect');
      await new Promise((r) => setTimeout(r, 50));
    }
    const err = events.find((e) => e.type === 'status' && e.status.state === 'error');
    expect(err).toMatchObject({ status: { code: 'cart-disconnected' } });
  });
});
