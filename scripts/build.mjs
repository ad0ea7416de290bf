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
// The CLI, with every source file it was built from and when, so bin/station.mjs can tell whether
// the bundle is still up to date (any source newer than the build: the sources run instead).
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
writeFileSync('dist/cli/inputs.json', JSON.stringify({ builtAtMs: cliBuiltAtMs, inputs: Object.keys(cli.metafile.inputs) }));
console.log('built dist/renderer, dist/electron and dist/cli');
