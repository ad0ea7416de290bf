import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StationError } from '../../../common/errors.ts';
import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

const usage = `Usage: station bench [NAME ...]
Runs the performance benches exactly as \`npm run bench [NAME ...]\` does (the same bench/run.ts, in
the repository folder): every bench/*.bench.ts, or those whose name starts with a NAME given (ekg
runs every ekg-* bench). Each prints its figures on stdout; nothing is asserted, exit 0.
A NAME that starts no bench's name is refused with the list of benches (exit 2), before any runs.
It needs a source checkout of the station (bench/ is not installed with the app), and the cart and
EKG benches read the shared recordings in ../shared/ecg: without them, one line and exit 1.`;

/** bench/run.ts, as `station bench` uses it (a type only: the file is loaded from disk when present). */
type BenchRun = typeof import('../../../bench/run.ts');

/** Signal numbers for the exit status of a bench killed by one (128 + n, as a shell reports it). */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 };

/**
 * `station bench` for the station installed at `repoRoot`. The benches run in a child process,
 * started as the package's bench script starts them (`tsx bench/run.ts NAME...` in the repository
 * folder): they read their data relative to that folder and print with console.log, so the output
 * is the same as `npm run bench`, whatever folder `station` is run from.
 */
export function benchCommand(repoRoot: string): Command {
  return {
    name: 'bench',
    usage,
    async run(args, io) {
      const names = parseArgs(args, { positional: Infinity }).positional;
      const runPath = join(repoRoot, 'bench', 'run.ts');
      if (!existsSync(runPath)) {
        throw new StationError('bench-missing', `the bench sources are not in this installation (no bench/run.ts in ${repoRoot}): run station bench from a source checkout of the station`);
      }
      // A URL worked out at run time, not a literal: the CLI bundle (npm run build) must not take bench/ in.
      const bench = (await import(pathToFileURL(runPath).href)) as BenchRun;
      const selected = bench.selectBenches(names);
      if ('refused' in selected) throw new StationError(selected.refused.kind === 'usage' ? 'usage' : 'bench-no-data', selected.refused.message);
      const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
      const child = spawn(process.execPath, [tsxCli, join('bench', 'run.ts'), ...names], { cwd: repoRoot, stdio: 'inherit' });
      return new Promise<number>((done) => {
        child.once('error', (e) => {
          io.stderr(`station bench: cannot start the benches: ${e.message}`);
          done(1);
        });
        child.once('exit', (code, signal) => done(code ?? 128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? 0))));
      });
    },
  };
}

export const command: Command = benchCommand(fileURLToPath(new URL('../../../', import.meta.url)));
