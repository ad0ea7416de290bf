// `npm run bench [NAME ...]` and `station bench [NAME ...]` (which runs this file the same way):
// runs every bench/*.bench.ts, or those whose name starts with a NAME given (`ekg` runs every
// ekg-* bench), in turn. Each prints its own figures; nothing here asserts a time. A NAME that
// starts no bench's name is refused before anything runs (it used to run nothing and exit 0, so a
// typo looked like a finished bench).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The PhysioNet recordings some benches read (README "Data sources"), never copied into the
 * repository. Those benches open them as `../shared/ecg` from the repository root, the folder
 * `npm run bench` runs in.
 */
export const sharedEcgDir = join(benchDir, '..', '..', 'shared', 'ecg');

/**
 * The benches that read `sharedEcgDir`; without it they stop half-way with a file error. Kept in
 * step with the bench files by test/bench/run.test.ts.
 */
export const BENCHES_READING_SHARED_ECG: ReadonlySet<string> = new Set(['cart', 'ekg-12lead', 'ekg-detect', 'ekg-pipeline']);

/** Every bench's name (`bench/NAME.bench.ts`), sorted. */
export function benchNames(): string[] {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
}

/** Why a request cannot run: `usage` (a name no bench has, exit 2) or `no-data` (exit 1). */
export type BenchRefusal = { readonly kind: 'usage' | 'no-data'; readonly message: string };

/**
 * The benches `wanted` names (all when none), or why they cannot run: a name that starts no
 * bench's name, or a bench that reads the shared recordings when `ecgDir` is not there.
 */
export function selectBenches(wanted: readonly string[], ecgDir = sharedEcgDir): { readonly names: string[] } | { readonly refused: BenchRefusal } {
  const all = benchNames();
  const unknown = wanted.filter((w) => w === '' || !all.some((n) => n.startsWith(w)));
  if (unknown.length > 0) {
    const quoted = unknown.map((u) => `'${u}'`).join(', ');
    return { refused: { kind: 'usage', message: `unknown bench ${unknown.length > 1 ? 'names' : 'name'} ${quoted} (the benches: ${all.join(', ')})` } };
  }
  const names = all.filter((n) => wanted.length === 0 || wanted.some((w) => n.startsWith(w)));
  const needData = names.filter((n) => BENCHES_READING_SHARED_ECG.has(n));
  if (needData.length > 0 && !existsSync(ecgDir)) {
    return { refused: { kind: 'no-data', message: `the shared recordings are not at ${ecgDir}: ${needData.join(', ')} cannot run without them (name other benches to run those)` } };
  }
  return { names };
}

/** Runs the named benches in turn; their figures go to stdout. */
export async function runBenches(names: readonly string[]): Promise<void> {
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    const mod = (await import(pathToFileURL(join(benchDir, `${name}.bench.ts`)).href)) as { run: () => Promise<void> };
    await mod.run();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A reader that stops early (`npm run bench | head`) closes the pipe: end quietly with 141, the
  // status of a tool killed by SIGPIPE (as bin/station.mjs does), not an unhandled 'error' stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(141);
  });
  const selected = selectBenches(process.argv.slice(2));
  if ('refused' in selected) {
    process.stderr.write(`bench: ${selected.refused.message}\n`);
    process.exitCode = selected.refused.kind === 'usage' ? 2 : 1;
  } else {
    await runBenches(selected.names);
  }
}
