/**
 * Page layout of the one-page 12-lead report, in millimetres, as drawing primitives: the standard
 * "3x4 + 1 rhythm" format (25 mm/s, 10 mm/mV, 1 mm / 5 mm grid, each column 2.5 s; Kligfield et al.
 * 2007 AHA recommendations, dicom-ecg-plot "3x4_1"). Pure: the PDF drawing is at the edge
 * (main/services/ekgReport.ts).
 */
import { StationError } from '../../../common/errors.ts';
import { GAIN_MM_PER_MV, layoutTracing, PAPER_SPEED_MM_PER_S, TRACING_HEIGHT_MM } from '../../../common/ekg/tracingLayout.ts';
import { recordedSecondsText } from '../../../common/format/seconds.ts';
import type { ReviewStatus } from '../../../common/ekg/reviewWording.ts';
import type { EkgFlag } from '../ekg-flags/flags.ts';
import type { EkgMeasurements } from '../ekg-flags/summary.ts';
import { completeLeadSet } from '../../ekg/twelve-lead/leads.ts';
import { layoutFindings, type FindingsStyle } from './findings.ts';
import { lineHeightMm, memoizedWidth, MM_PER_PT, placeText, wrapText, type PlacedText, type TextWidthEm } from './textFlow.ts';

// The tracing itself (grid, 3x4 leads, rhythm strip) is common/ekg/tracingLayout.ts: the review panel draws the same.
export { GAIN_MM_PER_MV, PAPER_SPEED_MM_PER_S };

export interface ReportInput {
  patient: { name: string; mrn: string; birthDate: string; sex: string };
  /** Capture time as shown to the reader (local time, formatted by the caller). */
  capturedAt: string;
  operator: string;
  device: string;
  filterSettings: string;
  fsHz: number;
  leads: readonly { name: string; mv: Float32Array }[];
  measurements: EkgMeasurements;
  qtcFridericiaMs: number | null;
  /** Bazett QTc, printed beside the shown one when given. */
  qtcBazettMs?: number | null;
  flags: readonly EkgFlag[];
  /** What the analysis could not read and why (EkgInterpretation.notes). */
  notes?: readonly string[];
  /**
   * `by`: the reviewer's name as people know them; `at`: with its time zone. `providerNotified` and
   * `immediateAcknowledged` (absent: none recorded) word the flags as the screen does (flagTextFor).
   */
  review: { status: ReviewStatus; by: string | null; at: string | null; comment: string | null; providerNotified?: boolean; immediateAcknowledged?: boolean };
  simulated: boolean;
  /** How many seconds a capture cut short recorded (StoredEkg.incompleteRecordedSeconds); absent or null when complete. */
  incompleteRecordedSeconds?: number | null;
}

export type Primitive =
  | ({ kind: 'text' } & PlacedText)
  | { kind: 'grid'; xMm: number; yMm: number; widthMm: number; heightMm: number }
  /** A waveform: y (mm) every stepMm from xMm; NaN = no data (pen up). */
  | { kind: 'trace'; xMm: number; yMm: Float32Array; stepMm: number }
  | { kind: 'path'; pointsMm: readonly (readonly [number, number])[] }
  | { kind: 'watermark'; text: string; xMm: number; yMm: number; sizePt: number; angleDeg: number };

export interface ReportLayout {
  pageWidthMm: number;
  pageHeightMm: number;
  primitives: Primitive[];
}

/** US Letter, landscape. */
const PAGE_W = 279.4;
const PAGE_H = 215.9;
const MARGIN = 8;
const BOTTOM_MARGIN = 6;
/** Rounding in the width sums: a line that ends exactly at the margin is inside it. */
const EDGE_TOLERANCE_MM = 0.01;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const GRID_H = TRACING_HEIGHT_MM;
/** Where the grid starts when the header and findings leave room (most reports); longer ones push it down. */
const GRID_TOP_MIN = 62;
/** The header's right column (measurements, review status) starts here; the patient's column ends before it. */
const HEADER_RIGHT_X = 150;
const HEADER_LEFT_W = HEADER_RIGHT_X - MARGIN - 3;
const HEADER_RIGHT_W = PAGE_W - MARGIN - HEADER_RIGHT_X;
/** A name longer than this many lines at 12 pt is set at 10 pt, so the header stays short. */
const NAME_MAX_LINES_AT_12PT = 2;
/**
 * Findings type, tried in order until the page fits: one column reads best; two columns and smaller
 * type make room for many flags and a long comment (11 flags that can co-occur plus a 2000-character
 * comment fit, see test/main/domain/ekg-report/layout.test.ts).
 */
const FINDINGS_STYLES: readonly FindingsStyle[] = [
  { sizePt: 7.5, columns: 1 },
  { sizePt: 7.5, columns: 2 },
  { sizePt: 7, columns: 2 },
  { sizePt: 6.5, columns: 2 },
  { sizePt: 6, columns: 2 },
  // Last resort: DejaVu's x-height (0.55 em against Helvetica's 0.52) keeps it near 6 pt Helvetica.
  { sizePt: 5.5, columns: 2 },
];

/** The report cannot hold all it must print on one page; it is refused rather than shortened. */
export class ReportTooLongError extends StationError {
  constructor(message: string) {
    super('report-too-long', message);
    this.name = 'ReportTooLongError';
  }
}

export const UNCONFIRMED_TEXT = 'UNCONFIRMED - REQUIRES PROVIDER REVIEW';
/** The header's line for a capture cut short: one line, so the page keeps room for every flag (the filter line says why). */
export const incompleteCaptureText = (recordedSeconds: number) => `INCOMPLETE CAPTURE: only ${recordedSecondsText(recordedSeconds)} recorded`;
/**
 * Said in words in the header of a report of simulated data (a SIMULATED device or a demo
 * patient), under the patient's name: the watermark behind the tracing and "Device SIMULATED..."
 * did not say that the page is not a patient's (a UI tester).
 */
export const SIMULATED_REPORT_TEXT = 'SIMULATED - not patient data';

const fmt = (v: number | null, unit: string) => (v === null ? '--' : `${Math.round(v)} ${unit}`);

interface HeaderItem {
  text: string;
  sizePt: number;
  bold: boolean;
  color?: string;
  gapAboveMm?: number;
}

/** Items wrapped one under the other in a column from the top margin; returns the y below the last. */
function stack(out: PlacedText[], xMm: number, widthMm: number, items: readonly HeaderItem[], widthEm: TextWidthEm): number {
  let y = MARGIN;
  for (const it of items) {
    const placed = placeText(xMm, y + (it.gapAboveMm ?? 0), it.text, widthMm, { sizePt: it.sizePt, bold: it.bold }, widthEm, it.color);
    out.push(...placed.lines);
    y = placed.bottomMm;
  }
  return y;
}

/** Patient with two identifiers and acquisition facts (left), measurements and review status (right). */
function layoutHeader(r: ReportInput, widthEm: TextWidthEm): { lines: PlacedText[]; bottomMm: number } {
  const lines: PlacedText[] = [];
  // The name wraps rather than run into the measurements, and a very long one is set smaller; it
  // is never cut off: it identifies the patient.
  const nameAt12Pt = wrapText(r.patient.name, HEADER_LEFT_W, { sizePt: 12, bold: true }, widthEm);
  const leftBottomMm = stack(
    lines,
    MARGIN,
    HEADER_LEFT_W,
    [
      { text: r.patient.name, sizePt: nameAt12Pt.length > NAME_MAX_LINES_AT_12PT ? 10 : 12, bold: true },
      ...(r.simulated ? [{ text: SIMULATED_REPORT_TEXT, sizePt: 9, bold: true, color: '#c00000', gapAboveMm: 0.5 }] : []),
      { text: `MRN ${r.patient.mrn}   DOB ${r.patient.birthDate}   Sex ${r.patient.sex}`, sizePt: 9, bold: false, gapAboveMm: 0.5 },
      { text: `Acquired ${r.capturedAt}   Operator ${r.operator}`, sizePt: 8, bold: false },
      {
        text: `Device ${r.device}   Filters ${r.filterSettings}   Sample rate ${r.fsHz} Hz   ${PAPER_SPEED_MM_PER_S} mm/s   ${GAIN_MM_PER_MV} mm/mV`,
        sizePt: 8,
        bold: false,
      },
    ],
    widthEm,
  );
  const m = r.measurements;
  const other = m.qtcFormula === 'fridericia' ? (r.qtcBazettMs === undefined ? '' : `; Bazett ${fmt(r.qtcBazettMs, 'ms')}`) : `; Fridericia ${fmt(r.qtcFridericiaMs, 'ms')}`;
  const ax = (v: number | null) => (v === null ? '--' : `${v}`);
  const unconfirmed = r.review.status === 'unconfirmed';
  const status = unconfirmed ? UNCONFIRMED_TEXT : `${r.review.status === 'confirmed' ? 'CONFIRMED' : 'OVER-READ'} by ${r.review.by ?? '?'} at ${r.review.at ?? '?'}`;
  const rightBottomMm = stack(
    lines,
    HEADER_RIGHT_X,
    HEADER_RIGHT_W,
    [
      { text: `Rate ${fmt(m.heartRateBpm, 'bpm')}    PR ${fmt(m.prMs, 'ms')}    QRS ${fmt(m.qrsMs, 'ms')}`, sizePt: 9, bold: true },
      { text: `QT ${fmt(m.qtMs, 'ms')}    QTc ${fmt(m.qtcMs, 'ms')} (${m.qtcFormula === 'fridericia' ? 'Fridericia' : 'Bazett'}${other})`, sizePt: 9, bold: true, gapAboveMm: 1 },
      { text: `Axes P ${ax(m.axisDeg.p)}  QRS ${ax(m.axisDeg.qrs)}  T ${ax(m.axisDeg.t)} deg`, sizePt: 9, bold: true, gapAboveMm: 1 },
      { text: status, sizePt: 10, bold: true, color: unconfirmed ? '#c00000' : '#000000', gapAboveMm: 2 },
      // Beside the review status, where the reader looks first: a tester found "INCOMPLETE capture"
      // only inside the small filter line.
      ...(r.incompleteRecordedSeconds === undefined || r.incompleteRecordedSeconds === null
        ? []
        : [{ text: incompleteCaptureText(r.incompleteRecordedSeconds), sizePt: 9, bold: true, color: '#c00000', gapAboveMm: 1 }]),
    ],
    widthEm,
  );
  return { lines, bottomMm: Math.max(leftBottomMm, rightBottomMm) };
}

/** Text under the tracing: the recording settings, then what the analysis could not read. */
function layoutFooter(r: ReportInput, topMm: number, sizePt: number, widthEm: TextWidthEm): { lines: PlacedText[]; bottomMm: number } {
  const settings = `${PAPER_SPEED_MM_PER_S} mm/s  ${GAIN_MM_PER_MV} mm/mV  ${r.filterSettings}  ${r.fsHz} Hz. Computer measurements need provider over-read.`;
  const items = [{ text: settings, bold: false }, ...(r.notes ?? []).map((n) => ({ text: `Not read: ${n}`, bold: true }))];
  const lines: PlacedText[] = [];
  let y = topMm;
  for (const it of items) {
    const placed = placeText(MARGIN, y, it.text, CONTENT_W, { sizePt, bold: it.bold }, widthEm);
    lines.push(...placed.lines);
    y = placed.bottomMm + 0.5;
  }
  return { lines, bottomMm: y };
}

/**
 * The page: header, every flag and the provider comment above the grid (the grid moves down when
 * they need the room), the recording settings and notes below it. The findings type gets smaller
 * until all of it fits; what still cannot fit is refused (ReportTooLongError), never left out.
 * `widthEm` measures text in the font the renderer draws with (reportTextWidthEm).
 */
export function layoutReport(r: ReportInput, widthEm: TextWidthEm): ReportLayout {
  const measure = memoizedWidth(widthEm);
  const header = layoutHeader(r, measure);
  const comment = r.review.comment;
  const flagReview = { status: r.review.status, providerNotified: r.review.providerNotified ?? false, immediateAcknowledged: r.review.immediateAcknowledged ?? false };
  let placed: { text: PlacedText[]; gridTopMm: number } | null = null;
  for (const style of FINDINGS_STYLES) {
    const findings = layoutFindings(MARGIN, header.bottomMm + 3, CONTENT_W, r.flags, flagReview, comment, style, measure);
    const gridTopMm = Math.max(GRID_TOP_MIN, findings.bottomMm + 2);
    const footer = layoutFooter(r, gridTopMm + GRID_H + 1.5, style.sizePt, measure);
    if (footer.bottomMm <= PAGE_H - BOTTOM_MARGIN) {
      placed = { text: [...header.lines, ...findings.lines, ...footer.lines], gridTopMm };
      break;
    }
  }
  if (placed === null) throw new ReportTooLongError(`${r.flags.length} flags, a ${comment?.length ?? 0}-character comment and ${r.notes?.length ?? 0} notes do not fit on one page`);
  // pdfkit draws each line exactly as placed, never wrapping: a line past the page's edge would be
  // cut off with no mark. The layout wraps within its columns so none is; should one be, the report
  // is refused rather than printed cut.
  for (const t of placed.text) {
    const rightMm = t.xMm + measure(t.text, t.bold) * t.sizePt * MM_PER_PT;
    if (rightMm > PAGE_W - MARGIN + EDGE_TOLERANCE_MM || t.yMm + lineHeightMm(t.sizePt) > PAGE_H - BOTTOM_MARGIN + EDGE_TOLERANCE_MM) {
      throw new ReportTooLongError('a line of the report would run off the page');
    }
  }
  const { gridTopMm } = placed;
  const p: Primitive[] = placed.text.map((t) => ({ kind: 'text', ...t }));
  // Grid and traces. Standard names, and III/aVR/aVL/aVF derived when the cart sent only I, II and V1-V6.
  const byName = new Map(completeLeadSet(r.leads).leads.map((l) => [l.name, l.mv]));
  for (const t of layoutTracing(byName, r.fsHz, MARGIN, gridTopMm)) {
    p.push(t.kind === 'label' ? { kind: 'text', xMm: t.xMm, yMm: t.yMm, text: t.text, sizePt: 8, bold: true, color: '#000000' } : t);
  }
  if (r.simulated) p.push({ kind: 'watermark', text: 'SIMULATED', xMm: PAGE_W / 2, yMm: PAGE_H / 2 + 20, sizePt: 90, angleDeg: -20 });
  return { pageWidthMm: PAGE_W, pageHeightMm: PAGE_H, primitives: p };
}
