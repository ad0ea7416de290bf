import type { Fiducials } from './delineate.ts';
import { pqLevel } from './delineate.ts';

/** Per-lead amplitudes on the median beat, in mV relative to the PQ junction. */
export interface LeadMeasurement {
  name: string;
  /** QRS peak-to-peak amplitude. */
  qrsPeakToPeakMv: number;
  /** Net QRS deflection (largest positive + largest negative). */
  qrsNetMv: number;
  /** Net P-wave deflection, null without a P wave. */
  pNetMv: number | null;
  /** Level at the J point (mean of J..J+10 ms), for ST deviation. */
  stJMv: number;
  /** Level 60 ms after J, to tell up-sloping from horizontal/down-sloping ST. */
  stJ60Mv: number;
}

function extremes(x: Float32Array, from: number, to: number, base: number): { max: number; min: number; area: number } {
  let max = 0;
  let min = 0;
  let area = 0;
  for (let i = from; i <= to; i++) {
    const v = x[i]! - base;
    max = Math.max(max, v);
    min = Math.min(min, v);
    area += v;
  }
  return { max, min, area };
}

function meanLevel(x: Float32Array, from: number, to: number, base: number): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(0, from); i <= Math.min(x.length - 1, to); i++) {
    s += x[i]! - base;
    n++;
  }
  return n > 0 ? s / n : 0;
}

export function measureLeads(names: readonly string[], beats: readonly Float32Array[], f: Fiducials, fsHz: number): LeadMeasurement[] {
  const j10 = Math.round(0.01 * fsHz);
  const j60 = Math.round(0.06 * fsHz);
  return beats.map((x, l) => {
    const base = pqLevel(x, f.qrsOn, fsHz);
    const q = extremes(x, f.qrsOn, f.qrsOff, base);
    const p = f.pOn !== null && f.pOff !== null ? extremes(x, f.pOn, f.pOff, pqLevel(x, f.pOn + 1, fsHz)) : null;
    return {
      name: names[l]!,
      qrsPeakToPeakMv: q.max - q.min,
      qrsNetMv: q.max + q.min,
      pNetMv: p === null ? null : p.max + p.min,
      stJMv: meanLevel(x, f.qrsOff, f.qrsOff + j10, base),
      stJ60Mv: meanLevel(x, f.qrsOff + j60 - j10, f.qrsOff + j60, base),
    };
  });
}

/**
 * aVF's lead vector over lead I's. In Einthoven's triangle lead I reads |H| cos(theta) and
 * Goldberger's aVF = II - I/2 reads (sqrt(3)/2) |H| sin(theta): the augmented lead is shorter than
 * the bipolar one (Goldberger 1942; Burger & van Milaan's lead vectors). Taking atan2(aVF, I) as if
 * both were equal pulls every axis toward 0/180 deg: a true -33 deg read -29 deg and missed
 * AXIS_DEVIATION, +60 deg read +56 deg.
 */
export const AVF_TO_LEAD_I_VECTOR_RATIO = Math.sqrt(3) / 2;

/**
 * Frontal-plane axis from the net areas in leads I and aVF, in degrees, -180..180 (hexaxial
 * reference: I at 0 deg, aVF at +90 deg; Surawicz & Knilans, Chou's Electrocardiography), with aVF
 * rescaled to lead I's lead-vector length: atan2(aVF / (sqrt(3)/2), I). The one axis function of the
 * station: P, QRS and T axes and the sinus-P test of IRREGULAR_RHYTHM all read it.
 */
export function frontalAxisDeg(leadI: Float32Array | undefined, leadAvf: Float32Array | undefined, from: number | null, to: number | null, qrsOn: number, fsHz: number): number | null {
  if (leadI === undefined || leadAvf === undefined || from === null || to === null || to <= from) return null;
  const leadIArea = extremes(leadI, from, to, pqLevel(leadI, qrsOn, fsHz)).area;
  const avfArea = extremes(leadAvf, from, to, pqLevel(leadAvf, qrsOn, fsHz)).area;
  if (leadIArea === 0 && avfArea === 0) return null;
  return Math.round((Math.atan2(avfArea / AVF_TO_LEAD_I_VECTOR_RATIO, leadIArea) * 180) / Math.PI);
}

/** Bazett: QTc = QT / sqrt(RR in s) (Bazett, Heart 1920). */
export function qtcBazettMs(qtMs: number, rrMs: number): number {
  return qtMs / Math.sqrt(rrMs / 1000);
}

/** Fridericia: QTc = QT / cbrt(RR in s) (Fridericia, Acta Med Scand 1920). */
export function qtcFridericiaMs(qtMs: number, rrMs: number): number {
  return qtMs / Math.cbrt(rrMs / 1000);
}
