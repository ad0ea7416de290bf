import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** `station simulate printer` running as a real child process; its stdout lines are collected. */
export interface SimProcess {
  readonly address: string;
  readonly lines: string[];
  /** Resolves with the first line (already seen or future) that matches. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Types a control word on the simulator's stdin (ready, paper-out, head-open, offline...). */
  control(word: string): void;
  stop(): Promise<void>;
}

export async function startPrinterSim(args: readonly string[]): Promise<SimProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['bin/station.mjs', 'simulate', 'printer', ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
    for (const l of [...listeners]) l();
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waitForLine = (re: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.find((l) => re.test(l));
        if (hit !== undefined) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`simulator never printed ${re} (stdout: ${lines.join(' | ')}; stderr: ${stderr.trim()})`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const listening = await waitForLine(/^listening /);
  return {
    address: listening.slice('listening '.length),
    lines,
    waitForLine,
    control: (word) => child.stdin.write(`${word}\n`),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
