import type { Transport, TransportError } from './transport.ts';

/**
 * The listener bookkeeping every transport shares: data, error and close listeners, each
 * registration returning its own unsubscribe. Errors fire once per fault (the interface's rule).
 */
export class TransportListeners {
  private readonly data = new Set<(bytes: Uint8Array) => void>();
  private readonly errors = new Set<(error: TransportError) => void>();
  private readonly closes = new Set<() => void>();

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.data.add(listener);
    return () => this.data.delete(listener);
  }

  onError(listener: (error: TransportError) => void): () => void {
    this.errors.add(listener);
    return () => this.errors.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closes.add(listener);
    return () => this.closes.delete(listener);
  }

  emitData(bytes: Uint8Array): void {
    for (const l of [...this.data]) l(bytes);
  }

  emitError(error: TransportError): void {
    for (const l of [...this.errors]) l(error);
  }

  emitClose(): void {
    for (const l of [...this.closes]) l();
  }
}

/** A copy as a plain Uint8Array (Buffers from Node pool memory must not leak upward). */
export function toBytes(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(chunk);
}

/**
 * Base of the OS transports (serial, TCP, USB): owns the listener sets and answers the three
 * subscription methods of the interface; subclasses emit through `listeners`.
 */
export abstract class ListenedTransport implements Transport {
  abstract readonly address: string;
  protected readonly listeners = new TransportListeners();
  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  abstract write(bytes: Uint8Array): Promise<void>;

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.listeners.onData(listener);
  }
  onError(listener: (error: TransportError) => void): () => void {
    return this.listeners.onError(listener);
  }
  onClose(listener: () => void): () => void {
    return this.listeners.onClose(listener);
  }
}
