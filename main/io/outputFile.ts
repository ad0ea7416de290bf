// Files named on the command line to write (label ZPL/PNG, audit exports): failures as typed errors.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { StationError } from '../../common/errors.ts';

/** An output file that could not be written: missing folder, a folder in its place, no permission, disk full. */
export class OutputFileError extends StationError {
  constructor(message: string) {
    super('io', message);
    this.name = 'OutputFileError';
  }
}

/** Why writing an output failed: a stable reason (audit), what the operator reads, and whether part of it may have been written. */
export interface OutputFailure {
  readonly reason: string;
  readonly text: string;
  readonly partial: boolean;
}

export function outputFailure(e: unknown): OutputFailure {
  switch ((e as { code?: unknown }).code) {
    case 'EPIPE':
      return { reason: 'output-closed', text: 'the output was closed', partial: true };
    case 'ENOENT':
      return { reason: 'target-dir-missing', text: 'the folder for the output file does not exist', partial: false };
    case 'ENOTDIR':
      return { reason: 'target-dir-missing', text: 'a folder in the output path is a file', partial: false };
    case 'EISDIR':
      return { reason: 'target-is-folder', text: 'the output path is a folder, not a file', partial: false };
    case 'EEXIST':
      return { reason: 'target-exists', text: 'the output file already exists', partial: false };
    case 'ENOSPC':
      return { reason: 'disk-full', text: 'the disk is full', partial: true };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { reason: 'permission-denied', text: 'no permission to write the output file', partial: false };
    default:
      return { reason: 'write-failed', text: 'writing the output failed', partial: true };
  }
}

/**
 * Writes `data` to `path` (created or replaced). A failure is an OutputFileError naming `what` and
 * the file by its base name; any other error (a bug) goes on as it is.
 */
export function writeOutputFile(path: string, what: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    if (typeof (e as { code?: unknown }).code !== 'string') throw e;
    throw new OutputFileError(`cannot write ${what} ${basename(path)}: ${outputFailure(e).text}`);
  }
}
