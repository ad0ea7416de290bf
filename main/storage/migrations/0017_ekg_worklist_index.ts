import type { Migration } from '../migrate.ts';
import { IMMEDIATE_ANALYSIS_CONDITION } from './0015_ekg_immediate_index.ts';

/**
 * The providers' worklist (`ekg.worklist`, EkgReviewService.worklist): every unconfirmed EKG with a
 * patient, most urgent first, then oldest first. Without these indexes the query read each EKG
 * row's analysis_json, which lies behind its raw-samples blob (~160 KB), to rank it, and sorted
 * the lot: at 20,000 EKGs a scan of the whole table, asked by every provider's screen every
 * 30 s. With them it walks one small index in worklist order, and checks each entry against a
 * second one holding only the final reviews:
 *
 * - `ekg_worklist_order`: the urgency rank (an expression over analysis_json, computed once when
 *   the row is written; rows are never updated) and capture time, of EKGs with a patient; the rowid
 *   comes last, so `ORDER BY rank, captured_at_utc, id` is the index order. The query repeats
 *   `WORKLIST_RANK_SQL` and the WHERE verbatim so that SQLite uses it.
 * - `ekg_review_final`: the confirmations and over-reads, by EKG (the NOT EXISTS probe).
 */
export const WORKLIST_RANK_SQL = `(CASE WHEN ${IMMEDIATE_ANALYSIS_CONDITION} THEN 0 WHEN analysis_json LIKE '%"urgency":"prompt"%' THEN 1 ELSE 2 END)`;
export const WORKLIST_CONDITION = 'patient_id IS NOT NULL';
export const FINAL_REVIEW_CONDITION = `kind IN ('confirmed', 'over-read')`;

export const migration: Migration = {
  version: 17,
  name: 'ekg_worklist_index',
  up(db) {
    db.exec(`
      CREATE INDEX ekg_worklist_order ON ekg_records (${WORKLIST_RANK_SQL}, captured_at_utc) WHERE ${WORKLIST_CONDITION};
      CREATE INDEX ekg_review_final ON ekg_review_events (ekg_id) WHERE ${FINAL_REVIEW_CONDITION};
    `);
  },
};
