import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const parentScript = fileURLToPath(new URL('./orphanParent.fixture.ts', import.meta.url));

/** Running, not merely an unreaped zombie (a container's pid 1 may never reap orphans). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): signal 0 is all there is
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe('simulators and pty pairs die with the station', () => {
  let leftovers: number[] = [];
  afterEach(() => {
    // Never leave a process behind, even when the test fails (only the pids this test started).
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    leftovers = [];
  });

  it('a SIGKILLed parent leaves no simulator or socat running', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', parentScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    parent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const children = await new Promise<{ simulators: number[]; socat: number }>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { simulators: number[]; socat: number });
      });
      parent.once('exit', () => reject(new Error(`parent exited early: ${stderr}`)));
    });
    const pids = [...children.simulators, children.socat];
    leftovers = pids;
    expect(pids.every(alive)).toBe(true);
    const exited = new Promise((r) => parent.once('exit', r));
    parent.kill('SIGKILL');
    await exited;
    expect(await until(() => !pids.some(alive), 5000)).toBe(true);
  }, 40_000);
});
