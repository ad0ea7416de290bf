import { describe, expect, it } from 'vitest';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

describe('0012 ekg_records', () => {
  it('keeps captures (raw samples + analysis) unaltered and review events append-only', () => {
    const db = openMemory();
    migrate(db, migrations.filter((m) => m.version <= 12));
    const raw = new Uint8Array(new Float32Array([0.1, -0.2, 0.3, 0.4]).buffer);
    const ins = db.prepare(
      `INSERT INTO ekg_records (patient_id, captured_at_utc, captured_by, device_id, simulated, fs_hz, samples_per_lead, lead_names, filter_settings, raw_samples, analysis_json)
       VALUES (NULL, '2026-11-22T09:00:00.000Z', 'ma1', 'SIM-CART-1', 1, 500, 2, '["I","II"]', '0.05-150 Hz', ?, '{}')`,
    );
    const id = Number(ins.run(raw).lastInsertRowid);
    expect(new Float32Array(Uint8Array.from(db.prepare('SELECT raw_samples FROM ekg_records WHERE id = ?').pluck().get(id) as Uint8Array).buffer)[2]).toBeCloseTo(0.3, 6);
    expect(() => db.prepare("UPDATE ekg_records SET analysis_json = '{\"x\":1}'").run()).toThrow(/never altered/);
    expect(() => db.prepare('DELETE FROM ekg_records').run()).toThrow(/kept/);
    expect(() => db.prepare("INSERT INTO ekg_records (patient_id, captured_at_utc, captured_by, device_id, simulated, fs_hz, samples_per_lead, lead_names, filter_settings, raw_samples, analysis_json) VALUES (999, 'x', 'ma1', 'd', 0, 500, 1, '[]', '', x'00', '{}')").run()).toThrow(/FOREIGN KEY/);
    const ev = db.prepare("INSERT INTO ekg_review_events (ekg_id, kind, at_utc, actor_id, actor_role) VALUES (?, ?, '2026-11-22T09:01:00.000Z', 'dr1', 'provider')");
    ev.run(id, 'confirmed');
    expect(() => ev.run(id, 'approved')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE ekg_review_events SET kind = 'over-read'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ekg_review_events').run()).toThrow(/append-only/);
  });
});
