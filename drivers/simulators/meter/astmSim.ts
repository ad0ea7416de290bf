import { ACK, EOT, NAK, STX } from '../../protocols/astm/frame.ts';
import { escapeText, type Delimiters } from '../../protocols/astm/records.ts';
import { AstmSender } from '../../protocols/astm/sender.ts';
import type { Transport } from '../../transports/transport.ts';
import type { MeterFault } from './faults.ts';
import { astmTimestamp, type SimReading } from './readings.ts';

const D: Delimiters = { field: '|', repeat: '\\', component: '^', escape: '&' };
export const SIM_ASTM_SERIAL = 'SIM-ASTM-0001';

/** The E1394 message a simulated analyzer sends: H, P, R (+ SIMULATED comment) per reading, L. */
export function simAstmRecords(readings: readonly SimReading[], serial = SIM_ASTM_SERIAL, now = readings[0]): string[] {
  const e = (s: string) => escapeText(s, D);
  const ts = now ? astmTimestamp(now).slice(0, 12) : '';
  const out = [`H|\\^&||SIMULATED|${e('SIMULATED METER')}^1.00^${e(serial)}^|A=1^U=mg/dL|${readings.length}|||||||1|${ts}`, 'P|1'];
  readings.forEach((r, i) => {
    out.push(`R|${i + 1}|^^^${e(r.test)}|${e(r.value)}|${e(r.unit)}||${r.control ? 'C' : ''}||F||||${astmTimestamp(r)}|${e(serial)}`);
    out.push('C|1|I|SIMULATED^Simulated device result|G');
  });
  out.push('L|1|N');
  return out;
}

/**
 * A simulated ASTM meter on a transport: waits for the host's wake-up EOT (Contour style), then
 * sends its message through the pure AstmSender, applying the chosen fault.
 */
export class AstmMeterSim {
  private sender: AstmSender | null = null;
  private framesSent = 0;
  private corruptedOnce = false;
  private stopped = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: Transport,
    private readonly records: readonly string[],
    private readonly fault: MeterFault,
    private readonly log: (line: string) => void,
  ) {
    transport.onData((b) => this.onBytes(b));
    this.timer = setInterval(() => this.sender && this.emit(this.sender.poll(Date.now())), 50);
  }

  /** One write in flight at a time (the Transport's rule). */
  private write(bytes: Uint8Array): void {
    this.writes = this.writes.then(() => this.transport.write(bytes)).catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private onBytes(bytes: Uint8Array): void {
    if (this.stopped) return;
    const busy = this.sender && (this.sender.status === 'await-enq-reply' || this.sender.status === 'await-frame-reply' || this.sender.status === 'wait-to-bid');
    if (!busy) {
      if (bytes.includes(EOT)) {
        this.log('host woke the meter: sending');
        this.sender = new AstmSender({ contentionBackoffMs: 1000 });
        this.framesSent = 0;
        this.emit(this.sender.start(this.records, Date.now()));
      }
      return;
    }
    this.emit(this.sender!.feed(bytes, Date.now()));
  }

  private emit(out: { send: Uint8Array[]; events: { type: string }[] }): void {
    for (const ev of out.events) if (ev.type !== 'frame-sent') this.log(`link: ${JSON.stringify(ev)}`);
    for (const bytes of out.send) {
      if (this.stopped) return;
      let b = bytes;
      if (b[0] === STX) {
        this.framesSent++;
        if (this.framesSent === 3 && (this.fault === 'timeout' || this.fault === 'unplug')) {
          this.stopped = true;
          this.log(`fault ${this.fault}: stopping mid-transfer`);
          if (this.fault === 'unplug') this.writes = this.writes.then(() => this.transport.close());
          return;
        }
        const isFrame2 = b[1] === 0x32;
        if (isFrame2 && (this.fault === 'bad-checksum' || (this.fault === 'flaky-checksum' && !this.corruptedOnce))) {
          this.corruptedOnce = true;
          b = b.slice();
          b[b.length - 3] = b[b.length - 3] === 0x30 ? 0x31 : 0x30; // wrong checksum digit
        }
        if (this.fault === 'nak-storm') this.write(Uint8Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? NAK : i % 3 === 1 ? ACK : 0xff)));
      }
      this.write(b);
    }
  }
}
