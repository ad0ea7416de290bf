#!/usr/bin/env node
// Entry point of the `station` CLI. It runs the TypeScript sources directly through tsx's
// loader, so `npx station ...` works right after `npm install` with no build step.
// `station analyze` (a command whose start-up time is part of its target) instead uses the CLI
// bundle `npm run build` leaves in dist/cli, but only while no source file analyze runs from has
// changed since (cli-bundle.mjs); the other commands find files and workers next to their
// sources, so they always run from the sources.
import { freshCliBundle } from './cli-bundle.mjs';

const args = process.argv.slice(2);
const bundle = args[0] === 'analyze' ? freshCliBundle() : null;
let runCli;
if (bundle !== null) {
  ({ runCli } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../main/cli/main.ts'));
}

// A reader that stops early (`station audit export ... | head -3`) closes the pipe. Node tries
// each write on the spot, so the write that fails sets stdout.errored before it returns (and a
// failure found later still reaches the 'error' listener): the command's stdout throws from then
// on, so an export stops there and is audited as incomplete. The command then ends quietly with
// 141, the status of a tool killed by SIGPIPE, instead of Node's unhandled 'error' event and its
// stack. Any other stdout failure is one line on stderr.
const SIGPIPE_STATUS = 141;
let outputClosed = false;
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') {
    outputClosed = true;
    return;
  }
  process.stderr.write(`station: cannot write the output (${e.code ?? e.name})\n`);
  process.exit(74); // sysexits EX_IOERR
});
const stdout = (line) => {
  if (!outputClosed) process.stdout.write(line + '\n');
  if (process.stdout.errored?.code === 'EPIPE') outputClosed = true;
  if (outputClosed) throw Object.assign(new Error('the output was closed'), { code: 'EPIPE' });
};
const code = await runCli(args, {
  stdout,
  // After the reader went away, what the command says about it is noise.
  stderr: (line) => void (outputClosed || process.stderr.write(line + '\n')),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = outputClosed ? SIGPIPE_STATUS : code;
