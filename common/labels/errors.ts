import { StationError } from '../errors.ts';

/**
 * Why a label cannot be printed. Each reason has a stable code the UI and CLI can rely on;
 * messages name the field, never its value (no patient data in errors).
 */
export type LabelErrorReason =
  | 'missing-dob'
  | 'missing-mrn'
  | 'collected-in-future'
  | 'collected-before-birth'
  | 'name-too-long'
  | 'unknown-specimen-type'
  | 'unknown-container'
  | 'container-mismatch'
  | 'unsupported-character'
  | 'bad-accession'
  | 'too-many-tests'
  | 'invalid-input'
  | 'layout-overflow';

export class LabelError extends StationError {
  constructor(
    readonly reason: LabelErrorReason,
    message: string,
  ) {
    super(`label-${reason}`, message);
    this.name = 'LabelError';
  }
}
