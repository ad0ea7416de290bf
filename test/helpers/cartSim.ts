import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

/** The SIMULATED cart as a separate process (`station simulate cart`), as staff would run it. */
export interface CartSimProcess {
  readonly proc: ChildProcess;
  /** Lines printed so far. */
  readonly out: string[];
  readonly address: Promise<string>;
  /** Fault log entries written so far (when started with faultLog). */
  faults(): Array<{ event: string; seq?: number; streamS?: number }>;
  kill(): Promise<void>;
}

export function startCartSim(opts: { record: string; port: string; faults?: string; seed?: number; faultLog?: string; seconds?: number; chunkMs?: number }): CartSimProcess {
  const args = ['bin/station.mjs', 'simulate', 'cart', '--record', opts.record, '--port', opts.port];
  if (opts.faults) args.push('--faults', opts.faults);
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.faultLog) args.push('--fault-log', opts.faultLog);
  if (opts.seconds !== undefined) args.push('--seconds', String(opts.seconds));
  if (opts.chunkMs !== undefined) args.push('--chunk-ms', String(opts.chunkMs));
  const proc = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let err = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const address = new Promise<string>((resolveAddr, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        out.push(line);
        if (line.startsWith('listening ')) resolveAddr(line.slice('listening '.length));
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then(() => reject(new Error(`cart simulator exited: ${err.trim()}`)));
  });
  address.catch(() => undefined);
  return {
    proc,
    out,
    address,
    faults: () =>
      opts.faultLog && existsSync(opts.faultLog)
        ? readFileSync(opts.faultLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; seq?: number })
        : [],
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Runs `station <args>` to completion. */
export function runStation(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const proc = spawn(process.execPath, ['bin/station.mjs', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('exit', (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
  });
}
