import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StationError } from '../../common/errors.ts';

/** Tells a simulator the station's pid, so it exits when the station is gone (main/cli/commands/simulate.ts). */
export const PARENT_PID_ENV = 'STATION_PARENT_PID';

const stationBin = fileURLToPath(new URL('../../bin/station.mjs', import.meta.url));

export interface RunningSimulator {
  readonly kind: string;
  /** The transport address the station's driver connects to, e.g. `tcp:127.0.0.1:43629`. */
  readonly address: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `station simulate <kind> ... --port PORT` as a child process (the same simulator a
 * service engineer runs by hand) and waits for its ready line. With `tcp:0` the simulator prints
 * `listening ADDRESS` and the station talks to it over a real TCP socket on 127.0.0.1; with a
 * pty path (`serial`), the station uses the other end of the pty pair.
 */
export function startSimulator(
  kind: 'printer' | 'cart' | 'meter',
  args: readonly string[],
  port: { readonly tcp: true } | { readonly serial: string; readonly stationEnd: string; readonly ready: RegExp } = { tcp: true },
  timeoutMs = 20_000,
): Promise<RunningSimulator> {
  const child: ChildProcess = spawn(process.execPath, [stationBin, 'simulate', kind, ...args, '--port', 'serial' in port ? port.serial : 'tcp:0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // The simulator exits when this process is gone (main/cli/commands/simulate.ts), so a station
    // that crashes or is SIGKILLed leaves no simulator holding its port.
    env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) },
  });
  let output = '';
  return new Promise<RunningSimulator>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new StationError('simulator-start', `the ${kind} simulator did not start in ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = 'serial' in port ? (port.ready.test(output) ? [output, `serial:${port.stationEnd}`] : null) : /^listening (\S+)$/m.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining its output so the child never blocks on a full pipe.
      child.stdout?.resume();
      resolve({
        kind,
        address: m[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new StationError('simulator-start', `the ${kind} simulator exited (code ${code ?? 'signal'}) before listening: ${output.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
