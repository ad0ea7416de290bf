import { FormatError } from '../../common/errors.ts';
import { AUDIT_ACTIONS, AUDIT_ROLES, UTC_ISO, type AuditRecord } from './entry.ts';

/**
 * The canonical encoding that the hash covers: a JSON array of every field in a fixed order,
 * tagged with the format version. JSON of an array of strings/numbers/nulls is unambiguous
 * (field boundaries are quoted), so two different records never encode alike. The details field
 * is already canonical JSON text (sorted keys) and is embedded as a string.
 */
export const CANONICAL_TAG = 'audit/1';

/** The stored columns in canonical order (the audit_log columns before `hash`). */
export const CANONICAL_COLUMNS = [
  'seq', 'at_utc', 'operator_id', 'operator_role', 'station_id', 'action', 'verb',
  'object_type', 'object_id', 'patient_id', 'outcome', 'reason', 'details',
] as const;

export function encodeCanonical(r: AuditRecord): string {
  return JSON.stringify([
    CANONICAL_TAG,
    r.seq,
    r.atUtc,
    r.operatorId,
    r.operatorRole,
    r.stationId,
    r.action,
    r.verb,
    r.objectType,
    r.objectId,
    r.patientId,
    r.outcome,
    r.reason,
    r.details,
  ]);
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Inverse of encodeCanonical (for exports and tests); anything else is a FormatError. */
export function decodeCanonical(text: string): AuditRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FormatError('canonical audit record: not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== 14 || parsed[0] !== CANONICAL_TAG) {
    throw new FormatError('canonical audit record: not an audit/1 array');
  }
  const [, seq, atUtc, operatorId, operatorRole, stationId, action, verb, objectType, objectId, patientId, outcome, reason, details] =
    parsed as unknown[];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw new FormatError('canonical audit record: bad seq');
  if (!isStr(atUtc) || !UTC_ISO.test(atUtc)) throw new FormatError('canonical audit record: bad time');
  if (!strOrNull(operatorId) || !isStr(stationId) || !isStr(verb) || !isStr(objectType)) throw new FormatError('canonical audit record: bad field');
  if (!strOrNull(objectId) || !strOrNull(patientId) || !strOrNull(reason) || !isStr(details)) throw new FormatError('canonical audit record: bad field');
  if (operatorRole !== null && !(AUDIT_ROLES as readonly unknown[]).includes(operatorRole)) throw new FormatError('canonical audit record: bad role');
  if (!(AUDIT_ACTIONS as readonly unknown[]).includes(action)) throw new FormatError('canonical audit record: bad action');
  if (outcome !== 'success' && outcome !== 'failure') throw new FormatError('canonical audit record: bad outcome');
  return {
    seq,
    atUtc,
    operatorId,
    operatorRole: operatorRole as AuditRecord['operatorRole'],
    stationId,
    action: action as AuditRecord['action'],
    verb,
    objectType,
    objectId,
    patientId,
    outcome,
    reason,
    details,
  };
}
