import { StationError } from '../errors.ts';

/**
 * A possible duplicate registration: a new patient whose names and date of birth match a patient
 * already on this station. A second chart for one person splits their results (a glucose on one,
 * the EKG on the other), so main refuses it until the operator confirms a different person.
 */
export const POSSIBLE_DUPLICATE = 'patient-possible-duplicate';

/**
 * The refusal's words. They name no patient (messages carry no patient data: common/errors.ts):
 * the form asks `records.patients.possibleDuplicates` for the patients it matched and offers them.
 */
export const POSSIBLE_DUPLICATE_MESSAGE = 'A patient with the same name and date of birth is already registered: open that patient, or confirm this is a different person.';

/**
 * A name as the duplicate check compares it: letter case, accents and other combining marks,
 * invisible format characters (zero-width spaces, direction marks) and runs of spaces do not
 * count. "TRIALMAN", " trialman " and "Trialmän" are one name; so are "Nguyễn" and "Nguyen", as
 * a clerk without a Vietnamese keyboard types it. Wider than exact match on purpose: a false match
 * costs one confirmation, a missed one costs a second chart.
 */
export function nameMatchKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Thrown by Patients.create: `patientIds` are the matching patients', oldest first (for main's own use; never in the message). */
export class PossibleDuplicatePatientError extends StationError {
  constructor(readonly patientIds: readonly number[]) {
    super(POSSIBLE_DUPLICATE, POSSIBLE_DUPLICATE_MESSAGE);
    this.name = 'PossibleDuplicatePatientError';
  }
}
