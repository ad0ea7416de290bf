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
const code = await runCli(args, {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
