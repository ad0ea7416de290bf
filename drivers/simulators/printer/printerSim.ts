import { encodeHostStatus, type HostStatus } from '../../protocols/zebra/hostStatus.ts';

/** What the simulated printer can be told to be (stdin / control file, see cli.ts). */
export const SIM_PRINTER_STATES = ['ready', 'paper-out', 'head-open', 'ribbon-out', 'paused', 'offline'] as const;
export type SimPrinterState = (typeof SIM_PRINTER_STATES)[number];

export interface SimPrinterOptions {
  /** Newer Zebra firmware: no ~HS reply at all while paper-out / head-open / ribbon-out. */
  readonly silentWhenFaulted: boolean;
  readonly labelLengthDots: number;
  /** Labels left on the roll: it goes paper-out once the last one is printed. None: endless. */
  readonly labelsOnRoll?: number | undefined;
}

/**
 * A simulated Zebra ZPL printer, byte-stream in, byte-stream out. `~HS` is answered at once
 * (tilde commands are immediate on Zebra printers, even in the middle of a format); each
 * complete `^XA ... ^XZ` format is one label. While paper-out, head-open, ribbon-out or paused,
 * formats wait in the buffer (reported in ~HS "formats in buffer") and print once ready again,
 * as a real printer does. Offline: it neither answers nor accepts anything.
 */
export class PrinterSimulator {
  private text = '';
  private buffered: string[] = [];
  private stateValue: SimPrinterState = 'ready';
  private labelsLeft: number | undefined;

  constructor(
    private readonly options: SimPrinterOptions,
    private readonly onLabel: (zpl: string) => void,
  ) {
    this.labelsLeft = options.labelsOnRoll;
  }

  get state(): SimPrinterState {
    return this.stateValue;
  }

  /** `ready` after paper-out is a new roll loaded: endless from then on. */
  setState(state: SimPrinterState): void {
    if (state === 'ready' && this.stateValue === 'paper-out') this.labelsLeft = undefined;
    this.stateValue = state;
    while (this.stateValue === 'ready' && this.buffered.length > 0) this.print(this.buffered.shift()!);
  }

  /** Prints one format; the last label of the roll leaves the printer paper-out. */
  private print(format: string): void {
    this.onLabel(format);
    if (this.labelsLeft === undefined) return;
    this.labelsLeft -= 1;
    if (this.labelsLeft <= 0) this.stateValue = 'paper-out';
  }

  /** Feeds received bytes; returns the bytes to answer (possibly empty). */
  receive(bytes: Uint8Array): Uint8Array {
    if (this.stateValue === 'offline') return new Uint8Array(0);
    this.text += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    const replies: Uint8Array[] = [];
    for (;;) {
      const hs = this.text.indexOf('~HS');
      if (hs < 0) break;
      this.text = this.text.slice(0, hs) + this.text.slice(hs + 3);
      if (!(this.options.silentWhenFaulted && this.isFaulted())) replies.push(encodeHostStatus(this.hostStatus()));
    }
    for (;;) {
      const start = this.text.indexOf('^XA');
      const end = start < 0 ? -1 : this.text.indexOf('^XZ', start);
      if (end < 0) break;
      const format = this.text.slice(start, end + 3);
      this.text = this.text.slice(end + 3);
      if (this.stateValue === 'ready') this.print(format);
      else this.buffered.push(format);
    }
    // Keep at most a partial command tail; bytes before an unfinished ^XA are not a label.
    const open = this.text.lastIndexOf('^XA');
    this.text = open >= 0 ? this.text.slice(open) : this.text.slice(-2);
    const total = replies.reduce((n, r) => n + r.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const r of replies) {
      out.set(r, at);
      at += r.length;
    }
    return out;
  }

  private isFaulted(): boolean {
    return this.stateValue === 'paper-out' || this.stateValue === 'head-open' || this.stateValue === 'ribbon-out';
  }

  private hostStatus(): HostStatus {
    const s = this.stateValue;
    return {
      commSettings: 30,
      paperOut: s === 'paper-out',
      paused: s === 'paused' || this.isFaulted(),
      labelLengthDots: this.options.labelLengthDots,
      formatsInBuffer: Math.min(999, this.buffered.length),
      bufferFull: false,
      commDiagnosticMode: false,
      partialFormat: this.text.includes('^XA'),
      corruptRam: false,
      underTemperature: false,
      overTemperature: false,
      functionSettings: 1,
      headOpen: s === 'head-open',
      ribbonOut: s === 'ribbon-out',
      thermalTransfer: false,
      printMode: 0,
      printWidthMode: 0,
      labelWaiting: false,
      labelsRemaining: this.buffered.length,
      graphicsStored: 0,
      password: 1234,
      staticRamInstalled: false,
    };
  }
}
