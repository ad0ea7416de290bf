import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `station serve` as a real process; a refusal at start-up ends it at once (the timeout is for a station that would start). */
function serve(...args: string[]) {
  return spawnSync(process.execPath, ['bin/station.mjs', 'serve', '--data-dir', mkdtempSync(join(tmpdir(), 'serve-meter-')), ...args], { encoding: 'utf8', timeout: 15_000 });
}

describe('station serve --meter: the address is checked at start-up, not first at the download', () => {
  it('astm:/dev/pts/3 (no address scheme) is refused in one line, exit 2, with the form to use', () => {
    const r = serve('--meter', 'astm:/dev/pts/3');
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the meter address is not valid');
    expect(lines[0]).toContain("unknown address scheme in '/dev/pts/3'");
    expect(lines[0]).toContain('astm:serial:/dev/pts/3');
    expect(r.stdout).not.toContain('Station running');
  });

  it('a tcp address without its port is refused the same way', () => {
    const r = serve('--meter', 'onetouch:tcp:meter-host');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("bad tcp address 'tcp:meter-host'");
  });
});
