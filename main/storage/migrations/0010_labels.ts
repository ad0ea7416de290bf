import type { Migration } from '../migrate.ts';

/**
 * Specimen labels: the accession allocator and the persistent print queue.
 * - label_accession_counters: the last sequence issued per station prefix; only ever goes up.
 * - label_accessions: every accession number ever issued or printed; a PRIMARY KEY, so a number
 *   can never be issued twice, and rows are never deleted (trigger).
 * - print_jobs: one row per label to print, keyed by the caller's idempotent job id. States:
 *   queued -> sending -> printed, or sending -> uncertain (the station stopped while the bytes
 *   were going out: an operator decides, the queue never resends by itself), or cancelled.
 *   A printed/cancelled job never changes again (trigger), and each accession has at most one
 *   original 'print' job (partial unique index): anything more is a reprint with a reason.
 */
export const migration: Migration = {
  version: 10,
  name: 'labels',
  up(db) {
    db.exec(`
      CREATE TABLE label_accession_counters (
        prefix TEXT PRIMARY KEY NOT NULL,
        last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0)
      ) STRICT;
      CREATE TRIGGER label_accession_counters_up BEFORE UPDATE ON label_accession_counters
        WHEN NEW.last_sequence <= OLD.last_sequence
        BEGIN SELECT RAISE(ABORT, 'accession counters only go up'); END;
      CREATE TABLE label_accessions (
        accession TEXT PRIMARY KEY NOT NULL,
        issued_at_utc TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('allocated', 'supplied'))
      ) STRICT;
      CREATE TRIGGER label_accessions_no_delete BEFORE DELETE ON label_accessions
        BEGIN SELECT RAISE(ABORT, 'accession numbers are never released'); END;
      CREATE TABLE print_jobs (
        job_id TEXT PRIMARY KEY NOT NULL,
        printer TEXT NOT NULL,
        accession TEXT NOT NULL REFERENCES label_accessions (accession),
        patient_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('print', 'reprint')),
        reprint_of TEXT REFERENCES print_jobs (job_id),
        reprint_reason TEXT,
        zpl TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'printed', 'uncertain', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_fault TEXT,
        created_at_utc TEXT NOT NULL,
        updated_at_utc TEXT NOT NULL,
        CHECK ((kind = 'reprint') = (reprint_of IS NOT NULL AND reprint_reason IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX print_jobs_one_original ON print_jobs (accession) WHERE kind = 'print';
      CREATE INDEX print_jobs_pending ON print_jobs (printer, created_at_utc) WHERE state IN ('queued', 'sending');
      CREATE TRIGGER print_jobs_final BEFORE UPDATE ON print_jobs
        WHEN OLD.state IN ('printed', 'cancelled')
        BEGIN SELECT RAISE(ABORT, 'a printed or cancelled job never changes'); END;
      CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
        BEGIN SELECT RAISE(ABORT, 'print jobs are kept'); END;
    `);
  },
};
