import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; bin: Record<string, string> };

// Runs the real bin script the way `npx station` does.
function station(...args: string[]) {
  return spawnSync(process.execPath, [pkg.bin['station']!, ...args], { encoding: 'utf8' });
}

describe('station CLI', () => {
  it('prints its version and help', () => {
    expect(execFileSync(process.execPath, [pkg.bin['station']!, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    const help = station('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: station <command>');
    expect(help.stdout).toContain('serve');
  });
  it('names an unknown command on one stderr line and exits non-zero', () => {
    const r = station('frobnicate');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
  it('reports a bad option as one line, no stack trace', () => {
    const r = station('serve', '--port', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
