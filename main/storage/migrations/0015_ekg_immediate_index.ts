import type { Migration } from '../migrate.ts';

/**
 * The operator's EKGs with an immediate finding, found through an index (EkgReviewService
 * .awaitingAcknowledgementBy, asked by every window every few seconds). Without it the query
 * scanned every EKG row and, to read analysis_json, each row's raw-samples blob (~160 KB): about
 * 1 s at 20,000 EKGs, blocking main (measured by a review). A partial index holds only the rows
 * whose analysis has an immediate flag; the query repeats the index's WHERE so SQLite uses it.
 */
export const IMMEDIATE_ANALYSIS_CONDITION = `analysis_json LIKE '%"urgency":"immediate"%'`;

export const migration: Migration = {
  version: 15,
  name: 'ekg_immediate_index',
  up(db) {
    db.exec(`CREATE INDEX ekg_immediate_by_operator ON ekg_records (captured_by, id) WHERE ${IMMEDIATE_ANALYSIS_CONDITION};`);
  },
};
