// Draws the report layout (main/domain/ekg-report/layout.ts) as a one-page PDF with pdfkit.
import PDFDocument from 'pdfkit';
import type { ReportLayout } from '../domain/ekg-report/layout.ts';

const PT_PER_MM = 72 / 25.4;

export function renderReportPdf(layout: ReportLayout): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: [layout.pageWidthMm * PT_PER_MM, layout.pageHeightMm * PT_PER_MM], margin: 0, compress: true, info: { Title: '12-lead EKG report' } });
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
        doc
          .font(p.bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(p.sizePt)
          .fillColor(p.color)
          .text(p.text, pt(p.xMm), pt(p.yMm), p.widthMm === undefined ? { lineBreak: false } : { width: pt(p.widthMm), lineBreak: false, ellipsis: true });
        break;
      case 'watermark':
        doc
          .save()
          .rotate(p.angleDeg, { origin: [pt(p.xMm), pt(p.yMm)] })
          .font('Helvetica-Bold')
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
