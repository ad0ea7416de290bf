import type { Migration } from '../migrate.ts';

/**
 * Whose print job it is: a label asked for in the UI records the IPC session (window or socket)
 * and the operator signed in there. A specimen label is printed and applied in the patient's
 * presence, so a UI job only prints while that operator is still signed in on that session: the
 * station refuses to let them leave the patient while it waits, and withdraws it (cancelled,
 * audited) when the session ends another way or at the next start. Jobs from the CLI
 * (`station label print`, no sign-in) keep both columns NULL and stay resumable with --job-id.
 */
export const migration: Migration = {
  version: 16,
  name: 'print_job_owner',
  up(db) {
    db.exec(`
      ALTER TABLE print_jobs ADD COLUMN session_id TEXT;
      ALTER TABLE print_jobs ADD COLUMN operator_id TEXT;
      CREATE INDEX print_jobs_queued_by_session ON print_jobs (session_id) WHERE state = 'queued' AND session_id IS NOT NULL;
    `);
  },
};
