/**
 * Groups the receiver's records into E1394 messages (H..L) and turns each complete one into
 * readings. A message is all-or-nothing: a broken message (missing L, records out of order, a
 * rejected frame when `strict`, two different frames under one frame number, a timeout, an
 * abandoned transmission or EOT mid-message) yields no readings at all.
 * `strict` is for captures replayed from a file, where nobody answers NAK with a retransmission.
 */
import { isSimulatedSerial, type MeterReading } from '../meterResult.ts';
import { AstmError } from './errors.ts';
import type { ReceiverEvent } from './receiver.ts';
import { astmTimestampToIso, parseMessage, type AstmMessage } from './records.ts';

export type AssemblerEvent =
  | { readonly type: 'message'; readonly message: AstmMessage; readonly readings: MeterReading[] }
  | { readonly type: 'broken'; readonly code: string; readonly reason: string };

/** Contour R-7 markers: `C` control solution (Tidepool bayerContour.js isControl). */
const isControlFlags = (flags: string): boolean => flags.split('/').some((f) => f === 'C' || f === 'E');

export function readingsOf(message: AstmMessage): MeterReading[] {
  // Contour: H-5 = model^versions^serial^...; otherwise the first component names the device.
  const headerSerial = message.sender[2] || message.sender[0] || '';
  return message.results.map((r) => {
    if (r.completedAt === '') throw new AstmError('astm-record', 'result record without a date/time');
    const deviceSerial = r.instrument || headerSerial;
    return {
      test: r.testCode,
      value: r.value,
      unit: r.units,
      observedAt: astmTimestampToIso(r.completedAt),
      deviceSerial,
      recordTime: r.completedAt,
      protocol: 'astm',
      control: isControlFlags(r.abnormalFlags),
      flags: r.abnormalFlags,
      simulated: isSimulatedSerial(deviceSerial),
    };
  });
}

export class AstmMessageAssembler {
  private records: string[] | null = null;
  private tainted: { readonly code: string; readonly reason: string } | null = null;

  constructor(private readonly strict: boolean) {}

  handle(e: ReceiverEvent): AssemblerEvent[] {
    switch (e.type) {
      case 'established':
        return this.close('astm-sequence', 'transmission restarted before the L terminator');
      case 'frame-rejected':
        if (!this.strict && e.spoilsMessage !== true) return [];
        // No retransmission will come (or none can repair it: a different frame under the number of
        // one already taken): the open message (or the one the frame began) is broken.
        this.tainted ??= e.spoilsMessage
          ? { code: 'astm-sequence', reason: 'two different frames with the same frame number' }
          : { code: `astm-${e.reason}`, reason: `frame rejected (${e.reason})` };
        this.records ??= [];
        return [];
      case 'aborted':
        return this.close('astm-aborted', `transmission abandoned after ${e.rejections} rejected frames in a row (last: ${e.lastReason})`);
      case 'record':
        return this.record(e.text);
      case 'end':
        return this.close('astm-sequence', 'transmission ended before the L terminator');
      case 'timeout':
        return this.close('astm-timeout', 'no frame within the receive timeout');
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private close(code: string, reason: string): AssemblerEvent[] {
    const open = this.records;
    const tainted = this.tainted;
    this.records = null;
    this.tainted = null;
    if (open === null) return [];
    return [{ type: 'broken', code: tainted?.code ?? code, reason: tainted?.reason ?? reason }];
  }

  private record(text: string): AssemblerEvent[] {
    const out: AssemblerEvent[] = [];
    if (text[0] === 'H') {
      // Whatever was open (a message missing its L, or a rejected frame) is reported broken.
      out.push(...this.close('astm-record', 'new H header before the L terminator'));
      this.records = [];
    } else if (this.records === null) {
      // The header was lost: everything up to the next L is one broken message.
      this.records = [];
      this.tainted = { code: 'astm-record', reason: 'record outside an H..L message' };
    }
    const records = this.records ?? [];
    records.push(text);
    if (text[0] !== 'L') return out;
    const tainted = this.tainted;
    this.records = null;
    this.tainted = null;
    if (tainted) return [...out, { type: 'broken', code: tainted.code, reason: tainted.reason }];
    try {
      const message = parseMessage(records);
      return [...out, { type: 'message', message, readings: readingsOf(message) }];
    } catch (err) {
      if (err instanceof AstmError) return [...out, { type: 'broken', code: err.code, reason: err.message }];
      throw err;
    }
  }
}
