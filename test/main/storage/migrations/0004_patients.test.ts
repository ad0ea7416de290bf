import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

describe('0004 patients', () => {
  it('stores patients with unique MRNs, a YYYY-MM-DD birth date and a known sex', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 4));
    const ins = db.prepare('INSERT INTO patients (mrn, family_name, given_name, birth_date, sex, created_at_utc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
    ins.run('M1', 'Doe', 'Jo', '1980-02-03', 'female', '2026-01-01T00:00:00.000Z', 'ann');
    expect(() => ins.run('M1', 'Doe', 'Al', '1980-02-03', 'male', '2026-01-01T00:00:00.000Z', 'ann')).toThrow(/UNIQUE/);
    expect(() => ins.run('M2', 'Doe', 'Al', '03/02/1980', 'male', '2026-01-01T00:00:00.000Z', 'ann')).toThrow(/CHECK/);
    expect(() => ins.run('M3', 'Doe', 'Al', '1980-02-03', 'x', '2026-01-01T00:00:00.000Z', 'ann')).toThrow(/CHECK/);
    expect(db.prepare('SELECT simulated FROM patients').pluck().get()).toBe(0);
  });
});
