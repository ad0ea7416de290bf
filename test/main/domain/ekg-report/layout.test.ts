import { describe, expect, it } from 'vitest';
import { GAIN_MM_PER_MV, layoutReport, PAPER_SPEED_MM_PER_S, UNCONFIRMED_TEXT, wrappedLines, type ReportInput } from '../../../../main/domain/ekg-report/layout.ts';
import type { EkgFlag } from '../../../../main/domain/ekg-flags/flags.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';

function input(over: Partial<ReportInput> = {}): ReportInput {
  const s = syntheticEcg({});
  return {
    patient: { name: 'DOE, Jo', mrn: 'M1', birthDate: '1980-02-03', sex: 'female' },
    capturedAt: '2026-11-22 09:15',
    operator: 'ma1',
    device: 'CART-1',
    filterSettings: '0.05-150 Hz',
    fsHz: s.fsHz,
    leads: s.leads,
    measurements: { heartRateBpm: 70, prMs: 160, qrsMs: 90, qtMs: 380, qtcMs: 410, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 60, t: 50 } },
    qtcFridericiaMs: 400,
    flags: [],
    review: { status: 'unconfirmed', by: null, at: null, comment: null },
    simulated: false,
    ...over,
  };
}

describe('12-lead report layout', () => {
  it('draws 12 leads of 2.5 s and a 10 s rhythm strip at 25 mm/s, deriving limb leads from I and II', () => {
    const l = layoutReport(input());
    const traces = l.primitives.filter((p) => p.kind === 'trace');
    expect(traces).toHaveLength(13);
    const widthsMm = traces.map((t) => (t.kind === 'trace' ? t.yMm.length * t.stepMm : 0));
    expect(widthsMm.filter((w) => Math.abs(w - 2.5 * PAPER_SPEED_MM_PER_S) < 0.1)).toHaveLength(12);
    expect(widthsMm.filter((w) => Math.abs(w - 10 * PAPER_SPEED_MM_PER_S) < 0.1)).toHaveLength(1);
    const labels = l.primitives.filter((p) => p.kind === 'text').map((p) => (p.kind === 'text' ? p.text : ''));
    for (const lead of ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V6']) expect(labels).toContain(lead);
    expect(labels).toContain(UNCONFIRMED_TEXT);
    expect(labels.some((t) => t.includes('MRN M1') && t.includes('DOB 1980-02-03'))).toBe(true);
    expect(l.primitives.some((p) => p.kind === 'watermark')).toBe(false);
  });

  it('gives a wrapping flag the lines it needs; flags that do not fit above the grid are counted, not overdrawn', () => {
    const st: EkgFlag = {
      code: 'ST_ELEVATION',
      urgency: 'immediate',
      value: 3.5,
      text: 'ST segment raised in neighbouring leads (aVL/I, I/-aVR, -aVR/II, II/aVF, aVF/III, V1/V2, V2/V3, V3/V4; up to 3.5 mm) (lead calibration of this recording inconsistent: check the ST levels on the tracing): notify the provider now.',
    };
    const rate: EkgFlag = { code: 'BRADYCARDIA', urgency: 'routine', value: 48, text: 'Slow heart rate (48 per minute): for provider review.' };
    const texts = (l: ReturnType<typeof layoutReport>) => l.primitives.flatMap((p) => (p.kind === 'text' ? [p] : []));
    const two = texts(layoutReport(input({ flags: [st, rate] })));
    const a = two.find((p) => p.text.startsWith('[IMMEDIATE]'))!;
    const b = two.find((p) => p.text.startsWith('[ROUTINE]'))!;
    expect(wrappedLines(a.text, 7.5, true, a.widthMm!)).toBeGreaterThan(1);
    expect(b.yMm - a.yMm).toBeGreaterThanOrEqual(3.6 * wrappedLines(a.text, 7.5, true, a.widthMm!));
    const grid = layoutReport(input()).primitives.find((p) => p.kind === 'grid')!;
    const many = texts(layoutReport(input({ flags: [st, st, st, rate, rate, rate, rate], review: { status: 'over-read', by: 'dr1', at: '2026-11-22 10:00', comment: 'Repeat the tracing.' } })));
    const drawn = many.filter((p) => p.text.startsWith('['));
    expect(drawn.length).toBeLessThan(7);
    const more = many.find((p) => p.text.startsWith('+ '))!;
    expect(more.text).toBe(`+ ${7 - drawn.length} more finding(s) flagged: see the EKG screen.`);
    const comment = many.find((p) => p.text.startsWith('Provider comment'))!;
    expect(comment.yMm + 3.6).toBeLessThanOrEqual(grid.kind === 'grid' ? grid.yMm : 0);
    for (let k = 1; k < drawn.length; k++) expect(drawn[k]!.yMm - drawn[k - 1]!.yMm).toBeGreaterThanOrEqual(3.6 * wrappedLines(drawn[k - 1]!.text, 7.5, drawn[k - 1]!.bold, drawn[k - 1]!.widthMm!));
  });

  it('prints what the analysis could not read under the tracing, inside the page', () => {
    const note = 'The limb leads disagree with each other on clean beats (Einthoven\'s law off by 16.0 %): the axes and low voltage are not read.';
    const l = layoutReport(input({ notes: [note] }));
    const t = l.primitives.find((p) => p.kind === 'text' && p.text === `Not read: ${note}`);
    expect(t).toBeDefined();
    const grid = l.primitives.find((p) => p.kind === 'grid')!;
    if (t?.kind !== 'text' || grid.kind !== 'grid') throw new Error('unreachable');
    expect(t.yMm).toBeGreaterThan(grid.yMm + grid.heightMm + 4);
    expect(t.yMm + 7).toBeLessThan(l.pageHeightMm);
    expect(layoutReport(input()).primitives.some((p) => p.kind === 'text' && p.text.startsWith('Not read:'))).toBe(false);
  });

  it('keeps missing samples missing (NaN, drawn as a gap), never a flat line', () => {
    const s = syntheticEcg({});
    const leads = s.leads.map((l) => (l.name === 'II' ? { name: 'II', mv: l.mv.map((v, i) => (i >= 1000 && i < 1500 ? Number.NaN : v)) } : l));
    const l = layoutReport(input({ leads }));
    const strip = l.primitives.filter((p) => p.kind === 'trace').find((p) => p.kind === 'trace' && p.yMm.length === 5000);
    expect(strip).toBeDefined();
    if (strip?.kind === 'trace') {
      expect(Array.from(strip.yMm.subarray(1000, 1500)).every((v) => Number.isNaN(v))).toBe(true);
      expect(Number.isNaN(strip.yMm[999]!)).toBe(false);
    }
  });

  it('has a 1 mV calibration pulse 10 mm tall, and the page fits US Letter landscape', () => {
    const l = layoutReport(input({ simulated: true }));
    const cal = l.primitives.find((p) => p.kind === 'path' && p.pointsMm.length === 6);
    expect(cal).toBeDefined();
    if (cal?.kind === 'path') expect(cal.pointsMm[1]![1] - cal.pointsMm[2]![1]).toBeCloseTo(GAIN_MM_PER_MV, 6);
    expect(l.primitives.some((p) => p.kind === 'watermark' && p.text === 'SIMULATED')).toBe(true);
    for (const p of l.primitives) if (p.kind === 'grid') expect(p.xMm + p.widthMm).toBeLessThanOrEqual(l.pageWidthMm);
  });
});
