import type { Migration } from '../migrate.ts';

/**
 * The acknowledgements of critical POC results, by result version: every window asks
 * PocService.unacknowledgedCriticals every 15 s, whose NOT EXISTS probe and correctedFrom look up
 * poc_critical_acks by result_id, and acknowledgeCritical checks it before writing. Without an index
 * each probe scanned the whole (append-only, ever-growing) table.
 */
export const migration: Migration = {
  version: 18,
  name: 'poc_critical_ack_index',
  up(db) {
    db.exec('CREATE INDEX poc_critical_acks_by_result ON poc_critical_acks (result_id);');
  },
};
