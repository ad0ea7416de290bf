import { StationError } from '../../../common/errors.ts';
import { PARENT_PID_ENV } from '../../app/simulators.ts';
import type { Command } from '../command.ts';

const PARENT_CHECK_MS = 500;
/** A simulator that does not finish within this after SIGTERM is stopped hard. */
const PARENT_GONE_EXIT_MS = 3000;

/**
 * A simulator the station started must not outlive it (a SIGKILL or crash runs no teardown):
 * when our parent is no longer the station (we were re-parented), stop as on SIGTERM, which
 * closes the port cleanly. Polling ppid works on every OS; a run by hand sets no variable.
 */
function exitWithParent(env: Readonly<Record<string, string | undefined>>): void {
  const parentPid = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(parentPid) || parentPid <= 0) return;
  const watch = setInterval(() => {
    if (process.ppid === parentPid) return;
    // Nothing is said: our stderr was a pipe to the station, which nobody reads any more.
    clearInterval(watch);
    setTimeout(() => process.exit(1), PARENT_GONE_EXIT_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_CHECK_MS);
  watch.unref();
}

/**
 * `station simulate <kind> ...`: device simulators (cart, printer, meter) over a real port.
 * Each kind lives with its driver in drivers/simulators/<kind>/ and exports a Command; add one
 * line here per kind.
 */
const kinds: Record<string, () => Promise<Command>> = {
  printer: async () => (await import('../../../drivers/simulators/printer/cli.ts')).command,
  cart: async () => (await import('../../../drivers/simulators/cart/cli.ts')).command,
  meter: async () => (await import('../../../drivers/simulators/meter/cli.ts')).command,
};

export const command: Command = {
  name: 'simulate',
  handlesHelp: true,
  usage: `Usage: station simulate <kind> [options]\nKinds: ${Object.keys(kinds).join(', ') || '(none yet)'}\nRun station simulate <kind> --help for a kind's options.`,
  async run(args, io) {
    const [kind, ...rest] = args;
    if (kind === undefined || kind === '--help') {
      io.stdout(command.usage);
      return kind === undefined ? 2 : 0;
    }
    const load = kinds[kind];
    if (!load) throw new StationError('usage', `unknown simulator '${kind}' (one of: ${Object.keys(kinds).join(', ')})`);
    const sim = await load();
    if (rest.includes('--help')) {
      io.stdout(sim.usage);
      return 0;
    }
    exitWithParent(io.env);
    return sim.run(rest, io);
  },
};
