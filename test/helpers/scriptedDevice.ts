import { TransportListeners } from '../../drivers/transports/listeners.ts';
import type { Transport, TransportError } from '../../drivers/transports/transport.ts';

/**
 * An open in-memory transport whose device side is a script: `onWrite` sees every byte the host
 * writes and answers through `send` (immediately or from a timer, so fake timers drive the time).
 */
export class ScriptedDevice implements Transport {
  readonly address = 'scripted:device';
  readonly written: Uint8Array[] = [];
  private readonly listeners = new TransportListeners();
  private open_ = true;
  onWrite: (bytes: Uint8Array) => void = () => undefined;

  open(): Promise<void> {
    this.open_ = true;
    return Promise.resolve();
  }
  close(): Promise<void> {
    if (this.open_) {
      this.open_ = false;
      this.listeners.emitClose();
    }
    return Promise.resolve();
  }
  write(bytes: Uint8Array): Promise<void> {
    this.written.push(bytes);
    this.onWrite(bytes);
    return Promise.resolve();
  }
  send(bytes: Uint8Array): void {
    if (this.open_) this.listeners.emitData(bytes);
  }
  get isOpen(): boolean {
    return this.open_;
  }
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

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
