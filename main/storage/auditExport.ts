import { FormatError } from '../../common/errors.ts';
import type { AuditDetails } from '../audit/entry.ts';
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

/**
 * Writes rows as CSV (header line first) through `write`, one line per call; returns the row count.
 * The details cell is the hashed JSON text as stored.
 */
export function writeAuditCsv(rows: Iterable<AuditRow>, write: (line: string) => void): number {
  write(HEADER.join(','));
  let n = 0;
  for (const r of rows) {
    write(fields(r).map(csvField).join(','));
    n++;
  }
  return n;
}

/** One entry of the JSON export: the stored fields, with details as the object it records. */
export type AuditJsonEntry = Omit<AuditRow, 'details'> & { readonly details: AuditDetails };

/**
 * The stored details text as an object ({} for an entry without details). The text is canonical (a
 * flat object, sorted identifier keys, written by JSON.stringify), so JSON.stringify(details) gives
 * back the hashed text exactly and the export can still be re-verified. Text that is not a JSON object can only come from an edited database: a
 * FormatError naming the entry, rather than a value of another type in the export.
 */
export function detailsObject(seq: number, text: string): AuditDetails {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FormatError(`audit entry ${seq}: details are not a JSON object (station audit verify tells what was changed)`);
  }
  return parsed as AuditDetails;
}

/** Writes rows as one JSON array, one entry per line (streamable, still valid JSON); returns the row count. */
export function writeAuditJson(rows: Iterable<AuditRow>, write: (line: string) => void): number {
  write('[');
  let n = 0;
  for (const r of rows) {
    const entry: AuditJsonEntry = { ...r, details: detailsObject(r.seq, r.details) };
    write((n === 0 ? '' : ',') + JSON.stringify(entry));
    n++;
  }
  write(']');
  return n;
}
