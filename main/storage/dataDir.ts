import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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

/** resolveDataDir for this process (CLI `--data-dir` value optional); creates the folder. */
export function ensureDataDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const dir = resolveDataDir({ flag, env, platform: process.platform, home: homedir(), cwd });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const dbPathIn = (dataDir: string): string => join(dataDir, DB_FILE_NAME);
export const auditHeadPathIn = (dataDir: string): string => join(dataDir, AUDIT_HEAD_FILE_NAME);
