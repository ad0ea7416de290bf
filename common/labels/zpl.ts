import type { LabelLayout, LayoutElement } from './layout.ts';

/**
 * ZPL II for a label layout [src: Zebra ZPL II Programming Guide: ^XA ^CI ^PW ^LL ^FO ^A0 ^FH
 * ^FD ^FS ^FR ^GB ^BY ^BC ^BX ^PQ ^XZ]. Every text field goes through ^FH with `_` as the hex
 * indicator and every byte outside [A-Za-z0-9 space .,:-/'()] is written as _XX (UTF-8, ^CI28),
 * so field data can never start a `^` or `~` command, whatever a name contains.
 */
const SAFE = /^[A-Za-z0-9 .,:\-/'()*]$/;

/** UTF-8 bytes of one code point [src: RFC 3629 §3] (no TextEncoder in pure code's lib). */
function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  return [0xf0 | (codePoint >> 18), 0x80 | ((codePoint >> 12) & 0x3f), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
}

export function escapeFieldData(text: string): string {
  let out = '';
  for (const c of text) {
    if (SAFE.test(c)) {
      out += c;
      continue;
    }
    for (const b of utf8Bytes(c.codePointAt(0)!)) out += `_${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function element(e: LayoutElement): string {
  switch (e.kind) {
    case 'text':
      return `^FO${e.xDots},${e.yDots}^A0${e.rotation},${e.heightDots},${e.charWidthDots}${e.reverse ? '^FR' : ''}^FH_^FD${escapeFieldData(e.text)}^FS`;
    case 'box':
      return `^FO${e.xDots},${e.yDots}^GB${e.widthDots},${e.heightDots},${e.thicknessDots}^FS`;
    case 'code128':
      // Mode A (automatic subset) and no printer interpretation line: our own text element is
      // the human-readable line, so the preview and the print show the same thing.
      return `^FO${e.xDots},${e.yDots}^BY${e.moduleDots}^BCN,${e.heightDots},N,N,N,A^FH_^FD${escapeFieldData(e.data)}^FS`;
    case 'datamatrix':
      return `^FO${e.xDots},${e.yDots}^BXN,${e.moduleDots},200^FH_^FD${escapeFieldData(e.data)}^FS`;
  }
}

export function layoutToZpl(layout: LabelLayout): string {
  return ['^XA', '^CI28', `^PW${layout.widthDots}`, `^LL${layout.heightDots}`, '^LH0,0', ...layout.elements.map(element), '^PQ1', '^XZ'].join('\n') + '\n';
}
