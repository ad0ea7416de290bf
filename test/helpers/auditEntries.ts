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

/** An audit_log row as the refusal tests read it back (columns as stored). */
export interface AuditRow {
  seq: number;
  operator_id: string | null;
  operator_role: string | null;
  action: string;
  verb: string;
  object_type: string;
  object_id: string | null;
  patient_id: string | null;
  outcome: string;
  reason: string | null;
  details: string;
}
