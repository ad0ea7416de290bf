import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadonly, openWritable } from '../../../main/storage/db.ts';
import { tempDataDir } from '../../helpers/tempStore.ts';

describe('db handles', () => {
  const temp = tempDataDir();
  afterAll(() => temp.remove());

  it('opens writable handles with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openWritable(join(temp.dir, 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.exec('CREATE TABLE t (x)');
    db.close();
  });

  it('read-only handles refuse writes, and a missing file is a typed error', () => {
    const ro = openReadonly(join(temp.dir, 'a.sqlite'));
    expect(() => ro.exec('INSERT INTO t VALUES (1)')).toThrow(/readonly/);
    ro.close();
    expect(() => openReadonly(join(temp.dir, 'missing.sqlite'))).toThrow(expect.objectContaining({ code: 'storage-missing' }));
  });
});
