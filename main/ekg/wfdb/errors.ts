import { FormatError, StationError } from '../../../common/errors.ts';

/** A WFDB header, signal file or annotation file that does not follow the format. */
export class WfdbFormatError extends FormatError {
  constructor(message: string) {
    super(`WFDB: ${message}`);
    this.name = 'WfdbFormatError';
  }
}

/** Decoded samples disagree with the header's first value or checksum: the data cannot be trusted. */
export class WfdbChecksumError extends StationError {
  constructor(message: string) {
    super('checksum', `WFDB: ${message}`);
    this.name = 'WfdbChecksumError';
  }
}
