import type { AuditRow } from './auditQuery.ts';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADER = ['seq', 'at_utc', 'operator_id', 'operator_role', 'station_id', 'action', 'verb', 'object_type', 'object_id', 'patient_id', 'outcome', 'reason', 'details', 'hash'];

const fields = (r: AuditRow): Array<string | number | null> => [
  r.seq, r.atUtc, r.operatorId, r.operatorRole, r.stationId, r.action, r.verb, r.objectType, r.objectId, r.patientId, r.outcome, r.reason, r.details, r.hash,
];

/** Writes rows as CSV (header line first) through `write`, one line per call; returns the row count. */
export function writeAuditCsv(rows: Iterable<AuditRow>, write: (line: string) => void): number {
  write(HEADER.join(','));
  let n = 0;
  for (const r of rows) {
    write(fields(r).map(csvField).join(','));
    n++;
  }
  return n;
}

/** Writes rows as one JSON array, one entry per line (streamable, still valid JSON); returns the row count. */
export function writeAuditJson(rows: Iterable<AuditRow>, write: (line: string) => void): number {
  write('[');
  let n = 0;
  for (const r of rows) {
    // details stays the exact hashed text, so the export can be re-verified byte for byte.
    write((n === 0 ? '' : ',') + JSON.stringify(r));
    n++;
  }
  write(']');
  return n;
}
