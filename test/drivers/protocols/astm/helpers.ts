import { encodeFrame, framesForRecords, ENQ, EOT } from '../../../../drivers/protocols/astm/frame.ts';

/** A Contour-style glucose message: H with delimiters, P, R per reading, L. */
export function contourRecords(readings: ReadonlyArray<{ value: string; unit?: string; ts: string; flags?: string }>, serial = '7390-2336773', delims = '|\\^&'): string[] {
  const [f, r, c] = [delims[0]!, delims[1]!, delims[2]!];
  const j = (...x: string[]) => x.join(f);
  return [
    `H${delims}${f}${f}7w3LBL${f}Bayer7390${c}01.24${r}01.04${c}${serial}${c}7403-${f}A=1${c}C=63${f}1714${f}${f}${f}${f}${f}${f}1${f}201909221304`,
    j('P', '1'),
    ...readings.map((x, i) => j('R', String(i + 1), `${c}${c}${c}Glucose`, x.value, `${x.unit ?? 'mg/dL'}${c}P`, '', x.flags ?? '', '', x.ts)),
    j('L', '1', 'N'),
  ];
}

/** Bytes a device sends for one message, without waiting for replies (a capture of its side). */
export function captureOf(records: readonly string[], handshake = true): Uint8Array {
  const parts: Uint8Array[] = [];
  if (handshake) parts.push(Uint8Array.of(ENQ));
  for (const fr of framesForRecords(records)) parts.push(encodeFrame(fr));
  if (handshake) parts.push(Uint8Array.of(EOT));
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
