/**
 * Typed errors shared by every layer. A parser or service that rejects input throws a
 * StationError with a stable machine code; hosts turn it into `{ok:false,error:{code,message}}`
 * and the CLI into one line on stderr. Messages must never contain patient data.
 */
export class StationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StationError';
  }
}

/** Input that does not match its format (bytes, files, IPC payloads, user input). */
export class FormatError extends StationError {
  constructor(message: string) {
    super('format', message);
    this.name = 'FormatError';
  }
}

export function isStationError(e: unknown): e is StationError {
  return e instanceof StationError;
}

/**
 * An error's code (`StationError.code`, Node's `errno` code) or else its class, for a fault line
 * nobody is waiting for: enough to diagnose, and it cannot carry patient data as a message could.
 */
export function faultName(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : e.name;
}
