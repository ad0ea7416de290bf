import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../../drivers/transports/serial.ts';
import { AcquisitionSession } from '../../../../main/devices/cart/acquisition.ts';
import type { CartCapture } from '../../../../main/devices/cart/capture.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';
import { startCartSim, type CartSimProcess } from '../../../helpers/cartSim.ts';

describe('AcquisitionSession capture answer (SIMULATED cart over a real pty)', () => {
  let pair: PtyPair | undefined;
  let sim: CartSimProcess | undefined;
  afterEach(async () => {
    await sim?.kill();
    await pair?.kill();
  });

  it('answers capture() even when the capture event listener throws', async () => {
    pair = await createPtyPair();
    sim = startCartSim({ record: '../shared/ecg/ludb-dev/1.hea', port: pair.a });
    await sim.address;
    let underWay!: () => void;
    const progress = new Promise<void>((r) => (underWay = r));
    const session = new AcquisitionSession({
      transport: new SerialTransport({ path: pair.b, baudRate: 921600 }),
      filter: { highPassHz: 0.5, mainsHz: 60, lowPassHz: 40 },
      onEvent: (e) => {
        if (e.type === 'captureProgress' && e.received > 0) underWay();
        if (e.type === 'capture') throw new Error('listener failed');
      },
    });
    session.start();
    const answered: Promise<CartCapture> = session.capture(10);
    await progress;
    // Stopping mid-capture seals it (kept, incomplete): the listener's failure reaches stop(), and
    // the capture's caller still gets its answer.
    await expect(session.stop()).rejects.toThrow('listener failed');
    await expect(answered).resolves.toMatchObject({ complete: false, trigger: 'manual' });
  }, 60_000);
});
