import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate, schemaVersion } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);
const insertPatient = (db: ReturnType<typeof openMemory>, mrn: string): void => {
  db.prepare("INSERT INTO patients (mrn, family_name, given_name, birth_date, sex, created_at_utc, created_by) VALUES (?, 'Doe', 'Jo', '1980-02-03', 'female', '2026-01-01T00:00:00.000Z', 'ann')").run(mrn);
};

describe('0013 patients_mrn_nocase', () => {
  it('refuses an MRN that differs from an existing one only in letter case, keeping existing patients', () => {
    const db = openMemory();
    migrate(db, upTo(12));
    insertPatient(db, 'MRN100');
    insertPatient(db, 'MRN200');
    migrate(db, upTo(13));
    expect(db.prepare('SELECT mrn FROM patients ORDER BY id').pluck().all()).toEqual(['MRN100', 'MRN200']);
    expect(() => insertPatient(db, 'mrn100')).toThrow(/UNIQUE/);
    expect(() => insertPatient(db, 'Mrn200')).toThrow(/UNIQUE/);
    insertPatient(db, 'MRN101');
    expect(db.prepare('SELECT id FROM patients WHERE mrn = ? COLLATE NOCASE').pluck().get('mrn101')).toBe(3);
  });

  it('refuses to upgrade a database holding case-duplicate MRNs, naming local ids only, and applies nothing', () => {
    const db = openMemory();
    migrate(db, upTo(12));
    insertPatient(db, 'MRN100');
    insertPatient(db, 'MRN5');
    insertPatient(db, 'mrn100');
    insertPatient(db, 'Mrn100');
    let error: unknown;
    try {
      migrate(db, upTo(13));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'StorageError', code: 'mrn-case-duplicates' });
    expect((error as Error).message).toContain('[1, 3, 4]');
    expect((error as Error).message).not.toMatch(/mrn100/i);
    expect(schemaVersion(db)).toBe(12);
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(4);
  });
});
