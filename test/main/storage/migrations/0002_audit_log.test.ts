import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const row = [1, '2026-01-01T00:00:00.000Z', 'op', 'ma', 'st', 'read', 'view', 'patient', '1', '1', 'success', null, '{}', 'h'];
const insert = 'INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

describe('0002 audit_log', () => {
  it('stores rows, refuses UPDATE and DELETE, and checks action and outcome', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 2));
    db.prepare(insert).run(...row);
    expect(() => db.exec("UPDATE audit_log SET verb = 'x'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(() => db.prepare(insert).run(2, ...row.slice(1, 5), 'peek', ...row.slice(6))).toThrow(/CHECK/);
    expect(() => db.prepare(insert).run(2, ...row.slice(1, 10), 'maybe', ...row.slice(11))).toThrow(/CHECK/);
    expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(1);
  });

  it('has the indexes the Audit screen filters use', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 2));
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['audit_by_time', 'audit_by_patient', 'audit_by_operator', 'audit_by_verb', 'audit_by_action']));
  });
});
