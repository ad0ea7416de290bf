/** One `station` sub-command. Each lives in its own file under main/cli/commands/. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** Full usage text for `station <name> --help`. */
  readonly usage: string;
  /** True when run() answers `--help` itself (commands with sub-commands such as `simulate <kind>`). */
  readonly handlesHelp?: boolean;
  /** Returns the process exit code. Throw a StationError for a one-line error on stderr. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
