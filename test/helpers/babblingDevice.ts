import { SerialTransport } from '../../drivers/transports/serial.ts';
import type { Transport } from '../../drivers/transports/transport.ts';
import type { PtyPair } from './ptyPair.ts';

/**
 * Runs `download` on the station end of a real pty while the device end sends `first` once and
 * then `chunk` every 100 ms, for as long as the download runs: a device that never stops talking
 * and never says anything useful. Returns what the download threw (or resolved to).
 */
export async function againstBabblingDevice(pty: PtyPair, babble: { first?: Uint8Array; chunk: Uint8Array }, download: (host: Transport) => Promise<unknown>): Promise<unknown> {
  const device = new SerialTransport({ path: pty.a, baudRate: 9600 });
  const host = new SerialTransport({ path: pty.b, baudRate: 9600 });
  await device.open();
  await host.open();
  let stop = false;
  const feeding = (async () => {
    if (babble.first) await device.write(babble.first);
    while (!stop) {
      await device.write(babble.chunk).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return await download(host).catch((e: unknown) => e);
  } finally {
    stop = true;
    await feeding;
    await host.close();
    await device.close();
  }
}
