import { StationError } from '../../common/errors.ts';

/** A meter download failure, naming the step that failed (Tidepool-style `err.step`). */
export type MeterFailure = 'timeout' | 'disconnected' | 'checksum' | 'protocol';

export class MeterError extends StationError {
  constructor(
    readonly failure: MeterFailure,
    readonly step: string,
    message: string,
  ) {
    super(`meter-${failure}`, `${step}: ${message}`);
    this.name = 'MeterError';
  }
}
