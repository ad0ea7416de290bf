/**
 * Page layout of the one-page 12-lead report, in millimetres, as drawing primitives: the standard
 * "3x4 + 1 rhythm" format (25 mm/s, 10 mm/mV, 1 mm / 5 mm grid, each column 2.5 s; Kligfield et al.
 * 2007 AHA recommendations, dicom-ecg-plot "3x4_1"). Pure: the PDF drawing is at the edge
 * (main/services/ekgReport.ts).
 */
import type { EkgFlag } from '../ekg-flags/flags.ts';
import type { EkgMeasurements } from '../ekg-flags/summary.ts';
import { completeLeadSet } from '../../ekg/twelve-lead/leads.ts';

export const PAPER_SPEED_MM_PER_S = 25;
export const GAIN_MM_PER_MV = 10;

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
  review: { status: 'unconfirmed' | 'confirmed' | 'over-read'; by: string | null; at: string | null; comment: string | null };
  simulated: boolean;
}

export type Primitive =
  | { kind: 'text'; xMm: number; yMm: number; text: string; sizePt: number; bold: boolean; color: string; widthMm?: number }
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
const CAL_W = 8;
const STRIP_S = 10;
const COLUMN_S = 2.5;
const ROW_H = 30;
const GRID_TOP = 62;
/** Height of one line of 7.5 pt findings text (pdfkit's line at that size is ~3.1 mm). */
const FINDING_LINE_MM = 3.6;
const MM_PER_PT = 25.4 / 72;

/** Helvetica advance widths in em by character class, at or above the typical member (Adobe AFM). */
function charEm(c: string, bold: boolean): number {
  if (c === ' ') return 0.278;
  if (c >= 'A' && c <= 'Z') return bold ? 0.778 : 0.722;
  if (c >= 'a' && c <= 'z') return bold ? 0.611 : 0.556;
  if (c >= '0' && c <= '9') return 0.556;
  return bold ? 0.611 : 0.584;
}

/**
 * Lines a text needs when pdfkit wraps it at `widthMm` (greedy, at spaces). An upper estimate: the
 * text's width from class widths, over a line width less the longest word (what a line can lose at
 * its end), never less than half a line. Checked against pdfkit's own metrics in
 * test/main/services/ekgReport.test.ts.
 */
export function wrappedLines(t: string, sizePt: number, bold: boolean, widthMm: number): number {
  const emMm = sizePt * MM_PER_PT;
  let totalMm = 0;
  let wordMm = 0;
  let longestWordMm = 0;
  for (const c of t) {
    const w = charEm(c, bold) * emMm;
    totalMm += w;
    wordMm = c === ' ' ? 0 : wordMm + w;
    longestWordMm = Math.max(longestWordMm, wordMm);
  }
  const usableMm = Math.max(widthMm - longestWordMm, widthMm / 2);
  return Math.max(1, Math.ceil(totalMm / usableMm));
}

const COLUMNS: readonly (readonly string[])[] = [
  ['I', 'II', 'III'],
  ['aVR', 'aVL', 'aVF'],
  ['V1', 'V2', 'V3'],
  ['V4', 'V5', 'V6'],
];
export const UNCONFIRMED_TEXT = 'UNCONFIRMED - REQUIRES PROVIDER REVIEW';

const fmt = (v: number | null, unit: string) => (v === null ? '--' : `${Math.round(v)} ${unit}`);

/** Median of a lead, used as its display baseline so the trace sits on its row. */
function displayOffsetMv(mv: Float32Array): number {
  const finite = Array.from(mv).filter((v) => v === v);
  if (finite.length === 0) return 0;
  finite.sort((a, b) => a - b);
  return finite[finite.length >> 1]!;
}

/** The y positions (mm) of `seconds` of a lead starting at `fromS`, clamped to +-`halfMm` of the baseline; NaN = no data. */
function traceY(mv: Float32Array, fsHz: number, fromS: number, seconds: number, baselineMm: number, halfMm: number): Float32Array {
  const from = Math.round(fromS * fsHz);
  const n = Math.min(Math.round(seconds * fsHz), Math.max(0, mv.length - from));
  const offset = displayOffsetMv(mv);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = mv[from + i]!;
    // Missing samples stay NaN: the drawing lifts the pen there instead of inventing a flat line.
    y[i] = v === v ? baselineMm - Math.max(-halfMm, Math.min(halfMm, (v - offset) * GAIN_MM_PER_MV)) : Number.NaN;
  }
  return y;
}

/** 1 mV x 200 ms calibration pulse standing on the baseline. */
function calibration(x: number, baseline: number): Primitive {
  const h = GAIN_MM_PER_MV;
  const w = 0.2 * PAPER_SPEED_MM_PER_S;
  return { kind: 'path', pointsMm: [[x, baseline], [x + 1, baseline], [x + 1, baseline - h], [x + 1 + w, baseline - h], [x + 1 + w, baseline], [x + 2 + w, baseline]] };
}

export function layoutReport(r: ReportInput): ReportLayout {
  const p: Primitive[] = [];
  const text = (xMm: number, yMm: number, t: string, sizePt = 8, bold = false, color = '#000000', widthMm?: number) =>
    p.push(widthMm === undefined ? { kind: 'text', xMm, yMm, text: t, sizePt, bold, color } : { kind: 'text', xMm, yMm, text: t, sizePt, bold, color, widthMm });
  const m = r.measurements;
  // Header: patient with two identifiers, acquisition facts, measurements, review status.
  text(MARGIN, MARGIN, r.patient.name, 12, true);
  text(MARGIN, MARGIN + 6, `MRN ${r.patient.mrn}   DOB ${r.patient.birthDate}   Sex ${r.patient.sex}`, 9);
  text(MARGIN, MARGIN + 11, `Acquired ${r.capturedAt}   Operator ${r.operator}`, 8);
  text(MARGIN, MARGIN + 15, `Device ${r.device}   Filters ${r.filterSettings}   Sample rate ${r.fsHz} Hz   ${PAPER_SPEED_MM_PER_S} mm/s   ${GAIN_MM_PER_MV} mm/mV`, 8);
  const mx = 150;
  text(mx, MARGIN, `Rate ${fmt(m.heartRateBpm, 'bpm')}    PR ${fmt(m.prMs, 'ms')}    QRS ${fmt(m.qrsMs, 'ms')}`, 9, true);
  const other = m.qtcFormula === 'fridericia' ? (r.qtcBazettMs === undefined ? '' : `; Bazett ${fmt(r.qtcBazettMs, 'ms')}`) : `; Fridericia ${fmt(r.qtcFridericiaMs, 'ms')}`;
  text(mx, MARGIN + 5, `QT ${fmt(m.qtMs, 'ms')}    QTc ${fmt(m.qtcMs, 'ms')} (${m.qtcFormula === 'fridericia' ? 'Fridericia' : 'Bazett'}${other})`, 9, true);
  const ax = (v: number | null) => (v === null ? '--' : `${v}`);
  text(mx, MARGIN + 10, `Axes P ${ax(m.axisDeg.p)}  QRS ${ax(m.axisDeg.qrs)}  T ${ax(m.axisDeg.t)} deg`, 9, true);
  const status =
    r.review.status === 'unconfirmed'
      ? UNCONFIRMED_TEXT
      : `${r.review.status === 'confirmed' ? 'CONFIRMED' : 'OVER-READ'} by ${r.review.by ?? '?'} at ${r.review.at ?? '?'}`;
  text(mx, MARGIN + 16, status, 10, true, r.review.status === 'unconfirmed' ? '#c00000' : '#000000');
  let fy = MARGIN + 22;
  text(MARGIN, fy, 'Findings flagged for provider review (not a diagnosis):', 8, true);
  fy += 4;
  if (r.flags.length === 0) text(MARGIN + 2, fy, 'No finding flagged by the station.', 7.5);
  // Flags wrap (long ST texts do): each takes the lines it needs; those that no longer fit above the
  // grid (the least urgent: flags come most urgent first) are counted, never drawn over each other.
  const comment = r.review.comment === null ? null : `Provider comment: ${r.review.comment}`;
  const bottomMm = GRID_TOP - 1 - (comment === null ? 0 : 1 + FINDING_LINE_MM * wrappedLines(comment, 7.5, false, PAGE_W - 2 * MARGIN));
  const flagWidthMm = PAGE_W - 2 * MARGIN - 2;
  let shown = 0;
  for (const f of r.flags) {
    const line = `[${f.urgency.toUpperCase()}] ${f.text}`;
    const immediate = f.urgency === 'immediate';
    const heightMm = FINDING_LINE_MM * wrappedLines(line, 7.5, immediate, flagWidthMm);
    const moreLineMm = shown + 1 < r.flags.length ? FINDING_LINE_MM : 0;
    if (fy + heightMm + moreLineMm > bottomMm) break;
    text(MARGIN + 2, fy, line, 7.5, immediate, immediate ? '#c00000' : '#000000', flagWidthMm);
    fy += heightMm;
    shown++;
  }
  if (shown < r.flags.length) {
    text(MARGIN + 2, fy, `+ ${r.flags.length - shown} more finding(s) flagged: see the EKG screen.`, 7.5, true);
    fy += FINDING_LINE_MM;
  }
  if (comment !== null) text(MARGIN, fy + 1, comment, 7.5, false, '#000000', PAGE_W - 2 * MARGIN);
  // Grid and traces.
  const gridX = MARGIN;
  const traceX = gridX + CAL_W;
  const gridW = CAL_W + STRIP_S * PAPER_SPEED_MM_PER_S;
  const gridH = 4 * ROW_H;
  p.push({ kind: 'grid', xMm: gridX, yMm: GRID_TOP, widthMm: gridW, heightMm: gridH });
  // Standard names, and III/aVR/aVL/aVF derived when the cart sent only I, II and V1-V6.
  const byName = new Map(completeLeadSet(r.leads).leads.map((l) => [l.name, l.mv]));
  const colW = COLUMN_S * PAPER_SPEED_MM_PER_S;
  const step = PAPER_SPEED_MM_PER_S / r.fsHz;
  const half = ROW_H / 2 - 0.5;
  for (let row = 0; row < 3; row++) {
    const base = GRID_TOP + row * ROW_H + ROW_H / 2;
    p.push(calibration(gridX + 1, base));
    COLUMNS.forEach((col, c) => {
      const name = col[row]!;
      const x = traceX + c * colW;
      text(x + 1, base - ROW_H / 2 + 1, name, 8, true);
      const mv = byName.get(name);
      if (mv !== undefined) p.push({ kind: 'trace', xMm: x, yMm: traceY(mv, r.fsHz, c * COLUMN_S, COLUMN_S, base, half), stepMm: step });
      // Column separator tick, as on paper reports.
      if (c > 0) p.push({ kind: 'path', pointsMm: [[x, base - 3], [x, base + 3]] });
    });
  }
  const stripBase = GRID_TOP + 3 * ROW_H + ROW_H / 2;
  p.push(calibration(gridX + 1, stripBase));
  text(traceX + 1, stripBase - ROW_H / 2 + 1, 'II (rhythm, 10 s)', 8, true);
  const ii = byName.get('II');
  if (ii !== undefined) p.push({ kind: 'trace', xMm: traceX, yMm: traceY(ii, r.fsHz, 0, STRIP_S, stripBase, half), stepMm: step });
  text(MARGIN, GRID_TOP + gridH + 3, `${PAPER_SPEED_MM_PER_S} mm/s  ${GAIN_MM_PER_MV} mm/mV  ${r.filterSettings}  ${r.fsHz} Hz. Computer measurements need provider over-read.`, 7);
  // What the analysis could not read, under the tracing (two wrapped lines each fit above the margin).
  (r.notes ?? []).forEach((n, k) => text(MARGIN, GRID_TOP + gridH + 8 + 7 * k, `Not read: ${n}`, 7.5, true, '#000000', PAGE_W - 2 * MARGIN));
  if (r.simulated) p.push({ kind: 'watermark', text: 'SIMULATED', xMm: PAGE_W / 2, yMm: PAGE_H / 2 + 20, sizePt: 90, angleDeg: -20 });
  return { pageWidthMm: PAGE_W, pageHeightMm: PAGE_H, primitives: p };
}
