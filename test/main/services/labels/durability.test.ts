import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleInput } from '../../../common/labels/fixtures.ts';
import { startPrinterSim, type SimProcess } from '../../../drivers/simulators/printer/simProcess.ts';

function runCli(args: readonly string[]) {
  const child = spawn(process.execPath, ['bin/station.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

function jobRow(dbPath: string, jobId: string): { state: string; last_fault: string | null; attempts: number } | undefined {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT state, last_fault, attempts FROM print_jobs WHERE job_id = ?').get(jobId) as never;
    } finally {
      db.close();
    }
  } catch {
    return undefined; // not created yet
  }
}

async function until<T>(what: string, f: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('print queue durability across a killed station process', () => {
  let sim: SimProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    sim = dir = undefined;
  });

  it('a job waiting for a paper-out printer survives SIGKILL and prints exactly once after restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'labels-dur-'));
    const input = join(dir, 'label.json');
    writeFileSync(input, JSON.stringify(sampleInput()));
    sim = await startPrinterSim(['--port', 'tcp:0', '--state', 'paper-out']);
    const args = ['label', 'print', '--input', input, '--printer', sim.address, '--data-dir', join(dir, 'data'), '--job-id', 'tube-1', '--timeout-ms', '60000'];
    const dbPath = join(dir, 'data', 'station.sqlite');

    const first = runCli(args);
    // The job is committed and has seen the printer's fault: kill the station mid-job.
    await until('the job to wait on paper-out', () => {
      const row = jobRow(dbPath, 'tube-1');
      return row?.last_fault?.includes('paper-out') ? row : undefined;
    });
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(jobRow(dbPath, 'tube-1')?.state).toBe('queued');
    expect(sim.lines.some((l) => l.startsWith('label '))).toBe(false);

    sim.control('ready');
    await sim.waitForLine(/^state ready/);
    const second = await runCli(args).done;
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^printed ST\d{8}[0-9A-Z*] \(job tube-1\)\n$/);
    await sim.waitForLine(/^label 1 printed/);

    // Once more with the same job id: it is already printed, nothing goes to the printer.
    const third = await runCli(args).done;
    expect(third.code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.lines.filter((l) => l.startsWith('label '))).toHaveLength(1);
    expect(jobRow(dbPath, 'tube-1')).toMatchObject({ state: 'printed', attempts: 1 });
  });
});
