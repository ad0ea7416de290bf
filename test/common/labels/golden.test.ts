import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { formatAccession } from '../../../common/labels/accession.ts';
import { buildLabel } from '../../../common/labels/label.ts';
import type { Code128Element } from '../../../common/labels/layout.ts';
import { renderZplToPng } from '../../../drivers/simulators/printer/renderPng.ts';
import { NOW_MS, sampleInput } from './fixtures.ts';

const OUT = 'test-results/labels';

/** zbarimg (Debian zbar-tools) decodes the rendered label: an independent reader of our barcode. */
function scan(pngPath: string): string[] {
  const out = execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Scode128.enable', pngPath], { encoding: 'utf8' });
  return out.trim().split('\n');
}

/** Leftmost and rightmost dark pixel on one row, left of `endX`. */
function darkExtent(png: PNG, y: number, endX: number): [number, number] {
  let first = -1;
  let last = -1;
  for (let x = 0; x < endX; x++) {
    if (png.data[(y * png.width + x) * 4]! < 128) {
      if (first < 0) first = x;
      last = x;
    }
  }
  return [first, last];
}

describe('golden labels: ZPL rendered to PNG scans back to the accession', () => {
  mkdirSync(OUT, { recursive: true });
  const longName = sampleInput({ patient: { familyName: 'Abercrombie-Fitzgerald', givenName: 'Maximiliane Charlotte Louise', mrn: 'MRN00912345', dob: '1948-03-09' }, specimen: { tests: ['CMP', 'LIPID', 'TSH'], collector: 'JSMITH' } });
  // 32 characters: the longest MRN the patient records accept (a mixed one, and the widest one,
  // which moves the date of birth under the barcode), and the longest login.
  const longIds = (mrn: string) => sampleInput({ patient: { ...longName.patient, mrn }, specimen: { ...longName.specimen, collector: 'maria.delacruz-hernandez.clinic2' } });
  const mixedMrn = longIds('MRN-2024-00912345-ABCDEF-7788990');
  const widestMrn = longIds('W'.repeat(32));
  const cases = [
    { name: 'long-name-203-simulated', input: longName, dpi: 203 as const, simulated: true, dataMatrix: true, seq: 1234 },
    { name: 'long-name-300', input: longName, dpi: 300 as const, simulated: false, dataMatrix: true, seq: 99_999_999 },
    { name: 'long-name-203-digit-check', input: longName, dpi: 203 as const, simulated: false, dataMatrix: false, seq: 5 },
    { name: 'mrn32-login32-203-simulated', input: mixedMrn, dpi: 203 as const, simulated: true, dataMatrix: true, seq: 1234 },
    { name: 'mrn32-login32-300', input: mixedMrn, dpi: 300 as const, simulated: false, dataMatrix: true, seq: 1234 },
    { name: 'widest-mrn32-203-simulated', input: widestMrn, dpi: 203 as const, simulated: true, dataMatrix: true, seq: 1234 },
    { name: 'widest-mrn32-300-simulated', input: widestMrn, dpi: 300 as const, simulated: true, dataMatrix: false, seq: 1234 },
  ];
  it.each(cases)('$name', async ({ name, input, dpi, simulated, dataMatrix, seq }) => {
    const accession = formatAccession('ST', seq);
    const { zpl, layout } = buildLabel(input, { accession, nowMs: NOW_MS, simulated, dpi, dataMatrix });
    // The MRN is printed whole (on its own or with the date of birth).
    expect(zpl).toContain(`MRN ${input.patient.mrn}^FS`);
    const png = await renderZplToPng(zpl, dpi);
    const path = `${OUT}/${name}.png`;
    writeFileSync(path, png);
    writeFileSync(`${OUT}/${name}.zpl`, zpl);
    expect(scan(path)).toEqual([accession]);
    // The bars the printer draws are exactly as wide as the layout model says (so the preview
    // and the quiet zones are right): measured on the middle row of the barcode.
    const bc = layout.elements.find((e): e is Code128Element => e.kind === 'code128')!;
    // Stop before the Data Matrix: the barcode's right quiet zone is 10 modules.
    const [first, last] = darkExtent(PNG.sync.read(png), bc.yDots + Math.floor(bc.heightDots / 2), bc.xDots + bc.widthDots + 10 * bc.moduleDots);
    expect(first).toBe(bc.xDots);
    expect(last + 1 - first).toBe(bc.widthDots);
  });
});
