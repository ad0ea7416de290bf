import { StationError } from '../../common/errors.ts';

/** Parsed `--flag value` / `--flag` options plus positional arguments. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

/**
 * Minimal, strict argument parser: every option must be declared, so a typo is an error
 * rather than silently ignored. `flags` take no value; `valued` take exactly one. Positional
 * arguments are refused unless the command takes them (`positional`: how many at most, default
 * none): a stray word (`operators list --data-dir D extra`) was silently ignored.
 */
export function parseArgs(
  args: readonly string[],
  spec: { readonly flags?: readonly string[]; readonly valued?: readonly string[]; readonly positional?: number },
): ParsedArgs {
  const flags = new Set(spec.flags ?? []);
  const valued = new Set(spec.valued ?? []);
  const positional: string[] = [];
  /** Where each positional argument stood among `args` (1-based), to point at a stray one without quoting it. */
  const at: number[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      for (let j = i + 1; j < args.length; j++) {
        positional.push(args[j]!);
        at.push(j + 1);
      }
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      at.push(i + 1);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (flags.has(name)) {
      if (eq >= 0) throw new StationError('usage', `option --${name} takes no value`);
      options.set(name, true);
    } else if (valued.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new StationError('usage', `option --${name} needs a value`);
      options.set(name, value);
    } else {
      throw new StationError('usage', `unknown option --${name}`);
    }
  }
  const maxPositional = spec.positional ?? 0;
  if (positional.length > maxPositional) {
    // Pointed at, never quoted: a stray word may be anything typed by mistake (a PIN, a patient's name),
    // and stderr may end up in a log.
    throw new StationError('usage', `unexpected argument (word ${at[maxPositional]!} after the command)${maxPositional === 0 ? ': this command takes only --options' : ''}`);
  }
  return { positional, options };
}

export function optionString(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function requireOption(parsed: ParsedArgs, name: string): string {
  const v = optionString(parsed, name);
  if (v === undefined) throw new StationError('usage', `missing required option --${name}`);
  return v;
}
