import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { optionString, parseArgs, requireOption } from '../../../main/cli/args.ts';
import type { Command } from '../../../main/cli/command.ts';
import { readRecord } from '../../../main/io/wfdb.ts';
import { StationCartV1CommandReader } from '../../protocols/cart/stationCartV1Device.ts';
import type { CartIdentity } from '../../protocols/cart/types.ts';
import { CartSimulator } from './engine.ts';
import { parseFaults } from './faults.ts';
import { mulberry32 } from '../../../common/random.ts';
import { openSerialLink, openTcpLink, type SimLink } from './link.ts';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB } from './signal.ts';

const usage = `Usage: station simulate cart --record REC.hea --port PATH|tcp:PORT [--faults LIST]
                             [--seed N] [--fault-log FILE] [--seconds S] [--baud B] [--chunk-ms MS]
A SIMULATED 12-lead cart speaking station-cart-v1 (docs/protocols/cart.md). It streams the
record's leads I, II, V1..V6 in real time (looping), converted exactly to 24-bit counts at
${SIM_RESOLUTION_NV_PER_LSB} nV/LSB, at the record's sample rate.
  --port PATH        a serial device / pty end (e.g. one end of a socat pair)
  --port tcp:PORT    listen on 127.0.0.1:PORT (0 = any free port; the address is printed)
  --faults LIST      comma-separated, times in seconds since the first START:
                       leadoff=EL@T[+D]  electrode EL (RA LA LL RL V1..V6) off
                       noise=MV@T[+D]    noise burst of MV millivolts peak
                       drop=R            drop each frame with probability R
                       corrupt=R         flip each byte with probability R
                       unplug@T[+D]      disappear for D s, then come back idle
                       stall@T[+D]       send nothing for D s, port left open
  --seed N           seed of the fault random generator (default 1)
  --fault-log FILE   append one JSON line per injected fault: drop and corrupt (seq),
                     unplug/replug and stall/resume (stream time), and the start and end
                     of each lead-off and noise burst (first frame seq it applies to)
  --seconds S        exit after S seconds (default: run until SIGINT/SIGTERM)
  --chunk-ms MS      send the frames due every MS ms (default 16, the latency timer of
                     FTDI-style USB-serial adapters, which batch a cart's bytes the same way)
Prints 'listening ADDRESS' when ready.`;

export const command: Command = {
  name: 'cart',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['record', 'port', 'faults', 'seed', 'fault-log', 'seconds', 'baud', 'chunk-ms'] });
    const recordPath = resolve(io.cwd, requireOption(parsed, 'record'));
    const port = requireOption(parsed, 'port');
    const faults = parseFaults(optionString(parsed, 'faults') ?? '');
    const seed = Number(optionString(parsed, 'seed') ?? '1');
    const seconds = optionString(parsed, 'seconds');
    const baud = Number(optionString(parsed, 'baud') ?? '921600');
    const chunkMs = Number(optionString(parsed, 'chunk-ms') ?? '16');
    if (!(chunkMs >= 1 && chunkMs <= 200)) throw new StationError('usage', '--chunk-ms must be between 1 and 200');
    if (!Number.isInteger(seed)) throw new StationError('usage', '--seed must be an integer');
    if (seconds !== undefined && !(Number(seconds) > 0)) throw new StationError('usage', '--seconds must be positive');
    const faultLog = optionString(parsed, 'fault-log');
    const faultLogPath = faultLog === undefined ? undefined : resolve(io.cwd, faultLog);

    const record = await readRecord(recordPath);
    // The sample recording is read as stored even where its header disagrees with it (WfdbRecord.readNotices): say so.
    for (const n of record.readNotices ?? []) io.stderr(`sample recording ${record.name}: ${n}`);
    const signal = recordToCartSignal(record);
    if (signal.fsHz !== 500 && signal.fsHz !== 1000) throw new StationError('usage', `the cart streams at 500 or 1000 Hz; this record is ${signal.fsHz} Hz`);
    const identity: CartIdentity = {
      model: 'SIMULATED 12-LEAD CART',
      serial: 'SIMULATED-0001',
      firmware: 'sim-1.0',
      supportedRatesHz: [signal.fsHz],
      resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB,
    };
    const sim = new CartSimulator({
      signal,
      identity,
      faults,
      random: mulberry32(seed),
      onFault: (entry) => {
        if (faultLogPath) appendFileSync(faultLogPath, JSON.stringify(entry) + '\n');
      },
    });

    let link: SimLink;
    if (port.startsWith('tcp:')) {
      const n = Number(port.slice(4));
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new StationError('usage', 'bad --port tcp:PORT');
      link = await openTcpLink(n);
    } else {
      link = await openSerialLink(port, baud);
    }
    const reader = new StationCartV1CommandReader();
    link.onData((bytes) => {
      for (const cmd of reader.feed(bytes)) link.send(sim.command(cmd, performance.now()));
    });
    io.stdout(`listening ${link.address}`);
    io.stdout(`SIMULATED cart: record ${record.name}, ${signal.fsHz} Hz, ${signal.samples} samples (looping)`);

    let unplugged = false;
    let stopped = false;
    // The replug waiting out an unplug fault: cleared on stop, or the process lived on until it
    // fired (a SIGTERM during a 60-s unplug took 60 s to exit).
    let replugTimer: ReturnType<typeof setTimeout> | undefined;
    const tick = setInterval(() => {
      if (unplugged) return;
      const now = performance.now();
      const out = sim.pump(now);
      if (out.bytes) link.send(out.bytes);
      if (out.unplugForMs !== undefined) {
        unplugged = true;
        io.stdout('unplugged');
        void link.unplug().then(() => {
          if (stopped) return;
          replugTimer = setTimeout(() => {
            if (stopped) return;
            void link.replug().then(() => {
              sim.replugged(performance.now());
              unplugged = false;
              io.stdout('replugged');
            });
          }, out.unplugForMs);
        });
      }
    }, chunkMs);

    await new Promise<void>((done) => {
      const finish = (): void => {
        process.off('SIGINT', finish);
        process.off('SIGTERM', finish);
        done();
      };
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
      if (seconds !== undefined) setTimeout(finish, Number(seconds) * 1000);
    });
    stopped = true;
    clearInterval(tick);
    clearTimeout(replugTimer);
    await link.close();
    return 0;
  },
};
