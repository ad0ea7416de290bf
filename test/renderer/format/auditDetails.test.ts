import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDetailsParts } from '../../../renderer/format/auditDetails.ts';

describe('auditDetailsParts', () => {
  it('reads the stored JSON as key: value parts, in the stored order', () => {
    expect(auditDetailsParts('{"role":"ma","via":"scan"}')).toEqual(['role: ma', 'via: scan']);
    expect(auditDetailsParts('{"failedAttempts":5,"simulated":true}')).toEqual(['failedAttempts: 5', 'simulated: true']);
  });

  it('shows no details as nothing, and a missing value as a dash', () => {
    expect(auditDetailsParts('{}')).toEqual([]);
    expect(auditDetailsParts('')).toEqual([]);
    expect(auditDetailsParts('{"actionFilter":null,"verbFilter":""}')).toEqual(['actionFilter: —', 'verbFilter: —']);
  });

  it('shows nested values as compact JSON text', () => {
    expect(auditDetailsParts('{"lost":{"from":41,"to":57},"seqs":[1,2]}')).toEqual(['lost: {"from":41,"to":57}', 'seqs: [1,2]']);
  });

  it('shows anything that is not a JSON object exactly as stored (an edited database)', () => {
    for (const raw of ['{"role":', 'not json', '[1,2]', '"scan"', '42', 'null', 'true']) {
      expect(auditDetailsParts(raw)).toEqual([raw]);
    }
  });

  it('never throws, whatever the stored text, and always answers text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        for (const part of auditDetailsParts(raw)) expect(typeof part).toBe('string');
      }),
    );
  });
});
