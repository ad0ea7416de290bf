import type { Migration } from '../migrate.ts';

/**
 * POC exports reach the outbox only after they commit (issue 8 review).
 * - poc_exports.message: the ORU^R01 exactly as built for the export, so a restart can write the
 *   outbox file again if the station stopped after the commit and before the file was durable.
 * - poc_export_outbox: one row per export once its fate is known, append-only:
 *   `queued` (the outbox holds the file), `no-link` (no EMR link configured: never sent),
 *   `withdrawn` (not queued yet when the result was corrected: a superseded value is never sent).
 *   An export without a row here is committed but not queued yet; PocService.recoverExports()
 *   settles it at start-up, before every export and at every outbox flush.
 * Exports made before this step wrote their outbox file inside their own transaction: they count
 * as queued.
 */
export const migration: Migration = {
  version: 14,
  name: 'poc_export_outbox',
  up(db) {
    db.exec(`
      ALTER TABLE poc_exports ADD COLUMN message TEXT;
      CREATE TABLE poc_export_outbox (
        export_id INTEGER PRIMARY KEY REFERENCES poc_exports (id),
        state TEXT NOT NULL CHECK (state IN ('queued', 'no-link', 'withdrawn')),
        at_utc TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER poc_export_outbox_no_update BEFORE UPDATE ON poc_export_outbox BEGIN SELECT RAISE(ABORT, 'export outbox states are append-only'); END;
      CREATE TRIGGER poc_export_outbox_no_delete BEFORE DELETE ON poc_export_outbox BEGIN SELECT RAISE(ABORT, 'export outbox states are append-only'); END;
      INSERT INTO poc_export_outbox (export_id, state, at_utc) SELECT id, 'queued', created_at_utc FROM poc_exports;
    `);
  },
};
