// Renders a real 12-lead recording to the one-page report, rasterises it with pdftoppm and checks
// page count, grid scale and the review/simulated marks. PNGs are kept under test-results/ to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { detectRPeaks } from '../../../main/ekg/detect/index.ts';
import { analyzeEkg } from '../../../main/domain/ekg-flags/summary.ts';
import { layoutReport, UNCONFIRMED_TEXT, wrappedLines, type ReportInput } from '../../../main/domain/ekg-report/layout.ts';
import PDFDocument from 'pdfkit';
import { loadEkg } from '../../../main/io/ekgDatasets.ts';
import { renderReportPdf } from '../../../main/services/ekgReport.ts';

const OUT = 'test-results/ekg-report';

async function input(review: ReportInput['review'], simulated: boolean): Promise<ReportInput> {
  const r = await loadEkg('../shared/ecg/cinc2021-dev/E07500.hea');
  const { interpretation } = analyzeEkg({ fsHz: r.fsHz, leads: r.leads, rPeaks: detectRPeaks(r.leads.map((l) => l.mv), r.fsHz) }, r.patient);
  return {
    patient: { name: 'SIMULATED, Patient', mrn: 'SIM-000123', birthDate: '1948-02-03', sex: 'male' },
    capturedAt: '2026-11-22 09:15',
    operator: 'ma1',
    device: 'SIM-CART-1',
    filterSettings: '0.05-150 Hz, 60 Hz notch',
    fsHz: r.fsHz,
    leads: r.leads,
    measurements: interpretation.measurements,
    qtcFridericiaMs: interpretation.qtc.fridericiaMs,
    qtcBazettMs: interpretation.qtc.bazettMs,
    flags: interpretation.flags,
    review,
    simulated,
  };
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe('12-lead PDF report', () => {
  it("the layout's wrapped-line estimate never falls below the lines pdfkit draws", () => {
    const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape' });
    const pairs = ['aVL/I', 'I/-aVR', '-aVR/II', 'II/aVF', 'aVF/III', 'V1/V2', 'V2/V3', 'V3/V4', 'V4/V5', 'V5/V6'];
    const texts = [1, 2, 4, 7, 10].map(
      (k) => `[IMMEDIATE] ST segment raised in neighbouring leads (${pairs.slice(0, k).join(', ')}; up to 3.5 mm) (lead calibration of this recording inconsistent: check the ST levels on the tracing): notify the provider now.`,
    );
    texts.push('Not read: ' + 'The limb leads disagree with each other on clean beats (Einthoven\'s law off by 23.1 %). '.repeat(3), 'W'.repeat(300), 'i'.repeat(300));
    for (const widthMm of [100, 261.4]) {
      for (const t of texts) {
        for (const bold of [false, true]) {
          doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
          const drawn = Math.round(doc.heightOfString(t, { width: (widthMm * 72) / 25.4 }) / doc.currentLineHeight(true));
          expect(wrappedLines(t, 7.5, bold, widthMm), `${bold ? 'bold' : 'regular'} ${widthMm} mm: ${t.slice(0, 40)}`).toBeGreaterThanOrEqual(drawn);
        }
      }
    }
  });

  it('is one page with the grid at 10 mm/mV and 25 mm/s, UNCONFIRMED and SIMULATED marks', async () => {
    mkdirSync(OUT, { recursive: true });
    const pdf = await renderReportPdf(layoutReport(await input({ status: 'unconfirmed', by: null, at: null, comment: null }, true)));
    const path = join(OUT, 'unconfirmed.pdf');
    writeFileSync(path, pdf);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\b/);
    const text = pdfText(path);
    expect(text).toContain(UNCONFIRMED_TEXT);
    expect(text).toContain('SIMULATED');
    expect(text).toContain('MRN SIM-000123');
    expect(text).toContain('25 mm/s');
    // Rasterise at 254 dpi (10 px per mm) and check the major grid: dark-pink columns every 50 px.
    execFileSync('pdftoppm', ['-png', '-r', '254', '-singlefile', path, join(OUT, 'unconfirmed')]);
    const png = PNG.sync.read(readFileSync(join(OUT, 'unconfirmed.png')));
    expect(png.width).toBeGreaterThan(2700);
    const row = Math.round((62 + 4 * 30 - 2) * 10);
    const pinkish = (x: number) => {
      const i = (row * png.width + x) * 4;
      return png.data[i]! > 200 && png.data[i + 1]! < 200;
    };
    const majorCols: number[] = [];
    for (let x = 80; x < 80 + 258 * 10; x++) if (pinkish(x) && !pinkish(x - 1)) majorCols.push(x);
    const gaps = majorCols.slice(1).map((x, i) => x - majorCols[i]!);
    const fiveMm = gaps.filter((g) => Math.abs(g - 50) <= 2).length;
    expect(fiveMm).toBeGreaterThan(40);
    // Lower resolution copy to look at.
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', path, join(OUT, 'unconfirmed-view')]);
  });

  it('shows who confirmed once reviewed, and no watermark for real data', async () => {
    const pdf = await renderReportPdf(layoutReport(await input({ status: 'confirmed', by: 'dr1', at: '2026-11-22 10:02', comment: null }, false)));
    const path = join(OUT, 'confirmed.pdf');
    writeFileSync(path, pdf);
    const text = pdfText(path);
    expect(text).not.toContain(UNCONFIRMED_TEXT);
    expect(text).toContain('CONFIRMED by dr1');
    expect(text.match(/SIMULATED/g)?.length ?? 0).toBe(1);
  });
});
