import { afterEach, describe, expect, it } from 'vitest';
import { VersionedRecords, versionedTableSql } from '../../../main/storage/versioned.ts';
import { tempStore } from '../../helpers/tempStore.ts';

let cleanup = (): void => undefined;
afterEach(() => cleanup());

type Note = { analyte: string; valueText: string };
const ctx = { operator: { id: 'ann', role: 'ma' as const }, patientId: 7, simulated: false };

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  t.store.db.exec(versionedTableSql('test_results', 'analyte TEXT NOT NULL, value_text TEXT NOT NULL'));
  return { t, records: new VersionedRecords<Note>(t.store, 'test_results', { analyte: 'analyte', valueText: 'value_text' }, 'test-result') };
}

describe('VersionedRecords', () => {
  it('amends by adding a version that points at the one it replaces; the old one stays readable', () => {
    const { t, records } = setup();
    const v1 = records.create({ analyte: 'glucose', valueText: '98' }, ctx);
    const v2 = records.amend(v1.id, { analyte: 'glucose', valueText: '89' }, { ...ctx, reason: 'transcription-error' });
    expect(v2).toMatchObject({ recordId: v1.recordId, version: 2, replacesId: v1.id, amendReason: 'transcription-error', valueText: '89' });
    expect(records.get(v1.id)).toMatchObject({ valueText: '98', version: 1 });
    expect(records.history(v1.recordId).map((v) => v.valueText)).toEqual(['98', '89']);
    expect(records.current(v1.recordId)?.id).toBe(v2.id);
    const audit = t.store.db.prepare('SELECT verb, action, object_id, patient_id FROM audit_log ORDER BY seq').all();
    expect(audit).toEqual([
      { verb: 'create', action: 'create', object_id: `${v1.recordId}/v1`, patient_id: '7' },
      { verb: 'amend', action: 'update', object_id: `${v1.recordId}/v2`, patient_id: '7' },
    ]);
  });

  it('refuses to amend a version that was already amended (no forks)', () => {
    const { records } = setup();
    const v1 = records.create({ analyte: 'glucose', valueText: '98' }, ctx);
    records.amend(v1.id, { analyte: 'glucose', valueText: '89' }, { ...ctx, reason: 'typo' });
    expect(() => records.amend(v1.id, { analyte: 'glucose', valueText: '90' }, { ...ctx, reason: 'typo' })).toThrow(expect.objectContaining({ code: 'version-conflict' }));
  });

  it('the table itself refuses UPDATE, DELETE and an amendment that skips a version', () => {
    const { t, records } = setup();
    const v1 = records.create({ analyte: 'glucose', valueText: '98' }, ctx);
    expect(() => t.store.db.exec("UPDATE test_results SET value_text = '1'")).toThrow(/versioned/);
    expect(() => t.store.db.exec('DELETE FROM test_results')).toThrow(/versioned/);
    expect(() =>
      t.store.db
        .prepare("INSERT INTO test_results (record_id, version, replaces_id, created_at_utc, created_by, analyte, value_text) VALUES (?, 3, ?, 'x', 'ann', 'g', '1')")
        .run(v1.recordId, v1.id),
    ).toThrow(/previous version/);
  });

  it('writes nothing, not even the audit entry, when the record insert fails', () => {
    const { t, records } = setup();
    expect(() => records.create({ analyte: null as unknown as string, valueText: '1' }, ctx)).toThrow(/NOT NULL/);
    expect(t.store.audit.head().seq).toBe(0);
  });
});
