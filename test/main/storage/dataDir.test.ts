import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../main/storage/dataDir.ts';

const base = { env: {}, platform: 'linux' as NodeJS.Platform, home: '/home/ann', cwd: '/work' };

describe('resolveDataDir', () => {
  it('prefers --data-dir, resolved against cwd', () => {
    expect(resolveDataDir({ ...base, flag: 'd1', env: { STATION_DATA_DIR: '/env' } })).toBe('/work/d1');
  });
  it('then STATION_DATA_DIR', () => {
    expect(resolveDataDir({ ...base, env: { STATION_DATA_DIR: '/srv/station' } })).toBe('/srv/station');
  });
  it('then the per-OS application-data folder', () => {
    expect(resolveDataDir(base)).toBe('/home/ann/.config/poc-station');
    expect(resolveDataDir({ ...base, env: { XDG_CONFIG_HOME: '/x' } })).toBe('/x/poc-station');
    expect(resolveDataDir({ ...base, platform: 'darwin' })).toBe('/home/ann/Library/Application Support/poc-station');
    expect(resolveDataDir({ ...base, platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' } })).toMatch(/Roaming.poc-station$/);
  });
});
