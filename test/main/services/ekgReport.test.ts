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
import { layoutReport, SIMULATED_REPORT_TEXT, UNCONFIRMED_TEXT, type ReportInput } from '../../../main/domain/ekg-report/layout.ts';
import { flagLine } from '../../../main/domain/ekg-report/findings.ts';
import { loadEkg } from '../../../main/io/ekgDatasets.ts';
import { renderReportPdf, ReportTextError, reportTextWidthEm } from '../../../main/services/ekgReport.ts';
import { LONGEST_COMMENT, MOST_FLAGS } from '../../helpers/ekgReportCases.ts';

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

function pdfText(path: string, mode = '-layout'): string {
  return execFileSync('pdftotext', [mode, path, '-'], { encoding: 'utf8' });
}

/** pdftotext in drawing order with every run of white space as one space: wrapped lines join up again. */
const flowText = (path: string) => pdfText(path, '-raw').replace(/\s+/g, ' ');

describe('12-lead PDF report', () => {
  it('is one page with the grid at 10 mm/mV and 25 mm/s, UNCONFIRMED and SIMULATED marks', async () => {
    mkdirSync(OUT, { recursive: true });
    const pdf = await renderReportPdf(layoutReport(await input({ status: 'unconfirmed', by: null, at: null, comment: null }, true), reportTextWidthEm));
    const path = join(OUT, 'unconfirmed.pdf');
    writeFileSync(path, pdf);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\b/);
    const text = pdfText(path);
    expect(text).toContain(UNCONFIRMED_TEXT);
    expect(text).toContain('SIMULATED');
    // Said in words in the header, not only by the watermark (a UI tester): "SIMULATED - not patient data".
    expect(text).toContain(SIMULATED_REPORT_TEXT);
    expect(text.indexOf(SIMULATED_REPORT_TEXT)).toBeLessThan(text.indexOf('MRN SIM-000123'));
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
    const pdf = await renderReportPdf(layoutReport(await input({ status: 'confirmed', by: 'dr1', at: '2026-11-22 10:02', comment: null }, false), reportTextWidthEm));
    const path = join(OUT, 'confirmed.pdf');
    writeFileSync(path, pdf);
    const text = pdfText(path);
    expect(text).not.toContain(UNCONFIRMED_TEXT);
    expect(text).toContain('CONFIRMED by dr1');
    expect(text.match(/SIMULATED/g)?.length ?? 0).toBe(1);
    expect(text).not.toContain('not patient data');
  });

  it('prints names, operator, flags and comment in any script the font covers, exactly as given', async () => {
    mkdirSync(OUT, { recursive: true });
    const base = await input({ status: 'over-read', by: 'dr.Núñez', at: '2026-11-22 10:02', comment: 'Ça va: ST ↑ in V2–V3, Đorđević and Ødegård notified; Ελένη Παπαδοπούλου, Юлия Иванова.' }, true);
    const name = "O'BRIEN-ŁUKASZ, Ana María";
    const st = { code: 'ST_ELEVATION', urgency: 'immediate', value: 2.5, text: 'ST segment raised in neighbouring leads (V2/V3; up to 2.5 mm) ≥ 2 mm: notify the provider now.' } as const;
    // The name as a keyboard may send it, "i" + combining acute: printed as the same "í".
    const layout = layoutReport({ ...base, patient: { ...base.patient, name: name.normalize('NFD') }, operator: 'Zoë Şahin-Nguyễn', flags: [st] }, reportTextWidthEm);
    const path = join(OUT, 'unicode.pdf');
    writeFileSync(path, await renderReportPdf(layout));
    const text = flowText(path).normalize('NFC');
    expect(text).toContain(name);
    expect(text).toContain('Operator Zoë Şahin-Nguyễn');
    expect(text).toContain('OVER-READ by dr.Núñez');
    expect(text).toContain(flagLine(st, { status: 'over-read', providerNotified: false, immediateAcknowledged: false }));
    expect(text).toContain('Provider comment: Ça va: ST ↑ in V2–V3, Đorđević and Ødegård notified; Ελένη Παπαδοπούλου, Юлия Иванова.');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', path, join(OUT, 'unicode-view')]);
  });

  it('refuses, with a typed error, a text the font has no glyph for or cannot lay out', async () => {
    const base = await input({ status: 'unconfirmed', by: null, at: null, comment: null }, false);
    // A zero-width space printed nothing: a tester's "Nor\u200Bmal" in a comment read "Normal".
    for (const name of ['王, 小明', 'כהן, דוד', 'DOE\u202E, Jo', 'DOE, Nor\u200Bma', 'DOE, Jo \u{1F9EC}']) {
      const layout = layoutReport({ ...base, patient: { ...base.patient, name } }, reportTextWidthEm);
      const refused = renderReportPdf(layout);
      await expect(refused).rejects.toThrow(ReportTextError);
      await expect(refused).rejects.toMatchObject({ code: 'report-unprintable-text' });
      // The message says what kind of text, not which: it may be the patient's name.
      const message = ((await refused.catch((e: unknown) => e)) as Error).message;
      for (const c of name) if (!/[\p{ASCII}]/u.test(c)) expect(message).not.toContain(c);
    }
  });

  it('prints every one of the most flags that can co-occur and a 2000-character comment on one page', async () => {
    mkdirSync(OUT, { recursive: true });
    const base = await input({ status: 'over-read', by: 'dr1', at: '2026-11-22 10:02', comment: LONGEST_COMMENT }, true);
    const path = join(OUT, 'most-flags.pdf');
    writeFileSync(path, await renderReportPdf(layoutReport({ ...base, flags: MOST_FLAGS }, reportTextWidthEm)));
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
    const text = flowText(path);
    for (const f of MOST_FLAGS) expect(text).toContain(flagLine(f, { status: 'over-read', providerNotified: false, immediateAcknowledged: false }));
    expect(text).toContain(`Provider comment: ${LONGEST_COMMENT.replace(/\s+/g, ' ')}`);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', path, join(OUT, 'most-flags-view')]);
  });
});
