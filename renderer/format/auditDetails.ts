/** What a missing value looks like on screen: the same dash as an entry with no operator. */
const NONE = '—';

const valueText = (v: unknown): string => {
  if (v === null || v === '') return NONE;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // Nested arrays and objects are never written by the station; shown as compact JSON, as text.
  return JSON.stringify(v);
};

/**
 * An audit entry's details (stored as JSON text) for people: `{"role":"ma","via":"scan"}` reads
 * as the parts "role: ma" and "via: scan", and `{}` as none. The screen keeps each part on one
 * line where it fits, which a single joined string could not. Text that is not a JSON object can
 * only come from an edited database: it is the one part, exactly as stored, so the screen never
 * hides or reinterprets it (and never throws on it).
 */
export function auditDetailsParts(details: string): string[] {
  const parsed = detailsObject(details);
  if (parsed === null) return details === '' ? [] : [details];
  return Object.entries(parsed).map(([key, value]) => `${key}: ${valueText(value)}`);
}

/** The details text as the flat object the station writes, or null when it is not one. */
function detailsObject(details: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

/**
 * Why, in one place on screen: the entry's own reason (a refusal's code, a reprint's 'damaged', a
 * cancel's 'operator') or, when the entry has none, the reason its details carry (a discarded
 * reading's `reason`, a correction's `amendReason`). Null when the entry gives none.
 */
export function auditReason(reason: string | null, details: string): string | null {
  if (reason !== null && reason !== '') return reason;
  const parsed = detailsObject(details);
  const why = parsed?.['reason'] ?? parsed?.['amendReason'];
  return typeof why === 'string' && why !== '' ? why : null;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * An object id for a column: each UUID in it cut to its first 8 characters and an ellipsis
 * (`3f2a9c1e…/v2`), enough to tell entries apart at a glance. The whole id stays in the details.
 */
export function shortAuditId(id: string): string {
  return id.replace(UUID, (uuid) => `${uuid.slice(0, 8)}…`);
}
