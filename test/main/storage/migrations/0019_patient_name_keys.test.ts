import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);

describe('0019 patient_name_keys', () => {
  it('stores the folded keys of the patients already registered, whole names and each part', () => {
    const db = openMemory();
    migrate(db, upTo(18));
    const insert = db.prepare("INSERT INTO patients (mrn, family_name, given_name, birth_date, sex, created_at_utc, created_by) VALUES (?, ?, ?, '1980-02-03', 'female', '2026-01-01T00:00:00.000Z', 'ann')");
    insert.run('M1', "O'BRIEN-SMITH", 'Zoë');
    insert.run('M2', 'ΠΑΠΑΔΌΠΟΥΛΟΣ', 'Mary Ann');
    migrate(db, upTo(19));
    const keys = (id: number, field: string) => db.prepare('SELECT key FROM patient_name_keys WHERE patient_id = ? AND field = ? ORDER BY key').pluck().all(id, field);
    expect(keys(1, 'family')).toEqual(['brien', 'o', 'obriensmith', 'smith']);
    expect(keys(1, 'given')).toEqual(['zoe']);
    expect(keys(2, 'family')).toEqual(['παπαδοπουλοσ']);
    expect(keys(2, 'given')).toEqual(['ann', 'mary', 'maryann']);
    // A key belongs to a registered patient, and is never empty.
    expect(() => db.prepare("INSERT INTO patient_name_keys (field, key, patient_id) VALUES ('family', 'x', 99)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO patient_name_keys (field, key, patient_id) VALUES ('family', '', 1)").run()).toThrow(/CHECK/);
  });
});
