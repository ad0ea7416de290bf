import { OneTouchLineDecoder, encodeLine } from '../../protocols/onetouch/protocol.ts';
import type { Transport } from '../../transports/transport.ts';
import type { MeterFault } from './faults.ts';
import { oneTouchDate, oneTouchTime, weekday, type SimReading } from './readings.ts';

export const SIM_ONETOUCH_SERIAL = 'SIM-OT0001';

export function simDumpPayloads(readings: readonly SimReading[], serial = SIM_ONETOUCH_SERIAL): string[] {
  return [
    `P ${String(readings.length).padStart(3, '0')},"${serial}","MG/DL "`,
    ...readings.map((r) => `P "${weekday(r)}","${oneTouchDate(r)}","${oneTouchTime(r)}   ","${r.control ? 'C' : ' '} ${r.value.padStart(3, '0')} ","N","00", 00`),
  ];
}

/** A simulated OneTouch Ultra2: answers DM?, DM@, DMP (and DMF, DMSU?) with checksummed lines. */
export class OneTouchMeterSim {
  private readonly decoder = new OneTouchLineDecoder();
  private dumps = 0;
  private writes: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly transport: Transport,
    private readonly readings: readonly SimReading[],
    private readonly fault: MeterFault,
    private readonly log: (line: string) => void,
    private readonly serial = SIM_ONETOUCH_SERIAL,
  ) {
    transport.onData((b) => {
      try {
        for (const cmd of this.decoder.feed(b)) void this.command(cmd);
      } catch {
        this.log('garbage from host ignored');
      }
    });
  }

  private async send(payload: string, corrupt = false): Promise<void> {
    const bytes = encodeLine(payload);
    if (corrupt) bytes[bytes.length - 3] = bytes[bytes.length - 3] === 0x30 ? 0x31 : 0x30;
    // One write in flight at a time (the Transport's rule).
    this.writes = this.writes.then(() => this.transport.write(bytes)).catch(() => undefined);
    await this.writes;
  }

  private async command(cmd: string): Promise<void> {
    if (this.stopped || cmd === '') return;
    this.log(`command ${cmd}`);
    switch (cmd) {
      case 'DM?':
        return this.send('?P02.00.00 SIMULATED');
      case 'DM@':
        return this.send(`@ "${this.serial}"`);
      case 'DMSU?':
        return this.send('SU?,"MG/DL "');
      case 'DMF':
        return this.send('F "SAT","11/22/26","08:00:00   "');
      case 'DMP':
        return this.dump();
      default:
        return;
    }
  }

  private async dump(): Promise<void> {
    this.dumps++;
    const lines = simDumpPayloads(this.readings, this.serial);
    for (let i = 0; i < lines.length; i++) {
      if (i === 2 && (this.fault === 'timeout' || this.fault === 'unplug')) {
        this.stopped = true;
        this.log(`fault ${this.fault}: stopping mid-dump`);
        if (this.fault === 'unplug') await this.transport.close();
        return;
      }
      const corrupt = i === 2 && (this.fault === 'bad-checksum' || (this.fault === 'flaky-checksum' && this.dumps === 1));
      await this.send(lines[i]!, corrupt);
    }
  }
}
