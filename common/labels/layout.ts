import { LabelError } from './errors.ts';
import { fitCharWidthDots, textWidthDots } from './fontMetrics.ts';
import { cutToFit, fitPatientName, NAME_CUT_MARKER, type NameFont } from './name.ts';
import type { LabelContent } from './content.ts';
import { code128Modules, dataMatrixModules } from './symbology.ts';

/**
 * The one layout model of a 2 x 1 in (50.8 x 25.4 mm) specimen label, in printer dots. ZPL is
 * generated from it and the UI preview draws it, so what you see is what prints. Positions are
 * designed in millimetres and converted per resolution (203 dpi = 8 dots/mm, 300 dpi = 11.8).
 * Zones follow CLSI AUTO12-A: patient name top-left, then identifiers (DOB, MRN), the barcode at a
 * fixed place with its human-readable number under it, then collection and specimen lines.
 *
 *   +--------------------------------------------------+--+
 *   | FAMILY, Given                                    |S |
 *   | DOB 1960-01-02  MRN 1234567                      |I |
 *   |   ||||||||||||||||||||||||||||||     [DM]        |M |
 *   |   ST00001234K                                    |  |
 *   | Coll 2026-11-22 09:30  By JS                     |  |
 *   | Venous bld SST gold: CMP LIPID                   |  |
 *   +--------------------------------------------------+--+
 *
 * The MRN and date of birth are never shortened. An ids line too long at the small size is
 * condensed (narrower characters, same height, down to MM.condensedMinW); if it still does not fit,
 * the MRN has the ids line to itself (condensed as needed) and the date of birth moves under the
 * barcode, at the right end of the accession line (role `dob`). The collector's login is condensed
 * the same way and, when even that is too long, cut with the name rule's marker (`By a.very-long...`).
 *
 * A preview (the preview number, sequence 0: `render` without an accession, the UI before Print)
 * has no barcode at all: in its place a black band reads PREVIEW - NOT A SPECIMEN LABEL, and the
 * number line says there is no accession number. Rendered ZPL can be sent to a printer by hand;
 * what comes out must not scan as a specimen.
 */
export type LabelDpi = 203 | 300;
export const LABEL_WIDTH_MM = 50.8;
export const LABEL_HEIGHT_MM = 25.4;

export interface TextElement {
  readonly kind: 'text';
  /** `ids` is `DOB ...  MRN ...` or, for a long MRN, `MRN ...` alone with `dob` under the barcode. */
  readonly role: 'name' | 'ids' | 'dob' | 'accession' | 'collection' | 'specimen' | 'simulated' | 'preview';
  readonly xDots: number;
  readonly yDots: number;
  /** ^A0 height and width parameters. */
  readonly heightDots: number;
  readonly charWidthDots: number;
  /** 'N' normal, 'R' rotated 90 degrees clockwise (reads top to bottom). */
  readonly rotation: 'N' | 'R';
  /** White on black (drawn over a filled box). */
  readonly reverse: boolean;
  readonly text: string;
}

export interface BoxElement {
  readonly kind: 'box';
  readonly xDots: number;
  readonly yDots: number;
  readonly widthDots: number;
  readonly heightDots: number;
  /** Filled when >= half the smaller side (ZPL ^GB semantics). */
  readonly thicknessDots: number;
}

export interface Code128Element {
  readonly kind: 'code128';
  readonly xDots: number;
  readonly yDots: number;
  readonly heightDots: number;
  readonly moduleDots: number;
  /** Width of the bars, start to stop, without quiet zones. */
  readonly widthDots: number;
  readonly data: string;
}

export interface DataMatrixElement {
  readonly kind: 'datamatrix';
  readonly xDots: number;
  readonly yDots: number;
  readonly moduleDots: number;
  readonly sizeModules: number;
  readonly data: string;
}

export type LayoutElement = TextElement | BoxElement | Code128Element | DataMatrixElement;

export interface LabelLayout {
  readonly dpi: LabelDpi;
  readonly dotsPerMm: number;
  readonly widthDots: number;
  readonly heightDots: number;
  readonly accession: string;
  readonly simulated: boolean;
  /** True when the patient name was shortened by the truncation rule (name.ts). */
  readonly nameTruncated: boolean;
  readonly elements: readonly LayoutElement[];
}

export interface LayoutOptions {
  readonly dpi: LabelDpi;
  readonly dataMatrix: boolean;
}

/** Millimetre design of the label (see the drawing above). */
const MM = {
  marginX: 1.5,
  top: 1.0,
  nameRegular: { h: 3.6, w: 3.1 },
  nameReduced: { h: 3.0, w: 2.1 },
  idsY: 5.0,
  small: { h: 2.6, w: 2.3 },
  /**
   * The narrowest characters of a condensed line (ids, collection), at the small height: 1.4 mm
   * (12 dots at 203 dpi, 17 at 300) still reads digit by digit on the rendered label (1.25 mm, the
   * least width ^A0 takes at 203 dpi, 10 dots, blurs 0/O and 1/l/I together). At it `MRN ` and 32
   * of the widest letter (W) fit the line with the SIMULATED strip, so every MRN the patient
   * records accept (1-32 of A-Z a-z 0-9 -) prints whole.
   */
  condensedMinW: 1.4,
  /** Space between the accession number and a date of birth moved beside it. */
  dobGapMm: 2.0,
  barcodeY: 8.2,
  barcodeHeight: 6.6,
  moduleWidth: 0.25,
  quietZoneModules: 10,
  accessionY: 15.2,
  collectionY: 18.0,
  specimenY: 20.8,
  dataMatrixModule: 0.375,
  simStripWidth: 3.4,
  previewMark: { h: 3.6, w: 2.5 },
} as const;

export const PREVIEW_MARK = 'PREVIEW - NOT A SPECIMEN LABEL';
const PREVIEW_NUMBER_LINE = 'No accession number (preview)';
const IDS_TOO_LONG = "The MRN is too long to print in full on the label, and the MRN is never shortened. Label the tube by hand, as your clinic's policy for hand-written labels says.";
const ACCESSION_TOO_LONG = 'The accession number does not fit the label.';
const COLLECTION_TOO_LONG = 'The collection line does not fit the label.';

export function dotsPerMm(dpi: LabelDpi): number {
  return dpi / 25.4;
}

export function buildLabelLayout(content: LabelContent, options: LayoutOptions): LabelLayout {
  const dpmm = dotsPerMm(options.dpi);
  const d = (mm: number) => Math.round(mm * dpmm);
  const widthDots = d(LABEL_WIDTH_MM);
  const heightDots = d(LABEL_HEIGHT_MM);
  const elements: LayoutElement[] = [];
  const left = d(MM.marginX);
  const stripDots = content.simulated ? d(MM.simStripWidth) : 0;
  const right = widthDots - (content.simulated ? stripDots + d(0.5) : left);
  const maxTextDots = right - left;
  const small = { heightDots: d(MM.small.h), charWidthDots: d(MM.small.w) };
  // Rounded up: never narrower than the millimetres say.
  const narrowestDots = Math.ceil(MM.condensedMinW * dpmm);

  const regular: NameFont = { heightDots: d(MM.nameRegular.h), charWidthDots: d(MM.nameRegular.w) };
  const reduced: NameFont = { heightDots: d(MM.nameReduced.h), charWidthDots: d(MM.nameReduced.w) };
  const name = fitPatientName(content.familyName, content.givenName, maxTextDots, regular, reduced);
  elements.push(text('name', left, d(MM.top), name.font, name.text));

  /**
   * The small height at the widest width, from the small width down to `narrowest`, at which
   * `value` fits `maxDots`; undefined when it does not fit even so.
   */
  const smallFont = (value: string, maxDots: number, narrowest: number): NameFont | undefined => {
    const charWidthDots = fitCharWidthDots(value, maxDots, small.charWidthDots, narrowest);
    return charWidthDots === undefined ? undefined : { heightDots: small.heightDots, charWidthDots };
  };
  /**
   * One line at the small height, from `xDots` to `rightDots`; condensed down to `narrowest` when
   * needed. `tooLong` says, in words with a next step, why it cannot be printed.
   */
  const line = (role: TextElement['role'], tooLong: string, yMm: number, value: string, place: { xDots?: number; rightDots?: number; narrowest?: number } = {}) => {
    const { xDots = left, rightDots = right, narrowest = small.charWidthDots } = place;
    const font = smallFont(value, rightDots - xDots, narrowest);
    if (font === undefined) throw new LabelError('layout-overflow', tooLong);
    elements.push(text(role, xDots, d(yMm), font, value));
  };

  // Never shortened: the MRN and date of birth are the identifiers a tube is checked against. Kept
  // together while they fit (condensed if need be); else the MRN takes the whole line and the date
  // of birth goes to the free end of the accession line, which no MRN can crowd.
  const dobText = `DOB ${content.dobText}`;
  const mrnText = `MRN ${content.mrn}`;
  const idsTogether = `${dobText}  ${mrnText}`;
  const dobUnderBarcode = smallFont(idsTogether, maxTextDots, narrowestDots) === undefined;
  line('ids', IDS_TOO_LONG, MM.idsY, dobUnderBarcode ? mrnText : idsTogether, { narrowest: narrowestDots });
  let accessionRight = right;
  if (dobUnderBarcode) {
    const dobX = right - textWidthDots(dobText, small.charWidthDots);
    elements.push(text('dob', dobX, d(MM.accessionY), small, dobText));
    accessionRight = dobX - d(MM.dobGapMm);
  }

  const moduleDots = Math.max(1, d(MM.moduleWidth));
  const quietDots = MM.quietZoneModules * moduleDots;
  const barcodeX = Math.max(left, quietDots);
  if (content.preview) {
    // The band over the whole barcode zone, the mark centred in it, white on black.
    const band = { xDots: left, yDots: d(MM.barcodeY), widthDots: right - left, heightDots: d(MM.barcodeHeight) };
    elements.push({ kind: 'box', ...band, thicknessDots: band.heightDots });
    const font = { heightDots: d(MM.previewMark.h), charWidthDots: d(MM.previewMark.w) };
    const markDots = textWidthDots(PREVIEW_MARK, font.charWidthDots);
    if (markDots > band.widthDots) throw new LabelError('layout-overflow', 'preview mark does not fit the label width');
    const x = left + Math.floor((band.widthDots - markDots) / 2);
    elements.push({ ...text('preview', x, band.yDots + Math.floor((band.heightDots - font.heightDots) / 2), font, PREVIEW_MARK), reverse: true });
    // Fixed words, no data: condensed like the ids line when the date of birth shares its line.
    line('accession', ACCESSION_TOO_LONG, MM.accessionY, PREVIEW_NUMBER_LINE, { rightDots: accessionRight, narrowest: narrowestDots });
  } else {
    const barcodeWidth = code128Modules(content.accession) * moduleDots;
    elements.push({ kind: 'code128', xDots: barcodeX, yDots: d(MM.barcodeY), heightDots: d(MM.barcodeHeight), moduleDots, widthDots: barcodeWidth, data: content.accession });
    let barcodeZoneRight = barcodeX + barcodeWidth + quietDots;
    if (options.dataMatrix) {
      const dmModule = d(MM.dataMatrixModule);
      const sizeModules = dataMatrixModules(content.accession);
      const x = barcodeZoneRight;
      elements.push({ kind: 'datamatrix', xDots: x, yDots: d(MM.barcodeY), moduleDots: dmModule, sizeModules, data: content.accession });
      barcodeZoneRight = x + sizeModules * dmModule;
    }
    if (barcodeZoneRight > right + (options.dataMatrix ? 0 : quietDots)) {
      throw new LabelError('layout-overflow', 'barcode zone does not fit the label width');
    }
    line('accession', ACCESSION_TOO_LONG, MM.accessionY, content.accession, { xDots: barcodeX, rightDots: accessionRight });
  }

  // The collector is not a patient identifier: the login is condensed like the ids line and, when
  // even that is too long (logins run to 32 characters), cut with the name rule's visible marker.
  // In the UI the print job and its audit entry name the signed-in operator in full.
  const collectionPrefix = `Coll ${content.collectedText}  By `;
  const collection = `${collectionPrefix}${content.collector}`;
  const collectionPrinted =
    smallFont(collection, maxTextDots, narrowestDots) !== undefined
      ? collection
      : `${collectionPrefix}${cutToFit(collectionPrefix, content.collector, NAME_CUT_MARKER, narrowestDots, maxTextDots)}${NAME_CUT_MARKER}`;
  line('collection', COLLECTION_TOO_LONG, MM.collectionY, collectionPrinted, { narrowest: narrowestDots });
  const testsText = `${content.specimenText}: ${content.tests.join(' ')}`;
  if (textWidthDots(testsText, small.charWidthDots) > maxTextDots) {
    throw new LabelError('too-many-tests', 'The tests do not fit on one label: put fewer tests on this label and print a second label for the rest, or use a panel code.');
  }
  line('specimen', 'The specimen line does not fit the label.', MM.specimenY, testsText);

  if (content.simulated) {
    const x = widthDots - stripDots;
    elements.push({ kind: 'box', xDots: x, yDots: 0, widthDots: stripDots, heightDots, thicknessDots: stripDots });
    const font = { heightDots: stripDots - d(0.8), charWidthDots: stripDots - d(1.2) };
    elements.push({ ...text('simulated', x + d(0.4), d(1.5), font, 'SIMULATED'), rotation: 'R', reverse: true });
  }
  return { dpi: options.dpi, dotsPerMm: dpmm, widthDots, heightDots, accession: content.accession, simulated: content.simulated, nameTruncated: name.truncated, elements };
}

function text(role: TextElement['role'], xDots: number, yDots: number, font: NameFont, value: string): TextElement {
  return { kind: 'text', role, xDots, yDots, heightDots: font.heightDots, charWidthDots: font.charWidthDots, rotation: 'N', reverse: false, text: value };
}
