// Files named on the command line (records, captures, label and result JSON): read at the edge with limits.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { StationError } from '../../common/errors.ts';

/** A named input file that cannot be read: missing, unreadable, not a regular file, or too large. */
export class InputFileError extends StationError {
  constructor(message: string) {
    super('io', message);
    this.name = 'InputFileError';
  }
}

/** Largest JSON document (label, result) a command reads: real ones are a few KiB. */
export const MAX_JSON_INPUT_BYTES = 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * The whole of a regular file of at most `maxBytes`. Anything else is refused before it is read:
 * a device such as /dev/zero never ends (reading it exhausts memory), a FIFO blocks until a
 * writer appears, a directory has no bytes. The message says what `what` is and names the file
 * by the base name the caller gave, without the folders, and never by anything read from it.
 */
export async function readInputFile(path: string, what: string, maxBytes: number): Promise<Uint8Array> {
  const name = basename(path);
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputFileError(`cannot read ${what} ${name}: not a regular file`);
    size = s.size;
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`cannot read ${what} ${name} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const limit = () => (maxBytes >= MIB ? `${Math.round(maxBytes / MIB)} MiB` : `${maxBytes} bytes`);
  if (size > maxBytes) throw new InputFileError(`cannot read ${what} ${name}: larger than the ${limit()} the station reads`);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new InputFileError(`cannot read ${what} ${name} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    // One byte more than stat said: a file that grew since is refused, never cut short.
    const buf = new Uint8Array(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buf.length) {
        if (filled > maxBytes) throw new InputFileError(`cannot read ${what} ${name}: larger than the ${limit()} the station reads`);
        throw new InputFileError(`cannot read ${what} ${name}: it changed while it was read`);
      }
    }
    return buf.subarray(0, filled);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`cannot read ${what} ${name} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await handle.close();
  }
}

/**
 * readInputFile as UTF-8 text. Bytes that are not UTF-8 are refused, not replaced: decoding with
 * replacement characters would turn a name in a label or a result into other text without a word.
 */
export async function readInputText(path: string, what: string, maxBytes: number): Promise<string> {
  const bytes = await readInputFile(path, what, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputFileError(`cannot read ${what} ${basename(path)}: it is not UTF-8 text`);
  }
}
