import type { Migration } from '../migrate.ts';

/**
 * The audit trail (21 CFR 11.10(e), HIPAA 164.312(b)). Append-only: triggers refuse UPDATE and
 * DELETE. Each row's hash chains it to the previous one (main/audit/chain.ts); the writer takes
 * the next seq inside an IMMEDIATE transaction, and seq being the primary key refuses duplicates.
 * Indexes serve the Audit screen's filters, newest first: each is (filter column, at_utc, seq)
 * so a filtered page is one index range scan in order; the operator and verb indexes also carry
 * the columns most often combined with them, so those extra filters are checked in the index
 * without reading table rows.
 */
export const migration: Migration = {
  version: 2,
  name: 'audit_log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
        at_utc TEXT NOT NULL,
        operator_id TEXT,
        operator_role TEXT,
        station_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'read', 'update', 'delete', 'execute')),
        verb TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT,
        patient_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
        reason TEXT,
        details TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE INDEX audit_by_time ON audit_log (at_utc);
      CREATE INDEX audit_by_patient ON audit_log (patient_id, at_utc) WHERE patient_id IS NOT NULL;
      CREATE INDEX audit_by_operator ON audit_log (operator_id, at_utc, seq, verb, action) WHERE operator_id IS NOT NULL;
      CREATE INDEX audit_by_verb ON audit_log (verb, at_utc, seq, action);
      CREATE INDEX audit_by_action ON audit_log (action, at_utc);
    `);
  },
};
