import { readFileSync } from 'node:fs';
import { isStationError } from '../../common/errors.ts';
import type { CliIo } from './command.ts';
import { commandLoaders } from './commands/index.ts';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...commandLoaders.map((c) => c.name.length), 8);
  return [
    'station: the point-of-care station (12-lead EKG, specimen labels, point-of-care results).',
    '',
    'Usage: station <command> [options]',
    '       station <command> --help',
    '',
    'Commands:',
    ...commandLoaders.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help      show this help',
    '  --version   print the version',
  ].join('\n');
}

/** Runs the CLI and returns the exit code. Errors become one line on stderr, never a stack. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout)(help());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(packageVersion());
    return 0;
  }
  const entry = commandLoaders.find((c) => c.name === first);
  if (!entry) {
    io.stderr(`station: unknown command '${first}' (see station --help)`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') && command.handlesHelp !== true) {
      io.stdout(command.usage);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (isStationError(e)) {
      io.stderr(`station ${first}: ${e.message}`);
      return e.code === 'usage' ? 2 : 1;
    }
    // An unexpected bug: still one line, with the error's class and message (never patient data
    // by construction: our messages name fields, not values).
    io.stderr(`station ${first}: internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return 70;
  }
}
