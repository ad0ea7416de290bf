import { describe, expect, it } from 'vitest';
import { writeAuditCsv, writeAuditJson } from '../../../main/storage/auditExport.ts';
import type { AuditRow } from '../../../main/storage/auditQuery.ts';

const row: AuditRow = {
  seq: 1,
  atUtc: '2026-01-05T09:00:00.000Z',
  operatorId: 'ann',
  operatorRole: 'ma',
  stationId: 'st',
  action: 'read',
  verb: 'view',
  objectType: 'patient',
  objectId: '7',
  patientId: null,
  outcome: 'success',
  reason: null,
  details: '{"note":"a,b","q":"say \\"hi\\""}',
  hash: 'f'.repeat(64),
};

/** Minimal RFC 4180 reader for the test (quoted fields, doubled quotes). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

describe('audit export', () => {
  it('CSV: a header, then one RFC 4180 line per entry that reads back to the same fields', () => {
    const lines: string[] = [];
    expect(writeAuditCsv([row, { ...row, seq: 2 }], (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toBe('seq,at_utc,operator_id,operator_role,station_id,action,verb,object_type,object_id,patient_id,outcome,reason,details,hash');
    expect(parseCsvLine(lines[1]!)).toEqual(['1', row.atUtc, 'ann', 'ma', 'st', 'read', 'view', 'patient', '7', '', 'success', '', row.details, row.hash]);
  });

  it('JSON: one valid array with the exact hashed details text', () => {
    const lines: string[] = [];
    writeAuditJson([row, { ...row, seq: 2 }], (l) => lines.push(l));
    const parsed = JSON.parse(lines.join('\n')) as AuditRow[];
    expect(parsed).toEqual([row, { ...row, seq: 2 }]);
    const empty: string[] = [];
    writeAuditJson([], (l) => empty.push(l));
    expect(JSON.parse(empty.join('\n'))).toEqual([]);
  });
});
