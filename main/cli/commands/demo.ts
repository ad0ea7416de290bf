import { StationError } from '../../../common/errors.ts';
import { demoGenerators } from '../../demo/index.ts';
import { DEMO_OPERATORS, runDemo } from '../../demo/runDemo.ts';
import { ensureDataDir } from '../../storage/dataDir.ts';
import { optionString, parseArgs } from '../args.ts';
import type { Command } from '../command.ts';

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new StationError('usage', `--${name} must be an integer from 1 to ${max}`);
  return n;
}

export const command: Command = {
  name: 'demo',
  usage: `Usage: station demo [--data-dir D] [--days N] [--seed S]
  Fills the database with a SIMULATED clinic over the last N days (default 7): demo operators
  signing in and out, SIM- patients, visits, and whatever the other areas' generators add, all
  through the station's own services and all marked simulated. For training, demos, load tests.`,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['data-dir', 'days', 'seed'] });
    const days = positiveInt('days', optionString(parsed, 'days'), 7, 3650);
    const seed = positiveInt('seed', optionString(parsed, 'seed'), 1, 2 ** 31);
    const dataDir = ensureDataDir(optionString(parsed, 'data-dir'), io.env, io.cwd);
    const summary = await runDemo({ dataDir, days, seed, nowMs: Date.now(), generators: demoGenerators });
    io.stdout(`SIMULATED clinic: ${summary.days} days, ${summary.visits} visits, ${summary.patients} patients, audit log at ${summary.auditEntries} entries`);
    io.stdout('SIMULATED sign-in badges (badge / PIN): ' + DEMO_OPERATORS.map((o) => `${o.login} ${o.badgeId} / ${o.pin}`).join(', '));
    return 0;
  },
};
