import { StationError } from '../../common/errors.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real pseudo-terminal pair made by socat (the SIMULATED devices' "serial cable", and tests'): bytes written to `a` come out of `b` and back. */
export interface PtyPair {
  readonly a: string;
  readonly b: string;
  readonly pid: number;
  /** Kills this socat (only this one, by pid) and removes its links; both ends see a hang-up. */
  kill(): Promise<void>;
}

let parentDeathSignal: boolean | undefined;

/**
 * socat cannot watch its parent, so a station that crashes or is SIGKILLed would leave it
 * running. On Linux, util-linux `setpriv --pdeathsig` has the kernel signal it when we die.
 * Elsewhere (no setpriv) socat is started as is and only kill() ends it.
 */
function canSetParentDeathSignal(): boolean {
  parentDeathSignal ??= process.platform === 'linux' && spawnSync('setpriv', ['--pdeathsig', 'TERM', 'true'], { stdio: 'ignore' }).status === 0;
  return parentDeathSignal;
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and waits until both links
 * exist. Always call kill() in teardown.
 */
export async function createPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socatArgs = ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`];
  // setpriv execs socat (same pid) with SIGTERM due when this process dies, kill() or not.
  const [command, args] = canSetParentDeathSignal() ? ['setpriv', ['--pdeathsig', 'TERM', 'socat', ...socatArgs]] : ['socat', socatArgs];
  const proc: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  // A missing socat binary is reported as an 'error' event, not an exit.
  proc.once('error', (e) => (stderr += e.message));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  // socat prints "starting data transfer loop" once both ptys exist.
  while (!(existsSync(a) && existsSync(b) && stderr.includes('starting data transfer loop'))) {
    if (proc.exitCode !== null || proc.pid === undefined || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new StationError('pty-pair', `socat did not create a pty pair: ${stderr.trim() || 'is socat installed?'}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    pid: proc.pid!,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
