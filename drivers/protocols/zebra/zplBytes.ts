import { FormatError } from '../../../common/errors.ts';

/**
 * ZPL as sent on the wire. Our generator escapes everything outside printable ASCII with ^FH
 * (common/labels/zpl.ts), so a format is pure ASCII; anything else is refused, never re-encoded.
 */
export function zplToBytes(zpl: string): Uint8Array {
  const bytes = new Uint8Array(zpl.length);
  for (let i = 0; i < zpl.length; i++) {
    const c = zpl.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && c !== 0x0a && c !== 0x0d)) throw new FormatError('ZPL contains a byte outside printable ASCII');
    bytes[i] = c;
  }
  return bytes;
}
