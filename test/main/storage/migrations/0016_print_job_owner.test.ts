import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);

describe('0016 print_job_owner', () => {
  it('keeps existing jobs as they were, with no owner (what a CLI job looks like), and lets a UI job name its session and operator', () => {
    const db = openMemory();
    migrate(db, upTo(15));
    db.prepare("INSERT INTO label_accessions (accession, issued_at_utc, source) VALUES ('ST000000017', 't', 'allocated'), ('ST000000025', 't', 'allocated')").run();
    db.prepare("INSERT INTO print_jobs (job_id, printer, accession, patient_id, kind, zpl, state, created_at_utc, updated_at_utc) VALUES ('old-1', 'tcp:h:9100', 'ST000000017', '7', 'print', 'z', 'queued', 't', 't')").run();
    migrate(db, upTo(16));
    expect(db.prepare("SELECT state, session_id, operator_id FROM print_jobs WHERE job_id = 'old-1'").get()).toEqual({ state: 'queued', session_id: null, operator_id: null });
    db.prepare("INSERT INTO print_jobs (job_id, printer, accession, patient_id, kind, zpl, state, session_id, operator_id, created_at_utc, updated_at_utc) VALUES ('ui-1', 'tcp:h:9100', 'ST000000025', '7', 'print', 'z', 'queued', 'window-1', 'mary', 't', 't')").run();
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT * FROM print_jobs WHERE state = 'queued' AND session_id = ?").all('window-1') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/INDEX print_jobs_queued_by_session/);
  });
});
