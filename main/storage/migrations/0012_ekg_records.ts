import type { Migration } from '../migrate.ts';

/**
 * EKG captures and their review trail (issue 5). Shared block 12 with the cart engineer: this
 * migration creates `ekg_records`, which ALSO holds the raw capture (`raw_samples`: each lead's
 * Float32 mV samples, little-endian, leads concatenated in `lead_names` order) so the cart's
 * capture path inserts here rather than adding its own table. The analysis and the raw samples
 * are never altered (triggers); reviews are append-only events.
 */
export const migration: Migration = {
  version: 12,
  name: 'ekg_records',
  up(db) {
    db.exec(`
      CREATE TABLE ekg_records (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER REFERENCES patients (id),
        captured_at_utc TEXT NOT NULL,
        captured_by TEXT NOT NULL,
        device_id TEXT NOT NULL,
        simulated INTEGER NOT NULL CHECK (simulated IN (0, 1)),
        fs_hz REAL NOT NULL CHECK (fs_hz > 0),
        samples_per_lead INTEGER NOT NULL CHECK (samples_per_lead > 0),
        lead_names TEXT NOT NULL,
        filter_settings TEXT NOT NULL,
        raw_samples BLOB NOT NULL,
        analysis_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ekg_by_patient ON ekg_records (patient_id, captured_at_utc);
      CREATE TRIGGER ekg_records_immutable BEFORE UPDATE ON ekg_records
        BEGIN SELECT RAISE(ABORT, 'ekg_records: the capture and its analysis are never altered'); END;
      CREATE TRIGGER ekg_records_no_delete BEFORE DELETE ON ekg_records
        BEGIN SELECT RAISE(ABORT, 'ekg_records: captures are kept'); END;
      CREATE TABLE ekg_review_events (
        id INTEGER PRIMARY KEY,
        ekg_id INTEGER NOT NULL REFERENCES ekg_records (id),
        kind TEXT NOT NULL CHECK (kind IN ('provider-notified', 'immediate-acknowledged', 'confirmed', 'over-read')),
        at_utc TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        notified_whom TEXT,
        notified_how TEXT,
        notified_at_utc TEXT,
        comment TEXT
      ) STRICT;
      CREATE INDEX ekg_review_by_record ON ekg_review_events (ekg_id, id);
      CREATE TRIGGER ekg_review_no_update BEFORE UPDATE ON ekg_review_events
        BEGIN SELECT RAISE(ABORT, 'ekg_review_events is append-only'); END;
      CREATE TRIGGER ekg_review_no_delete BEFORE DELETE ON ekg_review_events
        BEGIN SELECT RAISE(ABORT, 'ekg_review_events is append-only'); END;
    `);
  },
};
