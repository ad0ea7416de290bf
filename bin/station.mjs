#!/usr/bin/env node
// Entry point of the `station` CLI. It runs the TypeScript sources directly through tsx's
// loader, so `npx station ...` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
