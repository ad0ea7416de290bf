import { userInfo } from 'node:os';
import { StationError } from '../../../common/errors.ts';
import { ensureDataDir, existingDataDir } from '../../storage/dataDir.ts';
import { openStore } from '../../storage/store.ts';
import { Operators, ROLES, type Role } from '../../services/operators.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { Command } from '../command.ts';

const usage = `Usage:
  station operators add --login L --name "Display Name" --role admin|ma|provider --badge BADGE [--data-dir D]
      The PIN (4-12 digits) is read from the STATION_PIN environment variable, never from the
      command line (which other users can see). The first account of a station must be an admin;
      adding it creates the station database (and the data dir) when there is none yet.
  station operators list [--json] [--data-dir D]
      One line per operator: login, role, name, LOCKED OUT and SIMULATED when they are. With
      --json one JSON object per line: {"login","displayName","role","active","lockedOut","simulated"}.
  station operators unlock --login L [--data-dir D]
      Clears a lockout after too many wrong PINs.
Every add and unlock is audited, a refusal (login or badge taken, no such login) as a failure.
list and unlock need an existing station: a data dir without a database is refused (exit 1).
Data dir: --data-dir, else STATION_DATA_DIR, else the per-OS application-data folder.`;

const SUB_COMMANDS = ['add', 'list', 'unlock'] as const;
const isSubCommand = (s: string | undefined): s is (typeof SUB_COMMANDS)[number] => (SUB_COMMANDS as readonly (string | undefined)[]).includes(s);

export const command: Command = {
  name: 'operators',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (!isSubCommand(sub)) throw new StationError('usage', `unknown operators sub-command '${sub ?? ''}' (${SUB_COMMANDS.join(', ')})`);
    const parsed = parseArgs(rest, { valued: ['data-dir', 'login', 'name', 'role', 'badge'], flags: sub === 'list' ? ['json'] : [] });
    // Only adding (the first admin) sets a station up: a listing or unlock on a mistyped folder
    // must not create an empty database that reads as "no operators".
    const dataDir = (sub === 'add' ? ensureDataDir : existingDataDir)(optionString(parsed, 'data-dir'), io.env, io.cwd);
    const store = openStore({ dataDir });
    const actor = { id: `cli:${userInfo().username}`, role: 'system' as const };
    try {
      const operators = new Operators(store);
      switch (sub) {
        case 'add': {
          const role = requireOption(parsed, 'role');
          if (!(ROLES as readonly string[]).includes(role)) throw new StationError('usage', `--role must be one of ${ROLES.join(', ')}`);
          const pin = io.env['STATION_PIN'];
          if (pin === undefined || pin === '') throw new StationError('usage', 'set the PIN in the STATION_PIN environment variable');
          if (operators.count() === 0 && role !== 'admin') throw new StationError('usage', 'the first operator must be an admin');
          const op = await operators.add(
            { login: requireOption(parsed, 'login'), displayName: requireOption(parsed, 'name'), role: role as Role, badgeId: requireOption(parsed, 'badge'), pin },
            actor,
          );
          io.stdout(`operator ${op.login} added (${op.role})`);
          return 0;
        }
        case 'list': {
          // --json: one JSON line per operator, as analyze and poc import print theirs; the fields
          // are named here so nothing else of the account (its PIN or badge hash) can follow.
          const json = parsed.options.has('json');
          for (const op of operators.list()) {
            io.stdout(
              json
                ? JSON.stringify({ login: op.login, displayName: op.displayName, role: op.role, active: op.active, lockedOut: op.lockedOut, simulated: op.simulated })
                : `${op.login}\t${op.role}\t${op.displayName}${op.lockedOut ? '\tLOCKED OUT' : ''}${op.simulated ? '\tSIMULATED' : ''}`,
            );
          }
          return 0;
        }
        case 'unlock':
          operators.unlockAccount(requireOption(parsed, 'login'), actor);
          io.stdout('unlocked');
          return 0;
      }
    } finally {
      store.close();
    }
  },
};
