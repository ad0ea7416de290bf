import { ListenedTransport } from '../../drivers/transports/listeners.ts';

/**
 * An open in-memory transport whose device side is a script: `onWrite` sees every byte the host
 * writes and answers through `send` (immediately or from a timer, so fake timers drive the time).
 */
export class ScriptedDevice extends ListenedTransport {
  readonly address = 'scripted:device';
  readonly written: Uint8Array[] = [];
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
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
