// A stand-in for the station process: starts the SIMULATED printer and a meter on a socat pty
// pair, as main/app/station.ts does, prints the children's pids, then waits to be killed.
import { startSimulator } from '../../../main/app/simulators.ts';
import { createPtyPair } from '../../../main/devices/ptyPair.ts';

const printer = await startSimulator('printer', []);
const pair = await createPtyPair();
const meter = await startSimulator('meter', ['--protocol', 'astm'], { serial: pair.a, stationEnd: pair.b, ready: /SIMULATED astm meter/ });
process.stdout.write(`${JSON.stringify({ simulators: [printer.pid, meter.pid], socat: pair.pid })}\n`);
setInterval(() => undefined, 60_000);
