import { describe, expect, it } from 'vitest';
import { WORKLIST_COUNT_SQL, WORKLIST_SQL } from '../../../../main/services/ekgReview.ts';
import { openMemory } from '../../../../main/storage/db.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';

const upTo = (v: number) => migrations.filter((m) => m.version <= v);
const plan = (db: ReturnType<typeof openMemory>, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

describe('0017 ekg_worklist_index', () => {
  it('walks the unconfirmed EKGs in worklist order through an index: no scan of the rows behind their samples, no sort', () => {
    const db = openMemory();
    migrate(db, upTo(16));
    db.pragma('foreign_keys = OFF');
    const insert = db.prepare(
      `INSERT INTO ekg_records (patient_id, captured_at_utc, captured_by, device_id, simulated, fs_hz, samples_per_lead, lead_names, filter_settings, raw_samples, analysis_json)
       VALUES (?, ?, 'mary', 'CART', 0, 500, 1, '["I"]', '0.05-150 Hz', x'00000000', ?)`,
    );
    const flags = (...u: string[]) => JSON.stringify({ flags: u.map((urgency, k) => ({ code: `F${k}`, urgency })) });
    insert.run(1, '2026-11-23T09:00:00.000Z', flags('routine')); // 1
    insert.run(2, '2026-11-23T09:01:00.000Z', flags('routine', 'immediate')); // 2
    insert.run(1, '2026-11-23T09:02:00.000Z', flags('prompt')); // 3
    insert.run(null, '2026-11-23T08:00:00.000Z', flags('immediate')); // 4: no patient
    insert.run(2, '2026-11-23T08:30:00.000Z', flags()); // 5
    insert.run(1, '2026-11-23T08:59:00.000Z', flags('immediate')); // 6
    const review = db.prepare("INSERT INTO ekg_review_events (ekg_id, kind, at_utc, actor_id, actor_role) VALUES (?, ?, 'x', 'dr', 'provider')");
    review.run(6, 'provider-notified');
    review.run(1, 'confirmed');
    migrate(db, upTo(17));
    expect(db.prepare(WORKLIST_SQL).pluck().all(10)).toEqual([6, 2, 3, 5]);
    expect(db.prepare(WORKLIST_COUNT_SQL).pluck().get()).toBe(4);
    const list = plan(db, WORKLIST_SQL, 10);
    expect(list).toMatch(/SCAN ekg_records USING (COVERING )?INDEX ekg_worklist_order/);
    expect(list).toMatch(/USING (COVERING )?INDEX ekg_review_final/);
    expect(list).not.toMatch(/TEMP B-TREE/);
    expect(plan(db, WORKLIST_COUNT_SQL)).toMatch(/USING (COVERING )?INDEX ekg_review_final/);
    review.run(6, 'over-read');
    expect(db.prepare(WORKLIST_SQL).pluck().all(2)).toEqual([2, 3]);
  });
});
