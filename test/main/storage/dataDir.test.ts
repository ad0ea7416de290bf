import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbPathIn, existingDataDir, makeDataDir, resolveDataDir } from '../../../main/storage/dataDir.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

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

describe('makeDataDir and existingDataDir', () => {
  const temp = tempDataDir('data-dir-');
  afterAll(() => temp.remove());

  it('makeDataDir creates missing parents and accepts an existing folder', () => {
    const d = join(temp.dir, 'a', 'b', 'c');
    makeDataDir(d);
    makeDataDir(d);
    expect(statSync(d).isDirectory()).toBe(true);
  });

  it('a file in the way is a typed data-dir error naming it', () => {
    const file = join(temp.dir, 'file');
    writeFileSync(file, '');
    expect(() => makeDataDir(file)).toThrow(expect.objectContaining({ code: 'data-dir', message: `the data dir ${file} is not a folder` }));
    expect(() => makeDataDir(join(file, 'x', 'y'))).toThrow(expect.objectContaining({ code: 'data-dir', message: `cannot create the data dir ${join(file, 'x', 'y')}: ${file} is not a folder` }));
  });

  // Node's mkdirSync(recursive) loops forever there: mkdir says ENOENT although /proc exists.
  it.runIf(process.platform === 'linux')('a folder that cannot be made (under /proc) is a typed error, at once', () => {
    expect(() => makeDataDir('/proc/nonexistent/station')).toThrow(expect.objectContaining({ code: 'data-dir' }));
  });

  it('existingDataDir refuses a folder without a database and creates nothing', () => {
    const d = join(temp.dir, 'nothing', 'here');
    expect(() => existingDataDir(d, {}, temp.dir)).toThrow(expect.objectContaining({ code: 'storage-missing', message: `no station database at ${d}` }));
    expect(existsSync(join(temp.dir, 'nothing'))).toBe(false);
    makeDataDir(d);
    writeFileSync(dbPathIn(d), '');
    expect(existingDataDir(d, {}, temp.dir)).toBe(d);
  });
});
