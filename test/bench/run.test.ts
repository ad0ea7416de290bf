import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/stationCli.ts';

const benchDir = join(repoRoot, 'bench');
const allBenches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

/** `npm run bench ARGS` without npm: the bench script is `tsx bench/run.ts`, run in the repository folder. */
const npmRunBench = (...args: string[]) => spawnSync(join(repoRoot, 'node_modules/.bin/tsx'), ['bench/run.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('npm run bench', () => {
  it('refuses a name no bench has (it ran nothing and exited 0): one line naming every bench, exit 2, nothing run', () => {
    const r = npmRunBench('poc', 'bogus');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`bench: unknown bench name 'bogus' (the benches: ${allBenches.join(', ')})\n`);
  });

  it('selects by name or by the start of names; refuses the benches that read the shared recordings when they are absent', async () => {
    const { selectBenches, BENCHES_READING_SHARED_ECG } = await import('../../bench/run.ts');
    expect(selectBenches([])).toEqual({ names: allBenches });
    expect(selectBenches(['poc', 'labels'])).toEqual({ names: ['labels', 'poc'] });
    expect(selectBenches(['ekg-'])).toEqual({ names: allBenches.filter((n) => n.startsWith('ekg-')) });
    expect(selectBenches(['x', ''])).toMatchObject({ refused: { kind: 'usage', message: expect.stringMatching(/^unknown bench names 'x', '' \(the benches: cart, /) } });
    const nowhere = join(repoRoot, 'no-such-shared-folder');
    expect(selectBenches(['poc'], nowhere)).toEqual({ names: ['poc'] });
    expect(selectBenches(['cart', 'poc'], nowhere)).toEqual({ refused: { kind: 'no-data', message: `the shared recordings are not at ${nowhere}: cart cannot run without them (name other benches to run those)` } });
    // The list of benches that read ../shared/ecg is the list of bench files that name it.
    const reading = allBenches.filter((n) => readFileSync(join(benchDir, `${n}.bench.ts`), 'utf8').includes('shared/ecg'));
    expect([...BENCHES_READING_SHARED_ECG].sort()).toEqual(reading);
  });
});
