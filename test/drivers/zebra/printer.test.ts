import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../../drivers/transports/open.ts';
import { ZebraPrinter } from '../../../drivers/zebra/printer.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { startPrinterSim, type SimProcess } from '../simulators/printer/simProcess.ts';

describe('ZebraPrinter against the printer simulator', () => {
  let sim: SimProcess | undefined;
  let pty: PtyPair | undefined;
  let printer: ZebraPrinter | undefined;
  afterEach(async () => {
    await printer?.close();
    await sim?.stop();
    await pty?.kill();
    printer = sim = pty = undefined;
  });

  async function connect(address: string, statusTimeoutMs = 1000): Promise<ZebraPrinter> {
    printer = new ZebraPrinter(await createTransport(address, 9600), { statusTimeoutMs });
    await printer.open();
    return printer;
  }

  it('over TCP: reads status, follows paper-out and back, prints', async () => {
    sim = await startPrinterSim(['--port', 'tcp:0']);
    const p = await connect(sim.address);
    expect(await p.status()).toMatchObject({ ready: true, faults: [] });
    sim.control('paper-out');
    await sim.waitForLine(/^state paper-out/);
    expect(await p.status()).toMatchObject({ ready: false, faults: ['paper-out', 'paused'] });
    sim.control('ready');
    await sim.waitForLine(/^state ready/);
    await p.print('^XA^FO10,10^A0N,20,20^FDHELLO^FS^XZ');
    await sim.waitForLine(/^label 1 printed/);
  });

  it('counts a silent printer (newer firmware, head open) as the no-status-reply fault', async () => {
    sim = await startPrinterSim(['--port', 'tcp:0', '--silent-when-faulted', '--state', 'head-open']);
    const p = await connect(sim.address, 300);
    expect(await p.status()).toMatchObject({ ready: false, faults: ['no-status-reply'], status: null });
  });

  it('over a pseudo-terminal pair (socat): status and print', async () => {
    pty = await createPtyPair();
    sim = await startPrinterSim(['--port', pty.a]);
    const p = await connect(`serial:${pty.b}`);
    expect(await p.status()).toMatchObject({ ready: true });
    await p.print('^XA^FO10,10^A0N,20,20^FDPTY^FS^XZ');
    await sim.waitForLine(/^label 1 printed/);
  });
});
