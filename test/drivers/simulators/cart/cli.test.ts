import { connect } from 'node:net';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { stationCartV1 } from '../../../../drivers/protocols/cart/stationCartV1.ts';
import { startCartSim } from '../../../helpers/cartSim.ts';

it('stops on SIGTERM during an unplug fault, not when the unplug would have ended', async () => {
  // The replug was a timer nobody cleared: a 60-s unplug kept the simulator alive for 60 s after
  // SIGTERM, and every e2e run that unplugged the cart waited that long in its teardown. Here the
  // unplug lasts 10 minutes: the test's own time limit (60 s) fails it if the timer still holds on.
  const sim = startCartSim({ record: join(import.meta.dirname, '../../../../../shared/ecg/ludb-dev/1.hea'), port: 'tcp:0', faults: 'unplug@0.5+600' });
  const [host, port] = (await sim.address).replace(/^tcp:/, '').split(':') as [string, string];
  // The cart streams (and its faults run) once a host asks it to start.
  const socket = connect(Number(port), host, () => socket.write(stationCartV1.encodeCommand({ type: 'start' })));
  socket.on('error', () => undefined);
  socket.resume();
  try {
    await expect.poll(() => sim.out.includes('unplugged'), { timeout: 15_000 }).toBe(true);
    await sim.kill();
    expect(sim.proc.signalCode ?? sim.proc.exitCode).not.toBeNull();
  } finally {
    socket.destroy();
  }
});
