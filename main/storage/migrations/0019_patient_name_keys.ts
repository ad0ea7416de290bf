import { nameSearchKeys } from '../../../common/patients/duplicates.ts';
import type { WritableDb } from '../db.ts';
import type { Migration } from '../migrate.ts';

/**
 * Writes the search keys of one patient's names (nameSearchKeys: the duplicate check's folding, of
 * the whole name and of each part). The one writer of patient_name_keys: this step, for the patients
 * already registered, and Patients.create, for each new one, in its transaction.
 */
export function insertPatientNameKeys(db: WritableDb, patientId: number, familyName: string, givenName: string): void {
  const insert = db.prepare('INSERT OR IGNORE INTO patient_name_keys (field, key, patient_id) VALUES (?, ?, ?)');
  for (const key of nameSearchKeys(familyName)) insert.run('family', key, patientId);
  for (const key of nameSearchKeys(givenName)) insert.run('given', key, patientId);
}

/**
 * Patient search folds names as the duplicate check does (case, accents, punctuation and spaces
 * aside; each part of a name too): "zoe" finds Zoë, "obrien" and "smith" find O'BRIEN-SMITH,
 * "παπαδοπουλος" finds ΠΑΠΑΔΌΠΟΥΛΟΣ. The folded keys are stored, indexed by (field, key), so a
 * typed prefix is a range scan, not a fold of every patient per search. Filled here for the patients
 * already registered. A later change of the folding (nameMatchKey) needs a step that rebuilds them.
 */
export const migration: Migration = {
  version: 19,
  name: 'patient_name_keys',
  up(db) {
    db.exec(`
      CREATE TABLE patient_name_keys (
        field TEXT NOT NULL CHECK (field IN ('family', 'given')),
        key TEXT NOT NULL CHECK (key <> ''),
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        PRIMARY KEY (field, key, patient_id)
      ) STRICT, WITHOUT ROWID;
    `);
    const patients = db.prepare('SELECT id, family_name AS familyName, given_name AS givenName FROM patients').all() as Array<{ id: number; familyName: string; givenName: string }>;
    for (const p of patients) insertPatientNameKeys(db, p.id, p.familyName, p.givenName);
  },
};
