// Scoring of the 12-lead analysis against expert annotations (LUDB per-lead wave marks, diagnosis labels).
import type { Annotation } from '../wfdb/types.ts';
import { median } from '../twelve-lead/stats.ts';

/** MIT codes LUDB uses: WFON '(' = 39, WFOFF ')' = 40, P wave 24, normal beat 1, T wave 27. */
const WFON = 39;
const WFOFF = 40;
const PWAVE = 24;
const TWAVE = 27;
const NORMAL = 1;

interface Wave {
  on: number;
  peak: number;
  off: number;
  code: number;
}

function waves(anns: readonly Annotation[]): Wave[] {
  const out: Wave[] = [];
  for (let i = 0; i + 2 < anns.length; i++) {
    const [a, b, c] = [anns[i]!, anns[i + 1]!, anns[i + 2]!];
    if (a.code === WFON && c.code === WFOFF && (b.code === NORMAL || b.code === PWAVE || b.code === TWAVE)) {
      out.push({ on: a.sample, peak: b.sample, off: c.sample, code: b.code });
    }
  }
  return out;
}

/** Per beat, the median over leads of the per-lead expert interval (ms). */
export interface ReferenceIntervals {
  prMs: number[];
  qrsMs: number[];
  qtMs: number[];
}

/**
 * Reference intervals of a LUDB record: beats are the QRS complexes marked in lead II; for each,
 * every lead's marked QRS within 80 ms, its preceding P and following T give per-lead intervals,
 * and the median over leads (at least 3 leads for PR and QT) is that beat's reference.
 */
export function ludbReferenceIntervals(perLead: readonly (readonly Annotation[])[], fsHz: number, beatLead = 1): ReferenceIntervals {
  const all = perLead.map(waves);
  const toMs = (s: number) => (s * 1000) / fsHz;
  const near = Math.round(0.08 * fsHz);
  const out: ReferenceIntervals = { prMs: [], qrsMs: [], qtMs: [] };
  for (const beat of (all[beatLead] ?? []).filter((w) => w.code === NORMAL)) {
    const pr: number[] = [];
    const qrs: number[] = [];
    const qt: number[] = [];
    for (const ws of all) {
      const q = ws.find((w) => w.code === NORMAL && Math.abs(w.peak - beat.peak) < near);
      if (q === undefined) continue;
      qrs.push(toMs(q.off - q.on));
      const p = ws.filter((w) => w.code === PWAVE && w.off <= q.on + 5 && toMs(q.on - w.on) < 400).pop();
      if (p !== undefined) pr.push(toMs(q.on - p.on));
      const t = ws.find((w) => w.code === TWAVE && w.on >= q.off - 5 && toMs(w.off - q.on) < 700);
      if (t !== undefined) qt.push(toMs(t.off - q.on));
    }
    if (qrs.length >= 3) out.qrsMs.push(median(qrs));
    if (pr.length >= 3) out.prMs.push(median(pr));
    if (qt.length >= 3) out.qtMs.push(median(qt));
  }
  return out;
}

export interface ErrorStats {
  n: number;
  maeMs: number;
  meanMs: number;
  sdMs: number;
}

export function errorStats(errors: readonly number[]): ErrorStats {
  const n = errors.length;
  if (n === 0) return { n: 0, maeMs: Number.NaN, meanMs: Number.NaN, sdMs: Number.NaN };
  const mean = errors.reduce((s, v) => s + v, 0) / n;
  const mae = errors.reduce((s, v) => s + Math.abs(v), 0) / n;
  const sd = n > 1 ? Math.sqrt(errors.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, maeMs: mae, meanMs: mean, sdMs: sd };
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export const seOf = (c: Confusion) => (c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : Number.NaN);
export const spOf = (c: Confusion) => (c.tn + c.fp > 0 ? c.tn / (c.tn + c.fp) : Number.NaN);

export function tally(c: Confusion, labelled: boolean, flagged: boolean): void {
  if (labelled && flagged) c.tp++;
  else if (labelled) c.fn++;
  else if (flagged) c.fp++;
  else c.tn++;
}
