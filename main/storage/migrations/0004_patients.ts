import type { Migration } from '../migrate.ts';

/**
 * Local patient context: just enough to label, record and export correctly (the EMR stays the
 * source of truth). `simulated` marks demo patients; their MRNs also start with SIM-.
 */
export const migration: Migration = {
  version: 4,
  name: 'patients',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        mrn TEXT NOT NULL UNIQUE,
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
        created_at_utc TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX patients_by_family ON patients (family_name COLLATE NOCASE, given_name COLLATE NOCASE);
      CREATE INDEX patients_by_given ON patients (given_name COLLATE NOCASE);
    `);
  },
};
