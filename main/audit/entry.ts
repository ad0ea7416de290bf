import { FormatError } from '../../common/errors.ts';

/** ATNA EventActionCode C/R/U/D/E, spelled out (DICOM PS3.15 A.5 / RFC 3881). */
export const AUDIT_ACTIONS = ['create', 'read', 'update', 'delete', 'execute'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted: an operator (admin / ma / provider) or the station itself (CLI, startup checks). */
export const AUDIT_ROLES = ['admin', 'ma', 'provider', 'system'] as const;
export type AuditRole = (typeof AUDIT_ROLES)[number];

/** The verbs the station writes today; other areas may add their own (kebab-case). */
export const AuditVerbs = {
  signIn: 'sign-in',
  signOut: 'sign-out',
  lock: 'lock',
  unlock: 'unlock',
  lockout: 'lockout',
  view: 'view',
  search: 'search',
  create: 'create',
  amend: 'amend',
  print: 'print',
  export: 'export',
  deviceConnect: 'device-connect',
  deviceDisconnect: 'device-disconnect',
  configChange: 'config-change',
  anchorMismatch: 'audit-anchor-mismatch',
} as const;

/** Identifiers only (ids, counts, codes): never names, values or free text about a patient. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** What a service hands to `audit.append`: the log adds seq, time, station id and hash. */
export interface AuditEntryInput {
  readonly operator: { readonly id: string; readonly role: AuditRole } | null;
  readonly action: AuditAction;
  readonly verb: string;
  readonly objectType: string;
  readonly objectId?: string | null;
  readonly patientId?: string | null;
  readonly outcome: 'success' | 'failure';
  /** Why it failed (a short code such as 'bad-pin'); required when outcome is 'failure'. */
  readonly reason?: string | null;
  readonly details?: AuditDetails;
}

/** One stored entry, exactly the fields the hash covers. */
export interface AuditRecord {
  readonly seq: number;
  readonly atUtc: string;
  readonly operatorId: string | null;
  readonly operatorRole: AuditRole | null;
  readonly stationId: string;
  readonly action: AuditAction;
  readonly verb: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly patientId: string | null;
  readonly outcome: 'success' | 'failure';
  readonly reason: string | null;
  /** Canonical JSON text of the details object (sorted keys). */
  readonly details: string;
}

const CODE = /^[a-z][a-z0-9.-]{0,47}$/;
/**
 * Control characters and lone surrogates are refused: SQLite would not store the latter as the
 * same string, and verify rebuilds the canonical text from what SQLite stored.
 */
const UNSAFE_CHARS = /\p{Cc}|\p{Cs}/u;
const DETAIL_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const MAX_ID_CHARS = 128;
const MAX_DETAIL_KEYS = 24;
const MAX_DETAIL_STRING_CHARS = 200;
/** ISO-8601 UTC with milliseconds, the only time format the log stores (sorts as text). */
export const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function checkId(field: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (value.length === 0 || value.length > MAX_ID_CHARS || UNSAFE_CHARS.test(value)) {
    throw new FormatError(`audit entry: ${field} must be 1-${MAX_ID_CHARS} printable characters`);
  }
  return value;
}

function checkCode(field: string, value: string): string {
  if (!CODE.test(value)) throw new FormatError(`audit entry: ${field} must be a lowercase code`);
  return value;
}

/** Canonical JSON of a flat details object: keys sorted, so equal objects hash equally. */
export function canonicalDetails(details: AuditDetails | undefined): string {
  if (details === undefined) return '{}';
  const keys = Object.keys(details).sort();
  if (keys.length > MAX_DETAIL_KEYS) throw new FormatError(`audit entry: details has more than ${MAX_DETAIL_KEYS} keys`);
  const out: Record<string, string | number | boolean | null> = {};
  for (const k of keys) {
    if (!DETAIL_KEY.test(k)) throw new FormatError('audit entry: details keys must be identifiers');
    const v = details[k];
    if (v === undefined) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) throw new FormatError(`audit entry: details.${k} is not a finite number`);
    if (typeof v === 'string' && (v.length > MAX_DETAIL_STRING_CHARS || UNSAFE_CHARS.test(v))) {
      throw new FormatError(`audit entry: details.${k} must be at most ${MAX_DETAIL_STRING_CHARS} printable characters`);
    }
    out[k] = v;
  }
  return JSON.stringify(out);
}

/** Validates an input and completes it into the record that will be hashed and stored. */
export function toRecord(input: AuditEntryInput, seq: number, atUtc: string, stationId: string): AuditRecord {
  if (!UTC_ISO.test(atUtc)) throw new FormatError('audit entry: time must be ISO-8601 UTC with milliseconds');
  if (!(AUDIT_ACTIONS as readonly string[]).includes(input.action)) throw new FormatError('audit entry: unknown action');
  if (input.operator !== null && !(AUDIT_ROLES as readonly string[]).includes(input.operator.role)) {
    throw new FormatError('audit entry: unknown operator role');
  }
  if (input.outcome !== 'success' && input.outcome !== 'failure') throw new FormatError('audit entry: outcome must be success or failure');
  const reason = input.reason === undefined || input.reason === null ? null : checkCode('reason', input.reason);
  if (input.outcome === 'failure' && reason === null) throw new FormatError('audit entry: a failure needs a reason');
  return {
    seq,
    atUtc,
    operatorId: checkId('operator id', input.operator?.id),
    operatorRole: input.operator?.role ?? null,
    stationId: checkId('station id', stationId) ?? '',
    action: input.action,
    verb: checkCode('verb', input.verb),
    objectType: checkCode('object type', input.objectType),
    objectId: checkId('object id', input.objectId),
    patientId: checkId('patient id', input.patientId),
    outcome: input.outcome,
    reason,
    details: canonicalDetails(input.details),
  };
}
