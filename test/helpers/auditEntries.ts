import type { AuditEntryInput } from '../../main/audit/entry.ts';

/** The i-th entry of a small made-up log: 3 operators viewing 5 patients' records. */
export const viewEntry = (i: number): AuditEntryInput => ({
  operator: { id: `op${i % 3}`, role: 'ma' },
  action: 'read',
  verb: 'view',
  objectType: 'patient',
  objectId: String(i),
  patientId: String(i % 5),
  outcome: 'success',
  details: { n: i },
});
