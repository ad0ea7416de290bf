/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol): `VT(0x0B) message FS(0x1C) CR(0x0D)`
 * [src: standards-notes §2.4, docs.rs/hl7-2-mllp]. Pure encoder and a streaming decoder.
 */
import { StationError } from '../../../common/errors.ts';
import { utf8Decode, utf8Encode } from './utf8.ts';

export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export class MllpError extends StationError {
  constructor(message: string) {
    super('mllp-frame', message);
    this.name = 'MllpError';
  }
}

export function encodeMllp(message: string): Uint8Array {
  const body = utf8Encode(message);
  const out = new Uint8Array(body.length + 3);
  out[0] = VT;
  out.set(body, 1);
  out[body.length + 1] = FS;
  out[body.length + 2] = CR;
  return out;
}

/** Collects bytes into messages. Bytes outside VT..FS CR are discarded (MLLP has no other content). */
export class MllpDecoder {
  private buf: number[] | null = null;
  private sawFs = false;

  constructor(private readonly maxBytes = 1 << 20) {}

  feed(bytes: Uint8Array): string[] {
    const out: string[] = [];
    for (const b of bytes) {
      if (this.buf === null) {
        if (b === VT) this.buf = [];
        continue;
      }
      if (this.sawFs) {
        this.sawFs = false;
        if (b === CR) {
          out.push(utf8Decode(Uint8Array.from(this.buf)));
          this.buf = null;
          continue;
        }
        this.buf.push(FS);
      }
      if (b === FS) this.sawFs = true;
      else if (b === VT) this.buf = [];
      else {
        this.buf.push(b);
        if (this.buf.length > this.maxBytes) {
          this.buf = null;
          throw new MllpError('MLLP message larger than the limit');
        }
      }
    }
    return out;
  }
}

export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

export interface Ack {
  readonly code: AckCode;
  /** MSA-2: control id of the message acknowledged. */
  readonly controlId: string;
  readonly text: string;
}

/** Reads MSH field separator and the MSA segment of an ACK. Throws MllpError on anything else. */
export function parseAck(message: string): Ack {
  const segments = message.split(/\r\n|\r|\n/).filter((s) => s !== '');
  const msh = segments[0];
  if (!msh?.startsWith('MSH') || msh.length < 4) throw new MllpError('reply is not an HL7 message');
  const sep = msh[3]!;
  const msa = segments.find((s) => s.startsWith(`MSA${sep}`));
  if (!msa) throw new MllpError('reply has no MSA segment');
  const f = msa.split(sep);
  const code = f[1] ?? '';
  if (!['AA', 'AE', 'AR', 'CA', 'CE', 'CR'].includes(code)) throw new MllpError('MSA-1 is not an acknowledgment code');
  return { code: code as AckCode, controlId: f[2] ?? '', text: f[3] ?? '' };
}
