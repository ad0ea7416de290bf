import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../common/errors.ts';
import { canonicalDetails } from '../../../main/audit/entry.ts';
import { detailsObject, writeAuditCsv, writeAuditJson, type AuditJsonEntry } from '../../../main/storage/auditExport.ts';
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

  it('JSON: one valid array; details is the recorded object ({} when there is none)', () => {
    const lines: string[] = [];
    writeAuditJson([row, { ...row, seq: 2, details: '{}' }], (l) => lines.push(l));
    const parsed = JSON.parse(lines.join('\n')) as AuditJsonEntry[];
    expect(parsed).toEqual([
      { ...row, details: { note: 'a,b', q: 'say "hi"' } },
      { ...row, seq: 2, details: {} },
    ]);
    // Field order is the CSV's (the hashed fields, then the hash).
    expect(Object.keys(parsed[0]!)).toEqual(Object.keys(row));
    const empty: string[] = [];
    writeAuditJson([], (l) => empty.push(l));
    expect(JSON.parse(empty.join('\n'))).toEqual([]);
  });

  it('JSON: the hashed details text is JSON.stringify(details), so an export can be re-verified', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/);
    const details = fc.dictionary(key, scalar, { maxKeys: 24 }).filter((d) => Object.values(d).every((v) => typeof v !== 'string' || !/\p{Cc}|\p{Cs}/u.test(v)));
    fc.assert(
      fc.property(details, (d) => {
        const text = canonicalDetails(d);
        expect(JSON.stringify(detailsObject(1, text))).toBe(text);
      }),
    );
  });

  it('JSON: details text that is not an object (an edited database) is a FormatError naming the entry', () => {
    for (const details of ['not json', '[]', '"x"', 'null', '3']) {
      expect(() => writeAuditJson([{ ...row, seq: 9, details }], () => undefined)).toThrow(FormatError);
      expect(() => detailsObject(9, details)).toThrow(/audit entry 9: details are not a JSON object/);
    }
  });
});
