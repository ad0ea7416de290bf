import { StationError } from '../../common/errors.ts';

/** The lifecycle step a cart error happened in, so staff see "identify timed out", not "timeout". */
export type CartStep = 'connect' | 'identify' | 'setRate' | 'start' | 'stream' | 'stop' | 'impedance';
export type CartErrorKind = 'timeout' | 'disconnected' | 'checksum' | 'protocol';

export class CartError extends StationError {
  constructor(
    readonly kind: CartErrorKind,
    readonly step: CartStep,
    message: string,
  ) {
    super(`cart-${kind}`, `cart ${step}: ${message}`);
    this.name = 'CartError';
  }
}
