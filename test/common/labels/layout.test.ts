import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccession, previewAccession } from '../../../common/labels/accession.ts';
import { LabelError } from '../../../common/labels/errors.ts';
import { textWidthDots } from '../../../common/labels/fontMetrics.ts';
import { buildLabel } from '../../../common/labels/label.ts';
import type { LabelDpi, LabelLayout, LayoutElement, TextElement } from '../../../common/labels/layout.ts';
import { NAME_CUT_MARKER } from '../../../common/labels/name.ts';
import { LOGIN_PATTERN } from '../../../main/services/operators.ts';
import { MRN_PATTERN } from '../../../main/services/patients.ts';
import { NOW_MS, sampleInput } from './fixtures.ts';

const DOB = '1948-03-09';
/** A long name, so the name line is as full as it gets while the ids and collection lines are checked. */
const LONG_NAME = { familyName: 'Abercrombie-Fitzgerald', givenName: 'Maximiliane Charlotte' };
/** The widest 32-character MRN the records accept: W is the widest letter of font 0. */
const MRN_WIDEST = 'W'.repeat(32);
const LOGIN_32 = 'maria.delacruz-hernandez.clinic2';

const mm = (layout: LabelLayout, dots: number) => dots / layout.dotsPerMm;
const texts = (layout: LabelLayout): TextElement[] => layout.elements.filter((e): e is TextElement => e.kind === 'text');
const byRole = (layout: LabelLayout, role: TextElement['role']) => texts(layout).filter((e) => e.role === role);

function build(over: { mrn?: string; collector?: string; dpi?: LabelDpi; simulated?: boolean; preview?: boolean; dataMatrix?: boolean } = {}) {
  const input = sampleInput({ patient: { ...LONG_NAME, dob: DOB, mrn: over.mrn ?? '1234567' }, specimen: { tests: ['CMP', 'LIPID', 'TSH'], collector: over.collector ?? 'JS' } });
  const accession = over.preview ? previewAccession('ST') : formatAccession('ST', 99_999_999);
  return buildLabel(input, { accession, nowMs: NOW_MS, simulated: over.simulated ?? true, dpi: over.dpi ?? 203, dataMatrix: over.dataMatrix ?? true });
}

/** The rectangle an element covers, in dots; text by its conservative width and its cell height. */
function box(e: LayoutElement): { x0: number; y0: number; x1: number; y1: number } {
  switch (e.kind) {
    case 'text':
      // 'R' (the SIMULATED strip's text) runs down the page: its cell height is across.
      return e.rotation === 'N'
        ? { x0: e.xDots, y0: e.yDots, x1: e.xDots + textWidthDots(e.text, e.charWidthDots), y1: e.yDots + e.heightDots }
        : { x0: e.xDots, y0: e.yDots, x1: e.xDots + e.heightDots, y1: e.yDots + textWidthDots(e.text, e.charWidthDots) };
    case 'box':
      return { x0: e.xDots, y0: e.yDots, x1: e.xDots + e.widthDots, y1: e.yDots + e.heightDots };
    case 'code128':
      return { x0: e.xDots, y0: e.yDots, x1: e.xDots + e.widthDots, y1: e.yDots + e.heightDots };
    case 'datamatrix':
      return { x0: e.xDots, y0: e.yDots, x1: e.xDots + e.sizeModules * e.moduleDots, y1: e.yDots + e.sizeModules * e.moduleDots };
  }
}

/**
 * Every element inside the label, nothing but the SIMULATED mark on its strip, and no two elements
 * overlapping (except the marks drawn white on their own black boxes).
 */
function expectInsideAndApart(layout: LabelLayout): void {
  const strip = layout.simulated ? layout.elements.find((e) => e.kind === 'box' && e.yDots === 0 && e.heightDots === layout.heightDots) : undefined;
  const textRight = strip?.xDots ?? layout.widthDots;
  const placed = layout.elements.filter((e) => e !== strip && !(e.kind === 'text' && e.reverse));
  for (const e of layout.elements) {
    const b = box(e);
    expect(b.x0).toBeGreaterThanOrEqual(0);
    expect(b.y0).toBeGreaterThanOrEqual(0);
    expect(b.y1).toBeLessThanOrEqual(layout.heightDots);
    expect(b.x1).toBeLessThanOrEqual(e === strip || (e.kind === 'text' && e.role === 'simulated') ? layout.widthDots : textRight);
  }
  placed.forEach((a, i) => {
    for (const b of placed.slice(i + 1)) {
      const [p, q] = [box(a), box(b)];
      const overlap = p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
      expect(overlap, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
    }
  });
}

/** The MRN and date of birth each printed whole, once, in a text at least as tall and wide as the rule allows. */
function expectIdsWhole(layout: LabelLayout, mrn: string): void {
  const ids = byRole(layout, 'ids');
  expect(ids).toHaveLength(1);
  const idsLine = ids[0]!;
  const dob = byRole(layout, 'dob');
  if (dob.length === 0) {
    expect(idsLine.text).toBe(`DOB ${DOB}  MRN ${mrn}`);
  } else {
    expect(idsLine.text).toBe(`MRN ${mrn}`);
    expect(dob.map((e) => e.text)).toEqual([`DOB ${DOB}`]);
  }
  for (const e of [idsLine, ...dob]) {
    // The small line height (2.6 mm) always; condensed to 1.4 mm wide at the least.
    expect(mm(layout, e.heightDots)).toBeGreaterThanOrEqual(2.55);
    expect(mm(layout, e.charWidthDots)).toBeGreaterThanOrEqual(1.4);
  }
}

const configs = fc.record({ dpi: fc.constantFrom<LabelDpi>(203, 300), simulated: fc.boolean(), preview: fc.boolean(), dataMatrix: fc.boolean() });
/** Every MRN the patient records accept, with long and wide ones (W, M, w, -) drawn often. */
const recordMrn = fc.oneof(
  fc.stringMatching(MRN_PATTERN),
  fc.tuple(fc.constantFrom(...'WMm0A'), fc.string({ unit: fc.constantFrom(...'WMmw-0AZ9'), minLength: 20, maxLength: 31 })).map(([first, rest]) => first + rest),
);
const recordLogin = fc.oneof(
  fc.stringMatching(LOGIN_PATTERN),
  fc.tuple(fc.constantFrom(...'wm'), fc.string({ unit: fc.constantFrom(...'wm._-0a'), minLength: 20, maxLength: 31 })).map(([first, rest]) => first + rest),
);

describe('label layout: the MRN prints whole, the collector line always fits', () => {
  it('property: every MRN the patient records accept lays out in full, and every element stays inside the label', () => {
    fc.assert(
      fc.property(recordMrn, recordLogin, configs, (mrn, collector, config) => {
        expect(MRN_PATTERN.test(mrn)).toBe(true);
        const { layout, zpl } = build({ mrn, collector, ...config });
        expectIdsWhole(layout, mrn);
        expect(zpl).toContain(`MRN ${mrn}^FS`);
        expectInsideAndApart(layout);
        expect(layout.elements.some((e) => e.kind === 'text' && e.text === 'SIMULATED')).toBe(config.simulated);
        expect(layout.elements.filter((e) => e.kind === 'code128').map((e) => e.kind === 'code128' && e.data)).toEqual(config.preview ? [] : [layout.accession]);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    [203, true],
    [203, false],
    [300, true],
    [300, false],
  ] as const)('the widest 32-character MRN prints whole at %i dpi (SIMULATED %s): its own line, the date of birth under the barcode', (dpi, simulated) => {
    for (const preview of [false, true]) {
      const { layout } = build({ mrn: MRN_WIDEST, dpi, simulated, preview });
      expectIdsWhole(layout, MRN_WIDEST);
      expect(byRole(layout, 'dob')).toHaveLength(1);
      // On the accession line, right of the number (or of the preview's words).
      const [dob] = byRole(layout, 'dob');
      const [number] = byRole(layout, 'accession');
      expect(dob!.yDots).toBe(number!.yDots);
      expect(dob!.xDots).toBeGreaterThan(number!.xDots + textWidthDots(number!.text, number!.charWidthDots));
      expectInsideAndApart(layout);
    }
  });

  it('a short MRN keeps the usual line, at the usual size', () => {
    const { layout } = build({ mrn: 'MRN00912345' });
    expect(byRole(layout, 'ids')).toMatchObject([{ text: `DOB ${DOB}  MRN MRN00912345`, heightDots: 21, charWidthDots: 18 }]);
    expect(byRole(layout, 'dob')).toEqual([]);
  });

  it('a 32-digit MRN stays on the line with the date of birth, in narrower characters of the same height', () => {
    const mrn = '48201937564820193756482019375648';
    const { layout } = build({ mrn, dpi: 203, simulated: true });
    const [ids] = byRole(layout, 'ids');
    expect(ids).toMatchObject({ text: `DOB ${DOB}  MRN ${mrn}`, heightDots: 21 });
    expect(ids!.charWidthDots).toBeLessThan(18);
    expect(ids!.charWidthDots).toBeGreaterThanOrEqual(12);
  });

  it('an MRN longer than the records allow (a hand-written LABEL.json) may still be refused, never shortened, and the message does not carry it', () => {
    const mrn = 'W'.repeat(40);
    let error: unknown;
    try {
      build({ mrn });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabelError);
    expect((error as LabelError).code).toBe('label-layout-overflow');
    expect((error as LabelError).message).toMatch(/^The MRN is too long to print in full/);
    expect((error as LabelError).message).not.toContain('WWW');
  });

  it.each([203, 300] as const)('a 32-character login prints whole at %i dpi, condensed; a short one as before', (dpi) => {
    const long = byRole(build({ collector: LOGIN_32, dpi }).layout, 'collection');
    expect(long.map((e) => e.text)).toEqual([`Coll 2026-11-22 09:30  By ${LOGIN_32}`]);
    expect(mm(build({ dpi }).layout, long[0]!.charWidthDots)).toBeGreaterThanOrEqual(1.4);
    expect(byRole(build({ dpi }).layout, 'collection')).toMatchObject([{ text: 'Coll 2026-11-22 09:30  By JS', charWidthDots: dpi === 203 ? 18 : 27 }]);
  });

  it('property: a login too wide even condensed is cut with the name rule marker, never at a separator; the line always fits', () => {
    fc.assert(
      fc.property(recordLogin, configs, (login, config) => {
        const { layout } = build({ collector: login, ...config });
        const [line] = byRole(layout, 'collection');
        const printed = line!.text.slice('Coll 2026-11-22 09:30  By '.length);
        if (printed !== login) {
          expect(printed.endsWith(NAME_CUT_MARKER)).toBe(true);
          const kept = printed.slice(0, -NAME_CUT_MARKER.length);
          expect(login.startsWith(kept)).toBe(true);
          expect(kept).not.toMatch(/[._-]$/);
          // Most of it is kept: the cut is at the narrowest width.
          expect(kept.length).toBeGreaterThanOrEqual(16);
        }
        expectInsideAndApart(layout);
      }),
      { numRuns: 200 },
    );
    const [cut] = byRole(build({ collector: 'w'.repeat(32) }).layout, 'collection');
    expect(cut!.text).toMatch(/^Coll 2026-11-22 09:30 {2}By w+\.\.\.$/);
    // Up to 21 characters nothing is cut, whatever the letters (docs/labels.md, "Collector").
    fc.assert(
      fc.property(configs, (config) => {
        expect(byRole(build({ collector: 'w'.repeat(21), ...config }).layout, 'collection')[0]!.text).toBe(`Coll 2026-11-22 09:30  By ${'w'.repeat(21)}`);
      }),
    );
  });
});
