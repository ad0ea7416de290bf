import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root, where `bin/station.mjs` is run from (paths like ../shared/ecg are relative to it). */
export const repoRoot = join(import.meta.dirname, '../..');

/** Runs the `station` CLI to its end, from the repository root, and collects its output. */
export function runStation(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['bin/station.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.once('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
