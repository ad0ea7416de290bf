import type { Migration } from '../migrate.ts';
import { versionedTableSql } from '../versioned.ts';

/**
 * Point-of-care results.
 * - poc_lots: reagent/strip lots per test with their printed expiry.
 * - poc_qc_runs: the QC log, append-only (trigger): one control result per row, pass/fail judged
 *   when recorded.
 * - poc_pending: readings downloaded from meters, waiting for the assistant to match them to a
 *   patient. A reading is a duplicate when the same device serial sent the same record time for the
 *   same test (UNIQUE); value and unit are stored exactly as sent. Rows are never deleted; the state
 *   only moves pending -> matched | discarded | qc (trigger).
 * - poc_results: versioned (a correction is a new version, never an overwrite).
 * - poc_critical_acks: who was notified of a critical result and whether the read-back was done;
 *   append-only. Unacknowledged = a current critical version with no ack row.
 * - poc_exports: each HL7 message built for a result version (control id), append-only.
 */
export const migration: Migration = {
  version: 11,
  name: 'poc_results',
  up(db) {
    db.exec(`
      CREATE TABLE poc_lots (
        id INTEGER PRIMARY KEY,
        test_id TEXT NOT NULL,
        lot_number TEXT NOT NULL,
        expires TEXT NOT NULL,
        created_at_utc TEXT NOT NULL,
        created_by TEXT NOT NULL,
        simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
        UNIQUE (test_id, lot_number)
      ) STRICT;

      CREATE TABLE poc_qc_runs (
        id INTEGER PRIMARY KEY,
        test_id TEXT NOT NULL,
        lot_number TEXT NOT NULL,
        level TEXT NOT NULL,
        value_text TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        performed_at_ms INTEGER NOT NULL,
        device_id TEXT,
        operator_id TEXT NOT NULL,
        recorded_at_utc TEXT NOT NULL,
        simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1))
      ) STRICT;
      CREATE INDEX poc_qc_runs_by_test ON poc_qc_runs (test_id, lot_number, level, performed_at_ms);
      CREATE TRIGGER poc_qc_runs_no_update BEFORE UPDATE ON poc_qc_runs BEGIN SELECT RAISE(ABORT, 'the QC log is append-only'); END;
      CREATE TRIGGER poc_qc_runs_no_delete BEFORE DELETE ON poc_qc_runs BEGIN SELECT RAISE(ABORT, 'the QC log is append-only'); END;

      CREATE TABLE poc_pending (
        id INTEGER PRIMARY KEY,
        device_serial TEXT NOT NULL,
        record_time TEXT NOT NULL,
        test_code TEXT NOT NULL,
        value_text TEXT NOT NULL,
        unit_text TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        protocol TEXT NOT NULL,
        control INTEGER NOT NULL CHECK (control IN (0, 1)),
        flags TEXT NOT NULL,
        simulated INTEGER NOT NULL CHECK (simulated IN (0, 1)),
        received_at_utc TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'matched', 'discarded', 'qc')),
        result_record_id TEXT,
        UNIQUE (device_serial, record_time, test_code)
      ) STRICT;
      CREATE TRIGGER poc_pending_frozen BEFORE UPDATE ON poc_pending
        WHEN OLD.state <> 'pending' OR NEW.device_serial <> OLD.device_serial OR NEW.record_time <> OLD.record_time
          OR NEW.test_code <> OLD.test_code OR NEW.value_text <> OLD.value_text OR NEW.unit_text <> OLD.unit_text
          OR NEW.observed_at <> OLD.observed_at
        BEGIN SELECT RAISE(ABORT, 'a downloaded reading is kept as sent; only its state leaves pending once'); END;
      CREATE TRIGGER poc_pending_no_delete BEFORE DELETE ON poc_pending BEGIN SELECT RAISE(ABORT, 'downloaded readings are never deleted'); END;

      ${versionedTableSql(
        'poc_results',
        `test_id TEXT NOT NULL,
        loinc TEXT NOT NULL,
        value_text TEXT NOT NULL,
        unit_text TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        flag TEXT CHECK (flag IS NULL OR flag IN ('L', 'H', 'LL', 'HH', 'A')),
        critical INTEGER NOT NULL CHECK (critical IN (0, 1)),
        reference_range TEXT NOT NULL,
        operator_name TEXT NOT NULL,
        device_id TEXT NOT NULL,
        lot_number TEXT NOT NULL,
        lot_expires TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('manual', 'device')),
        pending_id INTEGER REFERENCES poc_pending (id)`,
      )}

      CREATE TABLE poc_critical_acks (
        id INTEGER PRIMARY KEY,
        result_id INTEGER NOT NULL REFERENCES poc_results (id),
        notified_name TEXT NOT NULL,
        notified_role TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('phone', 'in-person', 'secure-message')),
        read_back INTEGER NOT NULL CHECK (read_back = 1),
        acknowledged_at_utc TEXT NOT NULL,
        acknowledged_by TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER poc_critical_acks_no_update BEFORE UPDATE ON poc_critical_acks BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;
      CREATE TRIGGER poc_critical_acks_no_delete BEFORE DELETE ON poc_critical_acks BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;

      CREATE TABLE poc_exports (
        id INTEGER PRIMARY KEY,
        result_id INTEGER NOT NULL REFERENCES poc_results (id),
        control_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('F', 'C')),
        created_at_utc TEXT NOT NULL
      ) STRICT;
    `);
  },
};
