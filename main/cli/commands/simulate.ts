import { StationError } from '../../../common/errors.ts';
import type { Command } from '../command.ts';

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
    return sim.run(rest, io);
  },
};
