// Builds what the station needs to run: the renderer (Vite) and the Electron host (esbuild).
// The CLI and the browser host run from TypeScript sources and need no build.
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
console.log('built dist/renderer and dist/electron');
