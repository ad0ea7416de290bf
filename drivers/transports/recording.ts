import { TransportError, type Transport } from './transport.ts';
import { TransportListeners } from './listeners.ts';

/** One line of a transcript: bytes written to the device (`out`) or received from it (`in`). */
export interface TranscriptLine {
  readonly dir: 'in' | 'out';
  /** Milliseconds since the transport was opened. */
  readonly tMs: number;
  readonly hex: string;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TransportError('fatal', 'transcript hex is malformed');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Transcript as JSON Lines (the fixture format, one `{dir,tMs,hex}` per line). */
export function transcriptToJsonl(lines: readonly TranscriptLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
}

export function transcriptFromJsonl(text: string): TranscriptLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const v = JSON.parse(l) as Partial<TranscriptLine>;
      if ((v.dir !== 'in' && v.dir !== 'out') || typeof v.tMs !== 'number' || typeof v.hex !== 'string') {
        throw new TransportError('fatal', 'transcript line is not {dir,tMs,hex}');
      }
      hexToBytes(v.hex);
      return { dir: v.dir, tMs: v.tMs, hex: v.hex };
    });
}

/**
 * Wraps any transport and records every byte in both directions with its time, so a session
 * with a real (or simulated) device becomes a fixture for ReplayTransport.
 */
export class RecordingTransport implements Transport {
  readonly address: string;
  readonly lines: TranscriptLine[] = [];
  private t0Ms = 0;

  constructor(
    private readonly inner: Transport,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.address = inner.address;
    inner.onData((bytes) => this.lines.push({ dir: 'in', tMs: this.nowMs() - this.t0Ms, hex: bytesToHex(bytes) }));
  }

  async open(): Promise<void> {
    this.t0Ms = this.nowMs();
    await this.inner.open();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  async write(bytes: Uint8Array): Promise<void> {
    this.lines.push({ dir: 'out', tMs: this.nowMs() - this.t0Ms, hex: bytesToHex(bytes) });
    await this.inner.write(bytes);
  }
  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.inner.onData(listener);
  }
  onError(listener: (error: TransportError) => void): () => void {
    return this.inner.onError(listener);
  }
  onClose(listener: () => void): () => void {
    return this.inner.onClose(listener);
  }
}

/**
 * Plays a recorded transcript back as the device: `in` lines before the first `out` are sent on
 * open; each write must equal the next `out` line (else a `fatal` error, the device would not
 * have understood it) and releases the `in` lines that followed it. Delivery is on a microtask,
 * not on the recorded times, so tests stay fast and deterministic.
 */
export class ReplayTransport implements Transport {
  readonly address = 'replay:transcript';
  readonly written: Uint8Array[] = [];
  private readonly listeners = new TransportListeners();
  private cursor = 0;
  private isOpen = false;

  constructor(private readonly lines: readonly TranscriptLine[]) {}

  async open(): Promise<void> {
    this.isOpen = true;
    this.cursor = 0;
    this.releaseInbound();
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.listeners.emitClose();
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new TransportError('cancelled', 'replay transport is not open');
    this.written.push(bytes);
    const expected = this.lines[this.cursor];
    if (expected?.dir !== 'out' || expected.hex !== bytesToHex(bytes)) {
      const error = new TransportError('fatal', `replay: unexpected write ${bytesToHex(bytes)} (expected ${expected?.dir === 'out' ? expected.hex : 'no write'})`);
      this.isOpen = false;
      this.listeners.emitError(error);
      this.listeners.emitClose();
      throw error;
    }
    this.cursor++;
    this.releaseInbound();
  }

  /** Whether every recorded line has been played. */
  get finished(): boolean {
    return this.cursor >= this.lines.length;
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

  private releaseInbound(): void {
    const chunks: Uint8Array[] = [];
    while (this.lines[this.cursor]?.dir === 'in') chunks.push(hexToBytes(this.lines[this.cursor++]!.hex));
    if (chunks.length === 0) return;
    queueMicrotask(() => {
      for (const c of chunks) if (this.isOpen) this.listeners.emitData(c);
    });
  }
}
