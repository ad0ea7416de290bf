/**
 * Line breaking for the report, measured in the report's own font so the layout knows exactly where
 * every line of text ends (nothing is cut off or drawn over something else). Pure: the font metrics
 * come from the renderer (main/services/ekgReport.ts), which owns the font files.
 */

/** Advance width of a text in em (multiply by the size) in the report font, regular or bold. */
export type TextWidthEm = (text: string, bold: boolean) => number;

export interface TextStyle {
  sizePt: number;
  bold: boolean;
}

export const MM_PER_PT = 25.4 / 72;
/** The font's glyph box is 1.164 em tall (DejaVu ascent + descent): 1.25 em leaves a gap between lines. */
const LINE_HEIGHT_EM = 1.25;

export const lineHeightMm = (sizePt: number) => sizePt * LINE_HEIGHT_EM * MM_PER_PT;

/**
 * The form a text is printed in: NFC (a name typed as "i" + combining accent is printed with the
 * font's precomposed "í", the same character), tabs as spaces and every line end as "\n".
 */
function printable(t: string): string {
  return t.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
}

/** A measurer that remembers each word's width: a 2000-character comment re-measures the same words many times. */
export function memoizedWidth(widthEm: TextWidthEm): TextWidthEm {
  const cache = new Map<string, number>();
  return (t, bold) => {
    const key = `${bold ? 'b' : 'r'}${t}`;
    let em = cache.get(key);
    if (em === undefined) {
      em = widthEm(t, bold);
      cache.set(key, em);
    }
    return em;
  };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Greedy line breaking at spaces within `widthMm`; "\n" starts a new line. A word wider than a line
 * (a 100-letter family name) is broken between characters, never cut off: every character given is
 * on some line.
 */
export function wrapText(text: string, widthMm: number, style: TextStyle, widthEm: TextWidthEm): string[] {
  const maxEm = widthMm / (style.sizePt * MM_PER_PT);
  const spaceEm = widthEm(' ', style.bold);
  const lines: string[] = [];
  for (const paragraph of printable(text).split('\n')) {
    let line = '';
    let lineEm = 0;
    for (const word of paragraph.split(' ')) {
      const wordEm = widthEm(word, style.bold);
      if (line !== '' && lineEm + spaceEm + wordEm <= maxEm) {
        line += ` ${word}`;
        lineEm += spaceEm + wordEm;
        continue;
      }
      if (line !== '') lines.push(line);
      if (wordEm <= maxEm) {
        line = word;
        lineEm = wordEm;
        continue;
      }
      // Too wide for any line: as many characters per line as fit, the rest carried on.
      line = '';
      for (const { segment } of graphemes.segment(word)) {
        const withEm = widthEm(line + segment, style.bold);
        if (line !== '' && withEm > maxEm) {
          lines.push(line);
          line = segment;
        } else {
          line += segment;
        }
      }
      lineEm = widthEm(line, style.bold);
    }
    lines.push(line);
  }
  return lines;
}

/** One line of text on the page: its top-left corner (mm), drawn on one line exactly as given. */
export interface PlacedText {
  xMm: number;
  yMm: number;
  text: string;
  sizePt: number;
  bold: boolean;
  color: string;
}

/** `text` wrapped into `widthMm` as lines from (xMm, yMm) down; the y below the last line is `bottomMm`. */
export function placeText(
  xMm: number,
  yMm: number,
  text: string,
  widthMm: number,
  style: TextStyle,
  widthEm: TextWidthEm,
  color = '#000000',
): { lines: PlacedText[]; bottomMm: number } {
  const stepMm = lineHeightMm(style.sizePt);
  const lines = wrapText(text, widthMm, style, widthEm).map((t, k) => ({ xMm, yMm: yMm + k * stepMm, text: t, sizePt: style.sizePt, bold: style.bold, color }));
  return { lines, bottomMm: yMm + lines.length * stepMm };
}
