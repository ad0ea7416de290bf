// Builds what the station needs to run: the renderer (Vite) and the Electron host (esbuild).
// The CLI and the browser host run from TypeScript sources and need no build; the CLI bundle built
// here only spares `station analyze` the TypeScript loader's start-up (see bin/station.mjs).
import { writeFileSync } from 'node:fs';
import { build as viteBuild } from 'vite';
import { build } from 'esbuild';

const native = ['electron', 'better-sqlite3', 'serialport', 'usb', 'bufferutil', 'utf-8-validate', 'zpl-renderer-js', 'pdfkit'];

await viteBuild({ logLevel: 'error' });
await build({
  entryPoints: ['main/hosts/electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: native,
  sourcemap: true,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
// Sandboxed preloads must be CommonJS and may only require('electron').
await build({
  entryPoints: ['main/hosts/electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
// The CLI, and the source files `station analyze` runs from it (its command and what that and the
// CLI's entry import) with the build time, so bin/station.mjs can tell whether the bundle is still
// up to date for analyze (any of them newer than the build: the sources run instead).
const cliBuiltAtMs = Date.now();
const cli = await build({
  entryPoints: ['main/cli/main.ts'],
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});
const outputs = cli.metafile.outputs;
const analyzeChunks = [Object.keys(outputs).find((o) => outputs[o].entryPoint === 'main/cli/main.ts')];
for (const [o, meta] of Object.entries(outputs)) if (meta.entryPoint === 'main/cli/commands/analyze.ts') analyzeChunks.push(o);
const inputs = new Set();
for (let k = 0; k < analyzeChunks.length; k++) {
  const meta = outputs[analyzeChunks[k]];
  for (const input of Object.keys(meta.inputs)) inputs.add(input);
  // Everything these chunks import, but of the entry's dynamic imports (the commands) only analyze.
  const followed = meta.imports.filter((i) => !i.external && (k > 0 || i.kind === 'import-statement'));
  for (const i of followed) if (!analyzeChunks.includes(i.path)) analyzeChunks.push(i.path);
}
writeFileSync('dist/cli/inputs.json', JSON.stringify({ builtAtMs: cliBuiltAtMs, inputs: [...inputs].sort() }));
console.log('built dist/renderer, dist/electron and dist/cli');
