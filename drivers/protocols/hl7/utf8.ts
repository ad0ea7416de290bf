/** UTF-8 without TextEncoder/TextDecoder (not part of the pure lib): via the URI codec of ES itself. */
export function utf8Encode(s: string): Uint8Array {
  const escaped = encodeURIComponent(s);
  const out: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      out.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(escaped.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; invalid sequences become U+FFFD per byte rather than throwing. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let chunk = '';
    for (let k = 0; k < len && i + k < bytes.length; k++) chunk += `%${bytes[i + k]!.toString(16).padStart(2, '0')}`;
    try {
      if (len === 0) throw new URIError('lead byte');
      out += decodeURIComponent(chunk);
      i += len;
    } catch {
      out += '\ufffd';
      i++;
    }
  }
  return out;
}
