import { recordedSecondsText } from '../format/seconds.ts';

/**
 * The 12-lead tracing in the standard "3x4 + 1 rhythm" format, in millimetres: 25 mm/s, 10 mm/mV,
 * 1 mm / 5 mm grid, each column 2.5 s, lead II as a 10-s rhythm strip, a 1 mV x 200 ms calibration
 * pulse per row (Kligfield et al. 2007 AHA recommendations, dicom-ecg-plot "3x4_1"). Pure: the PDF
 * report (main/domain/ekg-report/layout.ts) and the review panel's recorded tracing
 * (renderer/ekg/RecordedTracing.tsx) both draw these primitives, so screen and paper agree.
 */

export const PAPER_SPEED_MM_PER_S = 25;
export const GAIN_MM_PER_MV = 10;
/** Width of the calibration pulse's column, left of the traces. */
const CALIBRATION_COLUMN_MM = 8;
export const STRIP_S = 10;
const COLUMN_S = 2.5;
const ROW_MM = 30;
/** Three rows of four leads and the rhythm strip. */
export const TRACING_HEIGHT_MM = 4 * ROW_MM;
export const TRACING_WIDTH_MM = CALIBRATION_COLUMN_MM + STRIP_S * PAPER_SPEED_MM_PER_S;

/** The columns of the 3x4 part, each read top to bottom. */
export const TRACING_COLUMNS: readonly (readonly string[])[] = [
  ['I', 'II', 'III'],
  ['aVR', 'aVL', 'aVF'],
  ['V1', 'V2', 'V3'],
  ['V4', 'V5', 'V6'],
];

export type TracingPrimitive =
  | { kind: 'grid'; xMm: number; yMm: number; widthMm: number; heightMm: number }
  /** A waveform: y (mm) every stepMm from xMm; NaN = no data (pen up). */
  | { kind: 'trace'; xMm: number; yMm: Float32Array; stepMm: number }
  | { kind: 'path'; pointsMm: readonly (readonly [number, number])[] }
  /** A lead's name; (xMm, yMm) is the top left of the text. */
  | { kind: 'label'; xMm: number; yMm: number; text: string };

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
function calibration(x: number, baseline: number): TracingPrimitive {
  const h = GAIN_MM_PER_MV;
  const w = 0.2 * PAPER_SPEED_MM_PER_S;
  return { kind: 'path', pointsMm: [[x, baseline], [x + 1, baseline], [x + 1, baseline - h], [x + 1 + w, baseline - h], [x + 1 + w, baseline], [x + 2 + w, baseline]] };
}

/**
 * The grid with its top left at (xMm, yMm), TRACING_WIDTH_MM x TRACING_HEIGHT_MM: each of the 12
 * leads for its 2.5-s column, lead II for all 10 s below. `leads` by standard name; a lead not
 * given is left blank (its label stays). A column a short capture never reached shows its leads'
 * last 2.5 s, labelled with their times.
 */
export function layoutTracing(leads: ReadonlyMap<string, Float32Array>, fsHz: number, xMm: number, yMm: number): TracingPrimitive[] {
  const p: TracingPrimitive[] = [];
  const traceX = xMm + CALIBRATION_COLUMN_MM;
  p.push({ kind: 'grid', xMm, yMm, widthMm: TRACING_WIDTH_MM, heightMm: TRACING_HEIGHT_MM });
  const colW = COLUMN_S * PAPER_SPEED_MM_PER_S;
  const step = PAPER_SPEED_MM_PER_S / fsHz;
  const half = ROW_MM / 2 - 0.5;
  for (let row = 0; row < 3; row++) {
    const base = yMm + row * ROW_MM + ROW_MM / 2;
    p.push(calibration(xMm + 1, base));
    TRACING_COLUMNS.forEach((col, c) => {
      const name = col[row]!;
      const x = traceX + c * colW;
      p.push({ kind: 'label', xMm: x + 1, yMm: base - ROW_MM / 2 + 1, text: name });
      const mv = leads.get(name);
      if (mv !== undefined) {
        // A capture cut short before this column's 2.5 s shows the lead's last 2.5 s recorded
        // instead, with their times: a blank box reads as a flat lead, and a finding read from these
        // leads (ST elevation in V4-V5 of a 7.3-s capture) must be visible where it was measured.
        // Reached: it holds at least half its 2.5 s (a 5.1-s capture drew 0.1 s of V1-V3 and nothing else).
        const reached = mv.length >= Math.round((c + 0.5) * COLUMN_S * fsHz);
        const recordedS = mv.length / fsHz;
        const fromS = reached ? c * COLUMN_S : Math.max(0, Math.floor((recordedS - COLUMN_S) * 10 + 1e-9) / 10);
        p.push({ kind: 'trace', xMm: x, yMm: traceY(mv, fsHz, fromS, COLUMN_S, base, half), stepMm: step });
        if (!reached) {
          const span = `${recordedSecondsText(fromS).replace(' s', '')}-${recordedSecondsText(recordedS)}`;
          p.push({ kind: 'label', xMm: x + 1, yMm: base + ROW_MM / 2 - 4, text: `${span} shown (capture stopped)` });
        }
      }
      // Column separator tick, as on paper reports.
      if (c > 0) p.push({ kind: 'path', pointsMm: [[x, base - 3], [x, base + 3]] });
    });
  }
  const stripBase = yMm + 3 * ROW_MM + ROW_MM / 2;
  p.push(calibration(xMm + 1, stripBase));
  const ii = leads.get('II');
  // The length the strip holds: a capture cut short is not called 10 s.
  const stripS = Math.min(STRIP_S, (ii?.length ?? STRIP_S * fsHz) / fsHz);
  p.push({ kind: 'label', xMm: traceX + 1, yMm: stripBase - ROW_MM / 2 + 1, text: `II (rhythm, ${recordedSecondsText(stripS)})` });
  if (ii !== undefined) p.push({ kind: 'trace', xMm: traceX, yMm: traceY(ii, fsHz, 0, STRIP_S, stripBase, half), stepMm: step });
  return p;
}
