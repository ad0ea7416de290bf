import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);

describe('0014 poc_export_outbox', () => {
  it('keeps older exports as queued, stores the message of new ones, and the outbox states are append-only', () => {
    const db = openMemory();
    migrate(db, upTo(13));
    // Only the export tables matter here: the result rows they point at are not needed.
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO poc_exports (result_id, control_id, status, created_at_utc) VALUES (1, 'POC00000001', 'F', '2026-01-01T00:00:00.000Z')").run();
    migrate(db, upTo(14));
    expect(db.prepare('SELECT export_id, state FROM poc_export_outbox').all()).toEqual([{ export_id: 1, state: 'queued' }]);
    db.prepare("INSERT INTO poc_exports (result_id, control_id, status, created_at_utc, message) VALUES (1, 'POC00000002', 'F', '2026-01-02T00:00:00.000Z', 'MSH|...')").run();
    expect(db.prepare('SELECT message FROM poc_exports WHERE id = 2').pluck().get()).toBe('MSH|...');
    expect(() => db.prepare("INSERT INTO poc_export_outbox (export_id, state, at_utc) VALUES (2, 'sent', 'x')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO poc_export_outbox (export_id, state, at_utc) VALUES (2, 'withdrawn', 'x')").run();
    expect(() => db.prepare("UPDATE poc_export_outbox SET state = 'queued' WHERE export_id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM poc_export_outbox').run()).toThrow(/append-only/);
  });
});
