/**
 * Conservative advance widths of ZPL font 0 (scalable CG Triumvirate Bold Condensed), as a
 * fraction of the `^A0` width parameter. Measured on zebrash (the renderer our simulator uses)
 * at 8 and 12 dots/mm and rounded up, so text we decide "fits" also fits on a printer:
 * W 0.83, M/m 0.77, A 0.56, E/e/0 0.50, I/i 0.27, space 0.28, comma 0.35, hyphen 0.78.
 */
const NARROW = new Set([...'Iijl1tf.,;:!|\' ']);
const WIDE = new Set([...'MmW']);

function advance(c: string): number {
  if (WIDE.has(c)) return c === 'W' ? 0.86 : 0.8;
  if (NARROW.has(c)) return c === ',' || c === ';' ? 0.37 : 0.3;
  if (c === '-' || c === '_' || c === 'w') return 0.8;
  if (c >= 'a' && c <= 'z') return 0.54;
  if (c >= '0' && c <= '9') return 0.54;
  return 0.62;
}

/** Estimated printed width in dots of `text` in `^A0N,h,charWidthDots`. */
export function textWidthDots(text: string, charWidthDots: number): number {
  let units = 0;
  for (const c of text) units += advance(c);
  return Math.ceil(units * charWidthDots);
}

/** The longest prefix of `text` (in code points) that fits `maxWidthDots`. */
export function fitPrefix(text: string, charWidthDots: number, maxWidthDots: number): string {
  const chars = [...text];
  let units = 0;
  let n = 0;
  for (const c of chars) {
    if (Math.ceil((units + advance(c)) * charWidthDots) > maxWidthDots) break;
    units += advance(c);
    n++;
  }
  return chars.slice(0, n).join('');
}

/**
 * The widest `^A0` character width from `widestDots` down to `narrowestDots` at which `text` fits
 * `maxWidthDots`, or undefined when it does not fit even at `narrowestDots`.
 */
export function fitCharWidthDots(text: string, maxWidthDots: number, widestDots: number, narrowestDots: number): number | undefined {
  for (let w = widestDots; w >= narrowestDots; w--) if (textWidthDots(text, w) <= maxWidthDots) return w;
  return undefined;
}
