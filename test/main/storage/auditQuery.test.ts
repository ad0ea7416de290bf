import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../../main/audit/entry.ts';
import { auditPageSql, queryAuditPage, type AuditRow } from '../../../main/storage/auditQuery.ts';
import type { Store } from '../../../main/storage/store.ts';
import { manualClock, tempStore } from '../../helpers/tempStore.ts';

let store: Store;
let cleanup: () => void;
const clock = manualClock(Date.UTC(2026, 0, 1));
const verbs = ['view', 'print', 'sign-in'];

beforeAll(() => {
  const t = tempStore({ clockMs: clock.clockMs });
  store = t.store;
  cleanup = t.cleanup;
  // 600 entries, one minute apart: patient = i % 7, operator = i % 4, verb = i % 3.
  store.transaction(() => {
  for (let i = 0; i < 600; i++) {
    const e: AuditEntryInput = {
      operator: { id: `op${i % 4}`, role: 'ma' },
      action: i % 3 === 1 ? 'execute' : 'read',
      verb: verbs[i % 3]!,
      objectType: 'patient',
      patientId: String(i % 7),
      outcome: 'success',
      details: { i },
    };
    store.audit.append(e);
    clock.advance(60_000);
  }
  });
});
afterAll(() => cleanup());

function allPages(filter: Parameters<typeof queryAuditPage>[1], limit: number): AuditRow[] {
  const out: AuditRow[] = [];
  let cursor = null;
  for (;;) {
    const page = queryAuditPage(store.db, filter, cursor, limit);
    out.push(...page.entries);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

const brute = (pred: (i: number) => boolean): number[] => Array.from({ length: 600 }, (_, i) => i).filter(pred).map((i) => i + 1).reverse();

describe('queryAuditPage', () => {
  it('pages through everything newest first without repeats or holes', () => {
    expect(allPages({}, 37).map((r) => r.seq)).toEqual(brute(() => true));
  });

  it.each<[string, Parameters<typeof queryAuditPage>[1], (i: number) => boolean]>([
    ['patient', { patientId: '3' }, (i) => i % 7 === 3],
    ['operator', { operatorId: 'op1' }, (i) => i % 4 === 1],
    ['verb', { verb: 'print' }, (i) => i % 3 === 1],
    ['action', { action: 'execute' }, (i) => i % 3 === 1],
    ['date range', { fromUtc: new Date(Date.UTC(2026, 0, 1) + 100 * 60_000).toISOString(), toUtc: new Date(Date.UTC(2026, 0, 1) + 200 * 60_000).toISOString() }, (i) => i >= 100 && i < 200],
    ['all at once', { patientId: '2', operatorId: 'op0', verb: 'view', fromUtc: new Date(Date.UTC(2026, 0, 1) + 50 * 60_000).toISOString() }, (i) => i % 7 === 2 && i % 4 === 0 && i % 3 === 0 && i >= 50],
  ])('filters by %s, matching a brute-force scan', (_name, filter, pred) => {
    expect(allPages(filter, 10).map((r) => r.seq)).toEqual(brute(pred));
  });

  it('uses an index range scan in order (no temp b-tree sort) for every filter', () => {
    for (const [filter, index] of [
      [{ patientId: '1' }, 'audit_by_patient'],
      [{ operatorId: 'op1' }, 'audit_by_operator'],
      [{ verb: 'view' }, 'audit_by_verb'],
      [{ action: 'read' }, 'audit_by_action'],
      [{ fromUtc: '2026-01-01T00:00:00.000Z' }, 'audit_by_time'],
    ] as const) {
      const { sql, params } = auditPageSql(filter, { atUtc: '2026-01-01T05:00:00.000Z', seq: 300 }, 51);
      const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      expect(plan).toContain(index);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
