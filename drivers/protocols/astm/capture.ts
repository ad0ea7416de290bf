/**
 * Decodes a byte capture of a device's ASTM transmission (with or without the ENQ/EOT
 * handshake) into readings, message by message: a broken message contributes no readings and
 * one error. Bytes outside any frame are reported once (`lineNoise`): a warning when every message
 * was received whole (each frame is checksummed and numbered on its own), an error when no
 * message was, so a noise-only capture is not mistaken for an empty meter, or when a frame end
 * among the noise shows a frame may have been lost with its message. Neither is
 * a capture with no transmission in it at all (an empty file, or only the station's own EOT): the
 * meter's empty memory is a transmission too, ENQ then EOT, which is a valid empty download.
 * Pure: the CLI reads the file, this decides.
 */
import type { MeterReading } from '../meterResult.ts';
import { AstmMessageAssembler } from './assembler.ts';
import { AstmReceiver, lineNoise } from './receiver.ts';

export interface CaptureDecode {
  readonly readings: MeterReading[];
  /** Broken messages, no transmission, and line noise that may have cost a message: the import fails. */
  readonly errors: { readonly code: string; readonly reason: string }[];
  /** Line noise between frames that cost nothing: said, every reading is kept. */
  readonly warnings: { readonly code: string; readonly reason: string }[];
  readonly messages: number;
}

export function decodeAstmCapture(bytes: Uint8Array): CaptureDecode {
  // No timeouts in a file: time stands still.
  const receiver = new AstmReceiver({ requireEnq: false });
  const assembler = new AstmMessageAssembler(true);
  const readings: MeterReading[] = [];
  const errors: { code: string; reason: string }[] = [];
  let messages = 0;
  let transmissions = 0;
  const take = (events: ReturnType<AstmReceiver['feed']>['events']): void => {
    for (const ev of events) {
      if (ev.type === 'established') transmissions++;
      for (const a of assembler.handle(ev)) {
        if (a.type === 'message') {
          messages++;
          readings.push(...a.readings);
        } else errors.push({ code: a.code, reason: a.reason });
      }
    }
  };
  take(receiver.feed(bytes, 0).events);
  // End of capture = end of transmission: a message still open is broken.
  if (receiver.receiving) take([{ type: 'end' }]);
  const noise = lineNoise(receiver.strayBytes, receiver.strayFrameEnds, messages);
  const warnings: { code: string; reason: string }[] = [];
  if (noise) (noise.lossPossible ? errors : warnings).push({ code: noise.code, reason: noise.reason });
  // Noise alone is reported as noise (the likelier cause); silence is reported as silence.
  else if (transmissions === 0) errors.push({ code: 'astm-empty', reason: 'the capture holds no transmission (no ENQ and no frame): nothing was received from the meter' });
  return { readings, errors, warnings, messages };
}
