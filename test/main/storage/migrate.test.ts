import { describe, expect, it } from 'vitest';
import { openMemory, type WritableDb } from '../../../main/storage/db.ts';
import { migrate, schemaVersion, type Migration } from '../../../main/storage/migrate.ts';
import { migrations } from '../../../main/storage/migrations/index.ts';

const step = (version: number, sql: string): Migration => ({ version, name: `t${version}`, up: (db: WritableDb) => db.exec(sql) });

describe('migrate', () => {
  it('applies the real registry once, recording user_version', () => {
    const db = openMemory();
    const applied = migrate(db, migrations);
    expect(applied).toEqual(migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(migrate(db, migrations)).toEqual([]);
  });

  it('refuses an out-of-order or duplicate registry before touching the database', () => {
    const db = openMemory();
    expect(() => migrate(db, [step(2, 'CREATE TABLE a (x)'), step(1, 'CREATE TABLE b (x)')])).toThrow(/out of order/);
    expect(() => migrate(db, [step(1, 'CREATE TABLE a (x)'), step(1, 'CREATE TABLE b (x)')])).toThrow(/out of order/);
    expect(schemaVersion(db)).toBe(0);
  });

  it('allows number blocks (1, 2, 10) but refuses a step inserted below the applied head', () => {
    const db = openMemory();
    migrate(db, [step(1, 'CREATE TABLE a (x)'), step(10, 'CREATE TABLE c (x)')]);
    expect(schemaVersion(db)).toBe(10);
    expect(() => migrate(db, [step(1, 'CREATE TABLE a (x)'), step(2, 'CREATE TABLE b (x)'), step(10, 'CREATE TABLE c (x)')])).toThrow(
      expect.objectContaining({ code: 'migration-gap' }),
    );
  });

  it('refuses a database that has a step this station does not know', () => {
    const db = openMemory();
    migrate(db, [step(1, 'CREATE TABLE a (x)'), step(2, 'CREATE TABLE b (x)')]);
    expect(() => migrate(db, [step(1, 'CREATE TABLE a (x)')])).toThrow(expect.objectContaining({ code: 'storage-too-new' }));
  });

  it('rolls a failing step back entirely, leaving the previous version', () => {
    const db = openMemory();
    const bad: Migration = { version: 2, name: 'bad', up: (d) => { d.exec('CREATE TABLE half (x)'); d.exec('THIS IS NOT SQL'); } };
    expect(() => migrate(db, [step(1, 'CREATE TABLE a (x)'), bad])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
  });
});
