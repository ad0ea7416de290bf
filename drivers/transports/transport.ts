import { StationError } from '../../common/errors.ts';

/**
 * How a transport failed. `cancelled`: we closed it ourselves or aborted a read/write (not a
 * fault). `timeout`: the device did not answer in time. `disconnected`: the link went away
 * (unplug, peer closed). `fatal`: anything else the OS reported; the supervisor reconnects.
 */
export type TransportErrorKind = 'cancelled' | 'timeout' | 'disconnected' | 'fatal';

export class TransportError extends StationError {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
  ) {
    super(`transport-${kind}`, message);
    this.name = 'TransportError';
  }
}

/**
 * Moves bytes to and from one device; knows nothing of the protocol on top. Implementations:
 * serial (serialport), USB bulk (usb), TCP (node:net), and a recording fake for tests.
 * Only one write may be in flight: a second write() before the first settles rejects.
 */
export interface Transport {
  /** A stable, printable address such as `serial:/dev/ttyUSB0`, `tcp:127.0.0.1:9100`, `usb:0a5f:0164`. */
  readonly address: string;
  open(): Promise<void>;
  /** Idempotent. Pending writes reject with kind `cancelled`. */
  close(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Fires once per fault; after a non-cancelled error the transport is closed. */
  onError(listener: (error: TransportError) => void): () => void;
  onClose(listener: () => void): () => void;
}
