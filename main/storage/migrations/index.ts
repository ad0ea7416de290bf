import type { Migration } from '../migrate.ts';
import { migration as m0001 } from './0001_settings.ts';
import { migration as m0002 } from './0002_audit_log.ts';
import { migration as m0003 } from './0003_operators.ts';
import { migration as m0004 } from './0004_patients.ts';
import { migration as m0010 } from './0010_labels.ts';
import { migration as m0011 } from './0011_poc_results.ts';
import { migration as m0012 } from './0012_ekg_records.ts';
import { migration as m0013 } from './0013_patients_mrn_nocase.ts';
import { migration as m0014 } from './0014_poc_export_outbox.ts';
import { migration as m0015 } from './0015_ekg_immediate_index.ts';
import { migration as m0016 } from './0016_print_job_owner.ts';
import { migration as m0017 } from './0017_ekg_worklist_index.ts';
import { migration as m0018 } from './0018_poc_critical_ack_index.ts';
import { migration as m0019 } from './0019_patient_name_keys.ts';

/**
 * Every schema migration, in ascending order. To add one: create NNNN_name.ts exporting
 * `migration: Migration` with `version: NNNN`, import it above and append it at the end. Number
 * blocks: records 1-9, labels/print queue 10, POC results 11, EKG captures/reviews 12. The runner
 * (main/storage/migrate.ts) refuses out-of-order entries and a step numbered below one a
 * database has already applied, so a step added once databases are past its block takes the
 * next free number instead (0013: patients, MRNs unique whatever their case; 0014: POC exports queued after commit; 0015: EKGs with an immediate finding, by operator; 0016: print jobs, the UI session and operator that asked; 0017: the providers' EKG worklist, unconfirmed EKGs by urgency and age; 0018: POC critical acknowledgements, by result version; 0019: patients' folded name keys, for search).
 */
export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
];
