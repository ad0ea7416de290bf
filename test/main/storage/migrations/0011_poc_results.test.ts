import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

describe('0011 poc_results', () => {
  const fresh = () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 11));
    return db;
  };

  it('pending readings: duplicates refused, value kept as sent, state leaves pending once, never deleted', () => {
    const db = fresh();
    const ins = db.prepare(`INSERT INTO poc_pending (device_serial, record_time, test_code, value_text, unit_text, observed_at, protocol, control, flags, simulated, received_at_utc)
      VALUES ('SIM-1', '202611220800', 'Glucose', ?, 'mg/dL', '2026-11-22T08:00:00', 'astm', 0, '', 1, '2026-11-22T09:00:00.000Z')`);
    const id = Number(ins.run('093').lastInsertRowid);
    expect(() => ins.run('093')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE poc_pending SET value_text = '93' WHERE id = ?").run(id)).toThrow(/kept as sent/);
    db.prepare("UPDATE poc_pending SET state = 'matched', result_record_id = 'r1' WHERE id = ?").run(id);
    expect(() => db.prepare("UPDATE poc_pending SET state = 'discarded' WHERE id = ?").run(id)).toThrow(/kept as sent/);
    expect(() => db.prepare('DELETE FROM poc_pending').run()).toThrow(/never deleted/);
    expect(db.prepare('SELECT value_text FROM poc_pending').pluck().get()).toBe('093');
  });

  it('the QC log and acknowledgements are append-only; an ack requires the read-back', () => {
    const db = fresh();
    db.prepare(`INSERT INTO poc_qc_runs (test_id, lot_number, level, value_text, passed, performed_at_ms, operator_id, recorded_at_utc) VALUES ('glucose-capillary', 'L1', 'low', '80', 1, 0, 'ma', 'x')`).run();
    expect(() => db.prepare('UPDATE poc_qc_runs SET passed = 0').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM poc_qc_runs').run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO poc_results (record_id, version, created_at_utc, created_by, test_id, loinc, value_text, unit_text, observed_at, flag, critical, reference_range, operator_name, device_id, lot_number, lot_expires, source)
      VALUES ('r1', 1, 'x', 'ma', 'glucose-capillary', '41653-7', '45', 'mg/dL', 't', 'LL', 1, '70-99', 'MA', 'SIM-1', 'L1', '2027-01', 'device')`).run();
    const ack = db.prepare(`INSERT INTO poc_critical_acks (result_id, notified_name, notified_role, method, read_back, acknowledged_at_utc, acknowledged_by) VALUES (1, 'Dr A', 'provider', 'phone', ?, 'x', 'ma')`);
    expect(() => ack.run(0)).toThrow(/CHECK/);
    ack.run(1);
    expect(() => db.prepare('DELETE FROM poc_critical_acks').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE poc_results SET value_text = '50'").run()).toThrow(/versioned/);
  });
});
