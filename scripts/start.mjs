// `npm start`: build what is needed, then launch Electron if its runtime is installed; otherwise
// say so in one line and start the browser host (Chromium in app mode when a display exists).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

await import('./build.mjs');

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path; throws when it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const forward = (child) => {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

const binary = electronBinary();
if (binary && process.env.STATION_HOST !== 'browser') {
  forward(spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' }));
} else {
  console.log(
    binary
      ? 'STATION_HOST=browser: starting the browser host.'
      : "Electron's runtime is not installed on this machine: starting the browser host instead.",
  );
  forward(spawn(process.execPath, ['bin/station.mjs', 'serve', '--open', ...process.argv.slice(2)], { stdio: 'inherit' }));
}
