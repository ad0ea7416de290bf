import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../common/errors.ts';
import { decodeCanonical, encodeCanonical } from '../../../main/audit/canonical.ts';
import { AUDIT_ACTIONS, AUDIT_ROLES, type AuditRecord } from '../../../main/audit/entry.ts';

const text = fc.string({ maxLength: 40 });
const arbRecord: fc.Arbitrary<AuditRecord> = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  atUtc: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  operatorId: fc.option(text, { nil: null }),
  operatorRole: fc.option(fc.constantFrom(...AUDIT_ROLES), { nil: null }),
  stationId: text,
  action: fc.constantFrom(...AUDIT_ACTIONS),
  verb: text,
  objectType: text,
  objectId: fc.option(text, { nil: null }),
  patientId: fc.option(text, { nil: null }),
  outcome: fc.constantFrom('success' as const, 'failure' as const),
  reason: fc.option(text, { nil: null }),
  details: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean())).map((d) => JSON.stringify(d)),
});

describe('canonical audit encoding', () => {
  it('decode(encode(r)) == r', () => {
    fc.assert(
      fc.property(arbRecord, (r) => {
        expect(decodeCanonical(encodeCanonical(r))).toEqual(r);
      }),
    );
  });

  it('two different records never encode alike', () => {
    fc.assert(
      fc.property(arbRecord, arbRecord, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeCanonical(a)).not.toBe(encodeCanonical(b));
      }),
    );
  });

  it('random text decodes to a record or a FormatError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), arbRecord.map(encodeCanonical).map((s) => s.slice(0, -3) + '1]')), (s) => {
        try {
          decodeCanonical(s);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
    );
  });
});
