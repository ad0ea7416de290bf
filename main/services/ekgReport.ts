// Draws the report layout (main/domain/ekg-report/layout.ts) as a one-page PDF with pdfkit, in an
// embedded Unicode font: pdfkit's built-in Helvetica encodes only Latin-1 (WinAnsi), so a name such
// as "Łukasz" printed as other letters. The font is DejaVu Sans Condensed from the npm package
// dejavu-fonts-ttf (Bitstream Vera licence, DejaVu changes public domain: free to redistribute).
import { hasHiddenCharacter } from '../../common/hiddenCharacters.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { StationError } from '../../common/errors.ts';
import type { ReportLayout } from '../domain/ekg-report/layout.ts';
import { wrapText, type TextWidthEm } from '../domain/ekg-report/textFlow.ts';

const PT_PER_MM = 72 / 25.4;

/** A text the report cannot print as given; refused so that no patient is identified by wrong letters. */
export class ReportTextError extends StationError {
  constructor(message: string) {
    super('report-unprintable-text', message);
    this.name = 'ReportTextError';
  }
}

interface ReportFont {
  bytes: Buffer;
  metrics: Font;
}

let fonts: { regular: ReportFont; bold: ReportFont } | null = null;

/** Read once: every report embeds the subset of glyphs it uses. */
function reportFonts(): { regular: ReportFont; bold: ReportFont } {
  if (fonts === null) {
    const require = createRequire(import.meta.url);
    const load = (file: string): ReportFont => {
      const bytes = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
      const metrics = create(bytes);
      if (!('unitsPerEm' in metrics)) throw new Error(`${file} is a font collection, not one font`);
      return { bytes, metrics };
    };
    fonts = { regular: load('DejaVuSansCondensed.ttf'), bold: load('DejaVuSansCondensed-Bold.ttf') };
  }
  return fonts;
}

/** Widths as pdfkit will draw them: the same fontkit layout (kerning and ligatures) of the same file. */
export const reportTextWidthEm: TextWidthEm = (text, bold) => {
  const f = reportFonts()[bold ? 'bold' : 'regular'].metrics;
  return f.layout(text).advanceWidth / f.unitsPerEm;
};

// pdfkit lays text out left to right only: these scripts would print with their letters reversed.
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/u;

/**
 * Throws ReportTextError unless every character of `text` prints as itself in `font`. The message
 * names the kind of text, never the character: it may come from the patient's name, and error
 * messages carry no patient data (common/errors.ts).
 */
function assertPrintable(text: string, font: Font): void {
  // The station's one rule for hidden characters (common/hiddenCharacters.ts): a zero-width space
  // in an over-read comment was stored and printed invisibly ("Nor\u200Bmal" read "Normal").
  if (hasHiddenCharacter(text)) throw new ReportTextError('The report cannot print a hidden control, zero-width or text-direction character in its names or comments.');
  for (const c of text) {
    if (RIGHT_TO_LEFT.test(c)) throw new ReportTextError('The report cannot print right-to-left text (Hebrew, Arabic and similar scripts) in its names or comments.');
    if (!font.hasGlyphForCodePoint(c.codePointAt(0)!)) {
      throw new ReportTextError(
        'The report font has no letters or signs for some characters in its names or comments (for example many emoji, or Chinese, Japanese or Korean script): the report is not printed rather than show other characters.',
      );
    }
  }
}

/**
 * Throws ReportTextError unless `text` (a provider comment, in the regular face, or bold) will print
 * on the report as given. The same rule renderReportPdf applies, checked before the text is stored:
 * cut into lines as the layout cuts them (wrapText: NFC, tabs as spaces, every line end a new line),
 * then every character must print as itself.
 */
export function assertReportText(text: string, bold = false): void {
  const font = reportFonts()[bold ? 'bold' : 'regular'].metrics;
  // An unbounded width and zero-width words: one line per paragraph, no measuring.
  for (const line of wrapText(text, Number.POSITIVE_INFINITY, { sizePt: 10, bold }, () => 0)) assertPrintable(line, font);
}

/** The PDF bytes; rejects with ReportTextError when a text cannot be printed as given. */
export async function renderReportPdf(layout: ReportLayout): Promise<Uint8Array> {
  const f = reportFonts();
  // Checked before drawing anything: a refused report leaves no half-written PDF behind.
  for (const p of layout.primitives) {
    if (p.kind === 'text') assertPrintable(p.text, f[p.bold ? 'bold' : 'regular'].metrics);
    if (p.kind === 'watermark') assertPrintable(p.text, f.bold.metrics);
  }
  const doc = new PDFDocument({ size: [layout.pageWidthMm * PT_PER_MM, layout.pageHeightMm * PT_PER_MM], margin: 0, compress: true, info: { Title: '12-lead EKG report' } });
  doc.registerFont('regular', f.regular.bytes).registerFont('bold', f.bold.bytes);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const pt = (mm: number) => mm * PT_PER_MM;
  for (const p of layout.primitives) {
    switch (p.kind) {
      case 'grid': {
        // 1 mm minor and 5 mm major lines (grid arithmetic: 1 mm = 40 ms = 0.1 mV).
        for (const major of [false, true]) {
          doc.save().lineWidth(major ? 0.6 : 0.25).strokeColor(major ? '#f08080' : '#f9c8c8');
          for (let i = 0; i <= Math.round(p.widthMm); i++) {
            if ((i % 5 === 0) !== major) continue;
            doc.moveTo(pt(p.xMm + i), pt(p.yMm)).lineTo(pt(p.xMm + i), pt(p.yMm + p.heightMm));
          }
          for (let j = 0; j <= Math.round(p.heightMm); j++) {
            if ((j % 5 === 0) !== major) continue;
            doc.moveTo(pt(p.xMm), pt(p.yMm + j)).lineTo(pt(p.xMm + p.widthMm), pt(p.yMm + j));
          }
          doc.stroke().restore();
        }
        break;
      }
      case 'trace': {
        if (p.yMm.length < 2) break;
        doc.save().lineWidth(0.5).strokeColor('#000000').lineJoin('round');
        let penDown = false;
        for (let i = 0; i < p.yMm.length; i++) {
          const y = p.yMm[i]!;
          if (y !== y) {
            penDown = false;
            continue;
          }
          if (penDown) doc.lineTo(pt(p.xMm + i * p.stepMm), pt(y));
          else doc.moveTo(pt(p.xMm + i * p.stepMm), pt(y));
          penDown = true;
        }
        doc.stroke().restore();
        break;
      }
      case 'path': {
        const [first, ...rest] = p.pointsMm;
        if (first === undefined) break;
        doc.save().lineWidth(0.6).strokeColor('#000000').moveTo(pt(first[0]), pt(first[1]));
        for (const [x, y] of rest) doc.lineTo(pt(x), pt(y));
        doc.stroke().restore();
        break;
      }
      case 'text':
        // One line each, exactly as the layout broke it (main/domain/ekg-report/textFlow.ts).
        doc
          .font(p.bold ? 'bold' : 'regular')
          .fontSize(p.sizePt)
          .fillColor(p.color)
          .text(p.text, pt(p.xMm), pt(p.yMm), { lineBreak: false });
        break;
      case 'watermark':
        doc
          .save()
          .rotate(p.angleDeg, { origin: [pt(p.xMm), pt(p.yMm)] })
          .font('bold')
          .fontSize(p.sizePt)
          .fillColor('#808080')
          .fillOpacity(0.25)
          .text(p.text, pt(p.xMm) - 400, pt(p.yMm) - p.sizePt / 2, { width: 800, align: 'center', lineBreak: false })
          .restore();
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown primitive ${String(never)}`);
      }
    }
  }
  doc.end();
  return done;
}
