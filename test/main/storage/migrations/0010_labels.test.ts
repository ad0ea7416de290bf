import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const AT = '2026-11-22T16:00:00.000Z';

describe('migration 0010 labels', () => {
  function db() {
    const d = openMemory();
    migrate(d, migrations);
    d.prepare("INSERT INTO label_accessions (accession, issued_at_utc, source) VALUES ('ST00000001S', ?, 'allocated')").run(AT);
    d.prepare("INSERT INTO print_jobs (job_id, printer, accession, kind, zpl, state, created_at_utc, updated_at_utc) VALUES ('j1', 'tcp:h:9100', 'ST00000001S', 'print', '^XA^XZ', 'queued', ?, ?)").run(AT, AT);
    return d;
  }

  it('is registered as step 10 and creates its tables', () => {
    expect(migrations.some((m) => m.version === 10 && m.name === 'labels')).toBe(true);
    expect(db().prepare("SELECT state FROM print_jobs WHERE job_id = 'j1'").pluck().get()).toBe('queued');
  });

  it('keeps accessions forever and counters only going up', () => {
    const d = db();
    expect(() => d.prepare('DELETE FROM label_accessions').run()).toThrow(/never released/);
    d.prepare("INSERT INTO label_accession_counters (prefix, last_sequence) VALUES ('ST', 5)").run();
    expect(() => d.prepare("UPDATE label_accession_counters SET last_sequence = 4 WHERE prefix = 'ST'").run()).toThrow(/only go up/);
  });

  it('allows one original print per accession, freezes printed jobs, needs reason for reprints, and refuses unknown accessions', () => {
    const d = db();
    const insert = d.prepare('INSERT INTO print_jobs (job_id, printer, accession, kind, reprint_of, reprint_reason, zpl, state, created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    expect(() => insert.run('j2', 'p', 'ST00000001S', 'print', null, null, 'z', 'queued', AT, AT)).toThrow(/UNIQUE/);
    expect(() => insert.run('j3', 'p', 'ST00000001S', 'reprint', 'j1', null, 'z', 'queued', AT, AT)).toThrow(/CHECK/);
    expect(() => insert.run('j4', 'p', 'XX00000001A', 'print', null, null, 'z', 'queued', AT, AT)).toThrow(/FOREIGN KEY/);
    insert.run('j5', 'p', 'ST00000001S', 'reprint', 'j1', 'damaged', 'z', 'queued', AT, AT);
    d.prepare("UPDATE print_jobs SET state = 'printed' WHERE job_id = 'j1'").run();
    expect(() => d.prepare("UPDATE print_jobs SET state = 'queued' WHERE job_id = 'j1'").run()).toThrow(/never changes/);
    expect(() => d.prepare("DELETE FROM print_jobs WHERE job_id = 'j5'").run()).toThrow(/kept/);
  });
});
