// WFDB records and annotation files on disk: reading and writing at the edge; all decoding is in main/ekg/wfdb.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StationError } from '../../common/errors.ts';
import {
  decodeAnnotations,
  decodeRecord,
  encodeAnnotations,
  encodeRecord,
  parseHeader,
  signalFileNames,
  type Annotation,
  type WfdbRecord,
} from '../ekg/wfdb/index.ts';
import { InputFileError, readInputFile } from './inputFile.ts';

/** A record or annotation file that cannot be read from disk (missing, unreadable, not a regular file, too large). */
export class WfdbFileError extends StationError {
  constructor(message: string) {
    super('io', message);
    this.name = 'WfdbFileError';
  }
}

/** A header is text of a few KiB (MIT-BIH's longest, with its comments, is under 1 KiB). */
const MAX_HEADER_BYTES = 1024 * 1024;
/** Signal and annotation files: 24 h of two leads at 360 Hz (format 212) is 93 MiB; larger is refused, not read into memory. */
const MAX_SIGNAL_BYTES = 128 * 1024 * 1024;

async function readBytes(path: string, what: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readInputFile(path, what, maxBytes);
  } catch (e) {
    if (e instanceof InputFileError) throw new WfdbFileError(e.message);
    throw e;
  }
}

/** Latin-1 decoding: header bytes map 1:1 to characters, so no byte is ever rejected or altered. */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Reads `NAME.hea` and the signal files it names (looked up beside the header). */
export async function readRecord(headerPath: string): Promise<WfdbRecord> {
  const header = parseHeader(latin1(await readBytes(headerPath, 'header', MAX_HEADER_BYTES)));
  const dir = dirname(headerPath);
  const files = new Map<string, Uint8Array>();
  for (const name of signalFileNames(header)) files.set(name, await readBytes(join(dir, name), 'signal file', MAX_SIGNAL_BYTES));
  return decodeRecord(header, files);
}

export async function readAnnotations(path: string): Promise<Annotation[]> {
  return decodeAnnotations(await readBytes(path, 'annotation file', MAX_SIGNAL_BYTES));
}

/** Writes `<dir>/<name>.hea` and its signal file(s); returns the header path. */
export async function writeRecord(dir: string, record: WfdbRecord): Promise<string> {
  const { headerText, files } = encodeRecord(record);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  const headerPath = join(dir, `${record.name}.hea`);
  await writeFile(headerPath, Buffer.from(headerText, 'latin1'));
  return headerPath;
}

export async function writeAnnotations(path: string, anns: readonly Annotation[]): Promise<void> {
  await writeFile(path, encodeAnnotations(anns));
}
