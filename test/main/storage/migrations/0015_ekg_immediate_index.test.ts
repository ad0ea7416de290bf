import { describe, expect, it } from 'vitest';
import { AWAITING_BY_OPERATOR_SQL } from '../../../../main/services/ekgReview.ts';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);

describe('0015 ekg_immediate_index', () => {
  it("holds only the EKGs with an immediate flag, and the pending-findings query goes through it instead of every row's samples", () => {
    const db = openMemory();
    migrate(db, upTo(14));
    db.pragma('foreign_keys = OFF');
    const insert = db.prepare(
      `INSERT INTO ekg_records (patient_id, captured_at_utc, captured_by, device_id, simulated, fs_hz, samples_per_lead, lead_names, filter_settings, raw_samples, analysis_json)
       VALUES (1, '2026-11-23T09:00:00.000Z', ?, 'CART', 0, 500, 1, '["I"]', '0.05-150 Hz', x'00000000', ?)`,
    );
    insert.run('mary', JSON.stringify({ flags: [{ code: 'ST_ELEVATION', urgency: 'immediate' }] }));
    insert.run('mary', JSON.stringify({ flags: [{ code: 'BRADYCARDIA', urgency: 'routine' }] }));
    insert.run('paula', JSON.stringify({ flags: [{ code: 'MARKED_TACHYCARDIA', urgency: 'immediate' }] }));
    migrate(db, upTo(15));
    expect(db.prepare(AWAITING_BY_OPERATOR_SQL).pluck().all('mary')).toEqual([1]);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${AWAITING_BY_OPERATOR_SQL}`).all('mary') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX ekg_immediate_by_operator/);
    db.prepare("INSERT INTO ekg_review_events (ekg_id, kind, at_utc, actor_id, actor_role) VALUES (1, 'immediate-acknowledged', 'x', 'mary', 'ma')").run();
    expect(db.prepare(AWAITING_BY_OPERATOR_SQL).pluck().all('mary')).toEqual([]);
  });
});
