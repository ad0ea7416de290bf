import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../common/errors.ts';
import { alreadyAudited, auditRefusal } from '../../../main/audit/refusals.ts';
import { openStore, type Store } from '../../../main/storage/store.ts';

const ma = { id: 'ma1', role: 'ma' } as const;
const attempt = { action: 'create', verb: 'qc-record', objectType: 'poc-qc', details: { testId: 'glucose-capillary' } } as const;

describe('auditRefusal', () => {
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    store = dir = undefined;
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'refusals-'));
    store = openStore({ dataDir: dir });
    return store;
  };
  const rows = (s: Store) => s.db.prepare('SELECT operator_id AS operatorId, operator_role AS operatorRole, verb, outcome, reason, details FROM audit_log').all();

  it('records a typed refusal once, as the attempt under the operator, with the code as reason; the refusal survives the rolled-back work', () => {
    const s = open();
    s.db.exec('CREATE TABLE work (x INTEGER)');
    const refused = () =>
      auditRefusal(s.audit, ma, attempt, () =>
        s.transaction(() => {
          s.db.prepare('INSERT INTO work VALUES (1)').run();
          throw new StationError('poc-value', 'not a value');
        }),
      );
    expect(refused).toThrow(expect.objectContaining({ code: 'poc-value' }));
    expect(s.db.prepare('SELECT COUNT(*) FROM work').pluck().get()).toBe(0);
    expect(rows(s)).toEqual([{ operatorId: 'ma1', operatorRole: 'ma', verb: 'qc-record', outcome: 'failure', reason: 'poc-value', details: '{"testId":"glucose-capillary"}' }]);
  });

  it('writes nothing for a success, for a refusal already in the log, or for a fault that is not a refusal', () => {
    const s = open();
    expect(auditRefusal(s.audit, ma, attempt, () => 42)).toBe(42);
    expect(() => auditRefusal(s.audit, ma, attempt, () => { throw alreadyAudited(new StationError('job-conflict', 'committed first')); })).toThrow(expect.objectContaining({ code: 'job-conflict' }));
    expect(() => auditRefusal(s.audit, ma, attempt, () => { throw new TypeError('a bug'); })).toThrow(TypeError);
    expect(rows(s)).toEqual([]);
  });
});
