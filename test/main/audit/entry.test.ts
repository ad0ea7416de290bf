import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../common/errors.ts';
import { canonicalDetails, toRecord, type AuditEntryInput } from '../../../main/audit/entry.ts';

const at = '2026-01-05T09:00:00.000Z';
const good: AuditEntryInput = { operator: { id: 'ann', role: 'ma' }, action: 'read', verb: 'view', objectType: 'patient', objectId: '7', patientId: '7', outcome: 'success' };

describe('audit entry validation', () => {
  it('completes a valid input', () => {
    expect(toRecord(good, 3, at, 'st-1')).toMatchObject({ seq: 3, atUtc: at, operatorId: 'ann', operatorRole: 'ma', stationId: 'st-1', reason: null, details: '{}' });
  });

  it('sorts details keys so equal objects hash equally', () => {
    expect(canonicalDetails({ b: 1, a: 'x' })).toBe(canonicalDetails({ a: 'x', b: 1 }));
    expect(canonicalDetails({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });

  it.each<[string, Partial<AuditEntryInput>]>([
    ['failure without reason', { outcome: 'failure' }],
    ['unknown action', { action: 'peek' as never }],
    ['unknown role', { operator: { id: 'ann', role: 'janitor' as never } }],
    ['verb not a code', { verb: 'Sign In' }],
    ['control character in id', { objectId: 'a\nb' }],
    ['lone surrogate in id', { patientId: 'a\ud800' }],
    ['non-finite detail', { details: { n: Number.NaN } }],
    ['free-text-sized detail', { details: { note: 'x'.repeat(201) } }],
    ['odd detail key', { details: { 'a b': 1 } }],
  ])('rejects %s with a FormatError', (_name, patch) => {
    expect(() => toRecord({ ...good, ...patch } as AuditEntryInput, 1, at, 'st-1')).toThrow(FormatError);
  });

  it('rejects a time that is not ISO-8601 UTC with ms', () => {
    expect(() => toRecord(good, 1, '2026-01-05 09:00:00', 'st-1')).toThrow(FormatError);
  });
});
