import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDetailsParts, auditReason, shortAuditId } from '../../../renderer/format/auditDetails.ts';

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

describe('auditReason', () => {
  it("is the entry's own reason, else the reason its details carry, else none", () => {
    expect(auditReason('damaged', '{"reprintOf":"click-1"}')).toBe('damaged');
    expect(auditReason('poc-qc-locked', '{"reason":"other"}')).toBe('poc-qc-locked');
    expect(auditReason(null, '{"reason":"wrong-patient"}')).toBe('wrong-patient');
    expect(auditReason(null, '{"amendReason":"transcription-error","rowId":3}')).toBe('transcription-error');
    expect(auditReason(null, '{"via":"scan"}')).toBeNull();
    expect(auditReason(null, 'not json')).toBeNull();
  });
});

describe('shortAuditId', () => {
  it('cuts each UUID to 8 characters and an ellipsis, and leaves other ids whole', () => {
    expect(shortAuditId('3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/v2')).toBe('3f2a9c1e…/v2');
    expect(shortAuditId('3F2A9C1E-5B6D-4E7F-8A9B-0C1D2E3F4A5B')).toBe('3F2A9C1E…');
    expect(shortAuditId('glucose-capillary/GL-1')).toBe('glucose-capillary/GL-1');
    expect(shortAuditId('click-0001')).toBe('click-0001');
  });
});
