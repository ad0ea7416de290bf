import { StorageError } from '../db.ts';
import type { Migration } from '../migrate.ts';

/**
 * MRNs are one identifier whatever their letter case: a wristband scanner or a person typing
 * `mrn100` must find MRN100's chart, never start a second one (wrong-patient risk). 0004 made
 * `mrn` unique as written; this adds uniqueness without regard to case (ASCII, which is all an
 * MRN may hold). Numbered after the last step already applied in the field, as the runner needs.
 *
 * Existing case-duplicates are two charts that may be two people: merging them is a clinical
 * decision, so the step refuses (nothing applied, the station does not open) and names the local
 * patient ids to correct, never the MRNs or names (messages carry no patient data).
 */
export const migration: Migration = {
  version: 13,
  name: 'patients_mrn_nocase',
  up(db) {
    const groups = db
      .prepare('SELECT group_concat(id, \', \') FROM (SELECT id, mrn FROM patients ORDER BY id) GROUP BY mrn COLLATE NOCASE HAVING count(*) > 1')
      .pluck()
      .all() as string[];
    if (groups.length > 0) {
      throw new StorageError(
        'mrn-case-duplicates',
        `patients whose MRNs differ only in letter case must be corrected before this station can upgrade (local patient ids: ${groups.map((g) => `[${g}]`).join(' ')})`,
      );
    }
    db.exec('CREATE UNIQUE INDEX patients_by_mrn_nocase ON patients (mrn COLLATE NOCASE)');
  },
};
