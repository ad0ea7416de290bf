import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { StationError } from '../../../common/errors.ts';
import { optionString, parseArgs, requireOption } from '../../../main/cli/args.ts';
import type { Command } from '../../../main/cli/command.ts';
import { SerialTransport } from '../../transports/serial.ts';
import { PrinterSimulator, SIM_PRINTER_STATES, type SimPrinterState } from './printerSim.ts';
import { renderZplToPng } from './renderPng.ts';

const usage = `Usage: station simulate printer --port PATH|tcp:PORT [--out DIR] [--dpi 203|300]
                                [--state STATE] [--control FILE] [--silent-when-faulted] [--labels N]
A simulated Zebra ZPL printer (SIMULATED). Accepts ZPL, answers ~HS, saves each label it prints
as DIR/label-NNNN.zpl and DIR/label-NNNN.png.
  --port PATH        a serial device / pty end (e.g. one end of a socat pair)
  --port tcp:PORT    listen on 127.0.0.1:PORT (0 = any free port; the port is printed)
  --state STATE      initial state: ${SIM_PRINTER_STATES.join(' | ')} (default ready)
  --control FILE     poll FILE every 200 ms; its first word sets the state
  --silent-when-faulted  no ~HS reply while paper-out/head-open/ribbon-out (newer firmware)
  --labels N         N labels left on the roll: paper-out once the last is printed ('ready' loads a new, endless roll)
Control: type a state name on stdin (${SIM_PRINTER_STATES.join(', ')}), or 'quit'.
Prints one line per event on stdout: 'listening ADDRESS', 'state STATE', 'label N printed [PNG]'.`;

function parseState(text: string): SimPrinterState | undefined {
  const word = text.trim().split(/\s+/)[0] ?? '';
  return (SIM_PRINTER_STATES as readonly string[]).includes(word) ? (word as SimPrinterState) : undefined;
}

export const command: Command = {
  name: 'printer',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['port', 'out', 'dpi', 'state', 'control', 'labels'], flags: ['silent-when-faulted'] });
    const port = requireOption(parsed, 'port');
    const outDir = optionString(parsed, 'out');
    const dpiText = optionString(parsed, 'dpi') ?? '203';
    if (dpiText !== '203' && dpiText !== '300') throw new StationError('usage', '--dpi must be 203 or 300');
    const dpi = Number(dpiText) as 203 | 300;
    const initial = parseState(optionString(parsed, 'state') ?? 'ready');
    if (!initial) throw new StationError('usage', `--state must be one of ${SIM_PRINTER_STATES.join(', ')}`);
    const labelsText = optionString(parsed, 'labels');
    const labelsOnRoll = labelsText === undefined ? undefined : Number(labelsText);
    if (labelsOnRoll !== undefined && !(Number.isInteger(labelsOnRoll) && labelsOnRoll > 0)) throw new StationError('usage', '--labels must be a whole number above 0');
    const out = outDir === undefined ? undefined : resolve(io.cwd, outDir);
    if (out) mkdirSync(out, { recursive: true });

    let labelCount = 0;
    let saving: Promise<unknown> = Promise.resolve();
    const sim = new PrinterSimulator({ silentWhenFaulted: parsed.options.has('silent-when-faulted'), labelLengthDots: dpi === 203 ? 203 : 300, labelsOnRoll }, (zpl) => {
      const n = ++labelCount;
      if (!out) {
        io.stdout(`label ${n} printed`);
        return;
      }
      const base = join(out, `label-${String(n).padStart(4, '0')}`);
      writeFileSync(`${base}.zpl`, zpl);
      // Labels are rendered in order, one at a time; the line appears when the PNG exists.
      saving = saving.then(async () => {
        try {
          writeFileSync(`${base}.png`, await renderZplToPng(zpl, dpi));
          io.stdout(`label ${n} printed ${base}.png`);
        } catch {
          io.stdout(`label ${n} printed (PNG render failed)`);
        }
      });
    });
    sim.setState(initial);

    let reported = sim.state;
    /** One 'state' line per change, whether told (stdin, control file) or by itself (the roll ran out). */
    const report = () => {
      if (sim.state === reported) return;
      reported = sim.state;
      io.stdout(`state ${sim.state}`);
    };
    const setState = (s: SimPrinterState) => {
      if (s === sim.state) return;
      sim.setState(s);
      io.stdout(`state ${s}`);
      reported = s;
      report(); // 'ready' prints buffered labels, which may empty a roll
    };
    const receive = (bytes: Uint8Array) => {
      const reply = sim.receive(bytes);
      report();
      return reply;
    };

    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const cleanups: Array<() => Promise<void> | void> = [];

    if (port.startsWith('tcp:')) {
      const portNumber = Number(port.slice(4));
      if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) throw new StationError('usage', 'bad --port tcp:PORT');
      const sockets = new Set<Socket>();
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('data', (chunk: Buffer) => {
          const reply = receive(chunk);
          if (reply.length > 0) socket.write(reply);
        });
        socket.on('error', () => socket.destroy());
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((r, j) => {
        server.once('error', (e) => j(new StationError('sim-port', `cannot listen on ${port}: ${e.message}`)));
        server.listen(portNumber, '127.0.0.1', () => r());
      });
      io.stdout(`listening tcp:127.0.0.1:${(server.address() as { port: number }).port}`);
      cleanups.push(() => {
        for (const s of sockets) s.destroy();
        return new Promise<void>((r) => server.close(() => r()));
      });
    } else {
      const transport = new SerialTransport({ path: port, baudRate: 9600 });
      await transport.open();
      transport.onData((bytes) => {
        const reply = receive(bytes);
        if (reply.length > 0) transport.write(reply).catch(() => undefined);
      });
      transport.onError(() => stop());
      io.stdout(`listening serial:${port}`);
      cleanups.push(() => transport.close());
    }
    io.stdout(`state ${sim.state}`);

    const control = optionString(parsed, 'control');
    if (control !== undefined) {
      const path = resolve(io.cwd, control);
      const timer = setInterval(() => {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          return;
        }
        const s = parseState(text);
        if (s) setState(s);
      }, 200);
      cleanups.push(() => clearInterval(timer));
    }

    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === 'quit') return stop();
      const s = parseState(line);
      if (s) setState(s);
      else if (line.trim() !== '') io.stderr(`unknown control '${line.trim()}' (one of: ${SIM_PRINTER_STATES.join(', ')}, quit)`);
    });
    cleanups.push(() => rl.close());
    const onSignal = () => stop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    await stopped;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const c of cleanups) await c();
    await saving;
    return 0;
  },
};
