import { StationError } from '../../../common/errors.ts';

/** ASTM E1381/E1394 failures, with the step that failed in the code. */
export type AstmErrorCode = 'astm-checksum' | 'astm-frame' | 'astm-sequence' | 'astm-record' | 'astm-timeout' | 'astm-aborted';

export class AstmError extends StationError {
  constructor(
    override readonly code: AstmErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'AstmError';
  }
}
