import type { LabelInput } from '../../../common/labels/input.ts';

/** A valid label request (invented patient). `NOW_MS` is after its collection time. */
export const NOW_MS = Date.parse('2026-11-22T16:00:00Z');

export function sampleInput(over: { patient?: Partial<LabelInput['patient']>; specimen?: Partial<LabelInput['specimen']> } = {}): LabelInput {
  return {
    patient: { familyName: 'Doe', givenName: 'Jane', dob: '1960-01-02', mrn: '1234567', ...over.patient },
    specimen: { type: 'blood-venous', container: 'sst-gold', tests: ['CMP', 'TSH'], collectedAt: '2026-11-22T09:30:00-05:00', collector: 'JS', ...over.specimen },
  };
}
