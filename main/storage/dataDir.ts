import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { faultName, StationError } from '../../common/errors.ts';

/** Folder name under the per-OS application-data folder (same as Electron's `app.getPath('userData')`). */
export const APP_DIR_NAME = 'poc-station';
/** The one database file of the station, inside the data dir. */
export const DB_FILE_NAME = 'station.sqlite';
/** The audit chain head kept outside the database (see main/storage/auditSidecar.ts). */
export const AUDIT_HEAD_FILE_NAME = 'audit-head.json';

export interface DataDirSources {
  /** `--data-dir` from the command line, when given. */
  readonly flag?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly cwd: string;
}

/**
 * Where the station keeps its database: `--data-dir`, else `STATION_DATA_DIR`, else the per-OS
 * application-data folder, matching Electron's appData convention so the CLI and the app agree:
 * Windows %APPDATA%, macOS ~/Library/Application Support, Linux $XDG_CONFIG_HOME or ~/.config.
 */
export function resolveDataDir(src: DataDirSources): string {
  if (src.flag !== undefined && src.flag !== '') return resolve(src.cwd, src.flag);
  const fromEnv = src.env['STATION_DATA_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(src.cwd, fromEnv);
  switch (src.platform) {
    case 'win32':
      return join(src.env['APPDATA'] ?? join(src.home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return join(src.home, 'Library', 'Application Support', APP_DIR_NAME);
    default: {
      const xdg = src.env['XDG_CONFIG_HOME'];
      return join(xdg !== undefined && xdg !== '' ? xdg : join(src.home, '.config'), APP_DIR_NAME);
    }
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const resolveHere = (flag: string | undefined, env: Env, cwd: string): string => resolveDataDir({ flag, env, platform: process.platform, home: homedir(), cwd });

/** What is at path: ENOTDIR (a file where a parent folder should be) counts as missing, the file is found further up. */
function kindAt(path: string, dir: string): 'folder' | 'file' | 'other' | 'missing' {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return 'missing';
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
  } catch (e) {
    if (faultName(e) === 'ENOTDIR') return 'missing';
    throw new StationError('data-dir', `cannot open the data dir ${dir} (${faultName(e)})`);
  }
}

/**
 * Creates dir and its missing parents one level at a time. Not mkdirSync(recursive): under /proc,
 * where mkdir says ENOENT although the parent exists, Node's recursive mkdir retries forever at
 * 100 % CPU. A file where a folder should be, or a folder that cannot be made, is a typed error.
 */
export function makeDataDir(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const kind = kindAt(at, dir);
    if (kind === 'folder') break;
    if (kind !== 'missing') throw new StationError('data-dir', at === dir ? `the data dir ${dir} is not a folder` : `cannot create the data dir ${dir}: ${at} is not a folder`);
    // A missing file-system root (a drive letter that does not exist) cannot be made either.
    if (dirname(at) === at) throw new StationError('data-dir', `cannot create the data dir ${dir}: ${at} does not exist`);
    missing.push(at);
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (e) {
      // Another process may have made it meanwhile (two commands started together).
      if (faultName(e) === 'EEXIST' && kindAt(at, dir) === 'folder') continue;
      throw new StationError('data-dir', `cannot create the data dir ${dir} (${faultName(e)})`);
    }
  }
}

/** resolveDataDir for this process (CLI `--data-dir` value optional); creates the folder. For commands that set a station up. */
export function ensureDataDir(flag: string | undefined, env: Env, cwd: string): string {
  const dir = resolveHere(flag, env, cwd);
  makeDataDir(dir);
  return dir;
}

/**
 * resolveDataDir for a command that works on an existing station (list, verify, export, backup):
 * a mistyped folder is refused, never given a new empty database that would pass for the station's.
 */
export function existingDataDir(flag: string | undefined, env: Env, cwd: string): string {
  const dir = resolveHere(flag, env, cwd);
  const kind = kindAt(dir, dir);
  if (kind === 'file' || kind === 'other') throw new StationError('data-dir', `the data dir ${dir} is not a folder`);
  if (kind === 'missing' || kindAt(dbPathIn(dir), dir) !== 'file') throw new StationError('storage-missing', `no station database at ${dir}`);
  return dir;
}

export const dbPathIn = (dataDir: string): string => join(dataDir, DB_FILE_NAME);
export const auditHeadPathIn = (dataDir: string): string => join(dataDir, AUDIT_HEAD_FILE_NAME);
