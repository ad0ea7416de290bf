import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccession, previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import { buildLabel, parseLabelInput } from '../../../common/labels/label.ts';
import { escapeFieldData } from '../../../common/labels/zpl.ts';
import { NOW_MS, sampleInput } from './fixtures.ts';

/** What a printer does with ^FH_ field data: _XX -> byte, then bytes as UTF-8 (^CI28). */
function unescapeFh(data: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === '_') {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(data.charCodeAt(i));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

describe('ZPL field data escaping', () => {
  it('property: escaped data has no command prefix and decodes back to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const e = escapeFieldData(s);
        expect(e).not.toMatch(/[\^~\r\n]/);
        expect(unescapeFh(e)).toBe(s);
      }),
    );
  });
});

describe('label layout at 203 and 300 dpi', () => {
  const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöüMW-\' '), minLength: 1, maxLength: 24 });
  it.each([203, 300] as const)('property (%i dpi): every element lies inside the label', (dpi) => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 99_999_999 }), fc.boolean(), fc.boolean(), (family, given, seq, simulated, dataMatrix) => {
        fc.pre(family.trim() !== '');
        try {
          const { layout } = buildLabel(parseLabelInput(sampleInput({ patient: { familyName: family, givenName: given } })), {
            accession: formatAccession('ABC', seq),
            nowMs: NOW_MS,
            simulated,
            dpi,
            dataMatrix,
          });
          expect(layout.widthDots).toBe(dpi === 203 ? 406 : 600);
          for (const e of layout.elements) {
            expect(e.xDots).toBeGreaterThanOrEqual(0);
            expect(e.yDots).toBeGreaterThanOrEqual(0);
            const right = e.kind === 'code128' ? e.xDots + e.widthDots : e.kind === 'datamatrix' ? e.xDots + e.sizeModules * e.moduleDots : e.kind === 'box' ? e.xDots + e.widthDots : e.xDots;
            const bottom = e.kind === 'datamatrix' ? e.yDots + e.sizeModules * e.moduleDots : e.kind === 'text' && e.rotation === 'N' ? e.yDots + e.heightDots : e.kind === 'box' || e.kind === 'code128' ? e.yDots + e.heightDots : e.yDots;
            expect(right).toBeLessThanOrEqual(layout.widthDots);
            expect(bottom).toBeLessThanOrEqual(layout.heightDots);
          }
          expect(layout.elements.some((e) => e.kind === 'text' && e.text === 'SIMULATED')).toBe(simulated);
        } catch (e) {
          expect(e).toBeInstanceOf(LabelError);
        }
      }),
    );
  });

  it('puts the name top-left and prints the accession as Code 128 plus the same human-readable text', () => {
    const { layout, zpl } = buildLabel(sampleInput(), { accession: formatAccession('ST', 7), nowMs: NOW_MS, simulated: false, dpi: 203, dataMatrix: false });
    const name = layout.elements.find((e) => e.kind === 'text' && e.role === 'name');
    expect(name).toMatchObject({ xDots: 12, yDots: 8, text: 'DOE, Jane' });
    const top = Math.min(...layout.elements.map((e) => e.yDots));
    expect(name!.yDots).toBe(top);
    expect(zpl).toContain(`^BCN,53,N,N,N,A^FH_^FD${layout.accession}^FS`);
    expect(layout.elements.filter((e) => e.kind === 'text' && e.text === layout.accession)).toHaveLength(1);
  });

  it.each([
    [203, false, false],
    [300, true, true],
  ] as const)('a preview (sequence 0, at %i dpi, Data Matrix %s, SIMULATED %s) has no barcode and its number nowhere, only the PREVIEW mark', (dpi, dataMatrix, simulated) => {
    const accession = previewAccession('ST');
    const { layout, zpl } = buildLabel(sampleInput(), { accession, nowMs: NOW_MS, simulated, dpi, dataMatrix });
    expect(layout.elements.filter((e) => e.kind === 'code128' || e.kind === 'datamatrix')).toEqual([]);
    expect(zpl).not.toMatch(/\^B[CX]/);
    expect(zpl).not.toContain(accession);
    expect(zpl).toContain('^FR^FH_^FDPREVIEW - NOT A SPECIMEN LABEL^FS');
    expect(layout.elements.filter((e) => e.kind === 'text' && e.role === 'accession').map((e) => e.kind === 'text' && e.text)).toEqual(['No accession number (preview)']);
    // White on a black band that covers the barcode zone; SIMULATED stays as it is.
    const mark = layout.elements.find((e) => e.kind === 'text' && e.role === 'preview')!;
    const band = layout.elements.find((e) => e.kind === 'box' && e.yDots <= mark.yDots && e.xDots <= mark.xDots && e.thicknessDots === e.heightDots);
    expect(band).toBeDefined();
    expect(zpl.includes('SIMULATED')).toBe(simulated);
  });
});
