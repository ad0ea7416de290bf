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
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details === '' ? [] : [details];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [details];
  return Object.entries(parsed).map(([key, value]) => `${key}: ${valueText(value)}`);
}
