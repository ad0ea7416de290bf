import { StationError } from '../../../common/errors.ts';

/** Why a point-of-care rule refused something. Stable codes; messages never carry patient data or values. */
export type PocRuleCode =
  | 'poc-unit' // unit not reported by this test (never converted)
  | 'poc-value' // malformed value, or not an allowed qualitative answer
  | 'poc-range' // a number outside the device's reportable range (the device should send HI/LO)
  | 'poc-invalid-run' // the kit said Invalid: repeat the test, nothing to report
  | 'poc-lot-expired'
  | 'poc-future-time' // observed later than now: a wrong device clock or a typo
  | 'poc-before-birth' // observed before the patient's date of birth: wrong patient or wrong date
  | 'poc-qc-locked' // QC due or failed: the test is locked out
  | 'poc-panel'; // a panel is reported through its members

export class PocRuleError extends StationError {
  constructor(
    override readonly code: PocRuleCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'PocRuleError';
  }
}
