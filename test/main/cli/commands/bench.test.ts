import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCommand } from '../../../../main/cli/commands/bench.ts';
import type { CliIo } from '../../../../main/cli/command.ts';
import { repoRoot } from '../../../helpers/stationCli.ts';

/** `station ARGS` run from `cwd` (not necessarily the repository). */
function station(cwd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/station.mjs'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

/** The figures change from run to run; the lines, their words and their order do not. */
const shape = (text: string) => text.replace(/\d[\d.,]*/g, '#');

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: repoRoot };
const benches = readdirSync(join(repoRoot, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();

describe('station bench', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed by station --help and has its own --help', async () => {
    const help = await station(repoRoot, ['--help']);
    expect(help.stdout).toMatch(/^ {2}bench +run the performance benches/m);
    const own = await station(repoRoot, ['bench', '--help']);
    expect([own.code, own.stderr]).toEqual([0, '']);
    expect(own.stdout).toMatch(/^Usage: station bench \[NAME \.\.\.\]\n/);
  });

  it('runs what npm run bench runs, from any folder: the same lines (figures aside), exit 0', async () => {
    const viaStation = await station(dir, ['bench', 'poc']);
    const viaNpm = spawnSync(join(repoRoot, 'node_modules/.bin/tsx'), ['bench/run.ts', 'poc'], { cwd: repoRoot, encoding: 'utf8' });
    expect([viaStation.code, viaStation.stderr]).toEqual([0, '']);
    expect(viaStation.stdout).toMatch(/^\n== poc ==\nASTM capture: /);
    expect(shape(viaStation.stdout)).toBe(shape(viaNpm.stdout));
  });

  it('refuses a name no bench has, or an option: one line naming the benches, exit 2, nothing run', async () => {
    const bogus = await station(dir, ['bench', 'poc', 'bogus']);
    expect([bogus.code, bogus.stdout, bogus.stderr]).toEqual([2, '', `station bench: unknown bench name 'bogus' (the benches: ${benches.join(', ')})\n`]);
    const option = await station(dir, ['bench', '--fast']);
    expect([option.code, option.stdout, option.stderr]).toEqual([2, '', 'station bench: unknown option --fast\n']);
  });

  it('where the bench sources or the shared recordings are not there: says so (exit 1 through runCli)', async () => {
    const installed = join(dir, 'installed');
    mkdirSync(installed);
    await expect(benchCommand(installed).run([], io)).rejects.toMatchObject({
      code: 'bench-missing',
      message: `the bench sources are not in this installation (no bench/run.ts in ${installed}): run station bench from a source checkout of the station`,
    });
    // A checkout whose bench/run.ts finds no shared recordings for the benches named.
    const checkout = join(dir, 'checkout');
    mkdirSync(join(checkout, 'bench'), { recursive: true });
    writeFileSync(join(checkout, 'bench', 'run.ts'), "export const selectBenches = () => ({ refused: { kind: 'no-data', message: 'the shared recordings are not at X' } });\n");
    await expect(benchCommand(checkout).run(['cart'], io)).rejects.toMatchObject({ code: 'bench-no-data', message: 'the shared recordings are not at X' });
  });
});
