import { describe, expect, it } from 'vitest';
import { GAIN_MM_PER_MV, layoutReport as layoutReportIn, PAPER_SPEED_MM_PER_S, ReportTooLongError, SIMULATED_REPORT_TEXT, UNCONFIRMED_TEXT, type Primitive, type ReportInput, type ReportLayout } from '../../../../main/domain/ekg-report/layout.ts';
import { flagLine } from '../../../../main/domain/ekg-report/findings.ts';
import { lineHeightMm, MM_PER_PT } from '../../../../main/domain/ekg-report/textFlow.ts';
import type { EkgFlag } from '../../../../main/domain/ekg-flags/flags.ts';
import { reportTextWidthEm } from '../../../../main/services/ekgReport.ts';
import { LONGEST_COMMENT, LONGEST_NAME, LONGEST_NOTES, MOST_FLAGS } from '../../../helpers/ekgReportCases.ts';
import { PACED_NOTE } from '../../../../main/domain/ekg-flags/summary.ts';
import { syntheticEcg } from '../../../helpers/syntheticEcg.ts';
import { OVER_READ_COMMENT_MAX_CHARS, OVER_READ_COMMENT_MAX_LINE_BREAKS } from '../../../../common/ekg/reviewWording.ts';

// Measured in the font the PDF is drawn with, so the boxes below are where the ink is.
const layoutReport = (r: ReportInput) => layoutReportIn(r, reportTextWidthEm);
type Text = Extract<Primitive, { kind: 'text' }>;
const texts = (l: ReportLayout) => l.primitives.filter((p): p is Text => p.kind === 'text');
const gridOf = (l: ReportLayout) => l.primitives.find((p): p is Extract<Primitive, { kind: 'grid' }> => p.kind === 'grid')!;

/** The box a line of text inks: its measured width by one line's height. */
function box(t: Text) {
  return { x0: t.xMm, y0: t.yMm, x1: t.xMm + reportTextWidthEm(t.text, t.bold) * t.sizePt * MM_PER_PT, y1: t.yMm + lineHeightMm(t.sizePt) };
}
// Lines of one paragraph touch (one line height apart): a micrometre of rounding is not an overlap.
const EPS_MM = 1e-6;
const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) => a.x0 < b.x1 - EPS_MM && b.x0 < a.x1 - EPS_MM && a.y0 < b.y1 - EPS_MM && b.y0 < a.y1 - EPS_MM;

/** Every text on the page inside the page, none over another, and none but the lead labels on the grid. */
function expectNoOverprint(l: ReportLayout) {
  const g = gridOf(l);
  const gridBox = { x0: g.xMm, y0: g.yMm, x1: g.xMm + g.widthMm, y1: g.yMm + g.heightMm };
  const boxes = texts(l).map((t) => ({ t, b: box(t) }));
  for (const [i, { t, b }] of boxes.entries()) {
    expect(b.x0).toBeGreaterThanOrEqual(0);
    expect(b.x1, t.text).toBeLessThanOrEqual(l.pageWidthMm);
    expect(b.y1, t.text).toBeLessThanOrEqual(l.pageHeightMm);
    const label = b.x0 > gridBox.x0 && b.x1 < gridBox.x1 && b.y0 > gridBox.y0 && b.y1 < gridBox.y1;
    if (!label) expect(overlap(b, gridBox), `"${t.text}" on the grid`).toBe(false);
    for (const other of boxes.slice(i + 1)) expect(overlap(b, other.b), `"${t.text}" over "${other.t.text}"`).toBe(false);
  }
}

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


const UNREVIEWED = { status: 'unconfirmed', providerNotified: false, immediateAcknowledged: false } as const;
const OVER_READ = { status: 'over-read', providerNotified: false, immediateAcknowledged: false } as const;

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
    expect(labels.some((t) => t.startsWith('INCOMPLETE'))).toBe(false);
    expect(labels.some((t) => t.includes('MRN M1') && t.includes('DOB 1980-02-03'))).toBe(true);
    expect(l.primitives.some((p) => p.kind === 'watermark')).toBe(false);
  });

  // The most flags that can co-occur with a 2000-character comment; with one "Not read" note, or
  // both, a 1000-character one; with both notes, the most line breaks the review accepts. Longer
  // than that is refused (last test), never cut; the review accepts 600 characters.
  const [note, unmeasured] = LONGEST_NOTES;
  // The longest comment the review accepts (OVER_READ_COMMENT_MAX_*), as many short lines as allowed.
  const manyBreaks = `${'Line of an over-read comment.\n'.repeat(OVER_READ_COMMENT_MAX_LINE_BREAKS)}${'word '.repeat(300)}`.slice(0, OVER_READ_COMMENT_MAX_CHARS);
  it.each([
    { notes: [], comment: LONGEST_COMMENT },
    { notes: [note], comment: LONGEST_COMMENT.slice(0, 1000) },
    { notes: [unmeasured, note], comment: LONGEST_COMMENT.slice(0, 1000) },
    { notes: [unmeasured, note], comment: manyBreaks },
    // Every note that can come with them (IRREGULAR_RHYTHM says itself why no PR is measured): a paced tracing too.
    // This one fills the page: with the header's INCOMPLETE CAPTURE line too, the review's trial
    // layout refuses the comment (EkgReviewService.review), one line shorter then fits.
    { notes: [unmeasured, note, PACED_NOTE], comment: manyBreaks, complete: true },
  ])('puts all 11 flags (urgency and text), $notes.length note(s) and a long comment on the one page, nothing over anything', ({ notes, comment, complete }) => {
    const incompleteRecordedSeconds = complete === true ? null : 9.9;
    const l = layoutReport(input({ flags: MOST_FLAGS, notes, review: { status: 'over-read', by: 'dr1', at: '2026-11-22 10:00', comment }, incompleteRecordedSeconds }));
    // A wrapped text's lines are consecutive primitives: joined with spaces they give the text back.
    const printed = texts(l).map((t) => t.text).join(' ');
    for (const f of MOST_FLAGS) expect(printed).toContain(flagLine(f, OVER_READ));
    expect(printed).toContain(`Provider comment: ${comment.replace(/\n/g, ' ')}`);
    for (const n of notes) expect(printed).toContain(`Not read: ${n}`);
    if (incompleteRecordedSeconds !== null) expect(printed).toContain('INCOMPLETE CAPTURE: only 9.9 s recorded');
    expect(printed).not.toContain('more finding');
    expectNoOverprint(l);
    // Still legible, and the waveform area keeps its scale: 10 s at 25 mm/s plus the pulse, four 30 mm rows.
    expect(Math.min(...texts(l).map((t) => t.sizePt))).toBeGreaterThanOrEqual(5.5);
    const g = gridOf(l);
    expect([g.widthMm, g.heightMm]).toEqual([8 + 10 * PAPER_SPEED_MM_PER_S, 4 * 30]);
  });

  it('puts the four notes a paced tracing can have together on the page, with every flag they allow and the longest comment', () => {
    // No P wave placed (said only without IRREGULAR_RHYTHM), and limb leads that disagree (then no
    // axis or low-voltage finding is read), leads unmeasured, paced.
    const noP =
      'No P wave could be separated before the QRS (at a fast rate, or with a long PR interval, it can merge with the previous T wave; or there may be none): the PR interval is not measured and is to be read on the tracing.';
    const flags = MOST_FLAGS.filter((f) => !['IRREGULAR_RHYTHM', 'AXIS_DEVIATION', 'LOW_VOLTAGE'].includes(f.code));
    const notes = [unmeasured, note, PACED_NOTE, noP];
    const printed = texts(layoutReport(input({ flags, notes, review: { status: 'over-read', by: 'dr1', at: '2026-11-22 10:00', comment: manyBreaks } })))
      .map((t) => t.text)
      .join(' ');
    for (const n of notes) expect(printed).toContain(`Not read: ${n}`);
    for (const f of flags) expect(printed).toContain(flagLine(f, OVER_READ));
  });

  it('prints each flag in plain words with its value, never its internal code', () => {
    const pause: EkgFlag = { code: 'PAUSE', urgency: 'prompt', value: 3120, text: 'Pause between beats of 3.12 s: needs provider review promptly.' };
    expect(flagLine(pause, UNREVIEWED)).toBe('[PROMPT] Pause between beats of 3.12 s: needs provider review promptly.');
    const l = layoutReport(input({ flags: MOST_FLAGS }));
    const printed = texts(l).map((t) => t.text).join(' ');
    for (const f of MOST_FLAGS) expect(printed).not.toContain(f.code);
  });

  it('drops the call to act on paper as on screen: once a provider is notified, and once the EKG is reviewed', () => {
    const st = MOST_FLAGS[0]!;
    expect(flagLine(st, UNREVIEWED)).toMatch(/notify the provider now\.$/);
    for (const review of [{ ...UNREVIEWED, providerNotified: true }, { ...UNREVIEWED, providerNotified: true, immediateAcknowledged: true }, OVER_READ, { ...OVER_READ, status: 'confirmed' as const }]) {
      expect(flagLine(st, review)).toBe(`[IMMEDIATE] ${st.text.replace(/: notify the provider now\.$/, '.')}`);
    }
    const printed = texts(layoutReport(input({ flags: MOST_FLAGS, review: { status: 'over-read', by: 'Dr Paula Okafor', at: 'Nov 24, 2026, 09:15 AM UTC', comment: 'Repeat the EKG.' } })))
      .map((t) => t.text)
      .join(' ');
    expect(printed).not.toMatch(/notify the provider now/);
  });

  it('prints a PR interval and P axis that are not measurable (no sinus P wave) as a dash', () => {
    const l = layoutReport(input({ measurements: { heartRateBpm: 96, prMs: null, qrsMs: 90, qtMs: 340, qtcMs: 390, qtcFormula: 'fridericia', axisDeg: { p: null, qrs: 60, t: 44 } } }));
    const printed = texts(l).map((t) => t.text);
    expect(printed).toContain('Rate 96 bpm    PR --    QRS 90 ms');
    expect(printed).toContain('Axes P --  QRS 60  T 44 deg');
    expect(printed.join(' ')).not.toMatch(/null|NaN|undefined/);
  });

  it('keeps the usual layout (grid at 62 mm, one column) for a few flags', () => {
    const l = layoutReport(input({ flags: MOST_FLAGS.slice(0, 3) }));
    expect(gridOf(l).yMm).toBe(62);
    const flagTexts = texts(l).filter((t) => t.text.startsWith('['));
    expect(new Set(flagTexts.map((t) => t.xMm)).size).toBe(1);
    expect(flagTexts.every((t) => t.sizePt === 7.5)).toBe(true);
    expectNoOverprint(l);
  });

  it('wraps a 100 + 100 character name within its column, whole, clear of the measurements', () => {
    const l = layoutReport(input({ patient: { name: LONGEST_NAME, mrn: 'M1', birthDate: '1980-02-03', sex: 'female' } }));
    const nameLines = texts(l).filter((t) => t.bold && t.sizePt >= 10 && t.xMm === 8);
    expect(nameLines.length).toBeGreaterThan(1);
    // Every character is there (lines break at spaces or, in a 100-letter word, between letters).
    expect(nameLines.map((t) => t.text).join('').replace(/\s/g, '')).toBe(LONGEST_NAME.replace(/\s/g, ''));
    const rate = texts(l).find((t) => t.text.startsWith('Rate '))!;
    for (const t of nameLines) expect(box(t).x1).toBeLessThan(rate.xMm);
    expectNoOverprint(l);
  });

  it('refuses, rather than shortens, a report that cannot fit on one page', () => {
    const flags = Array.from({ length: 40 }, () => MOST_FLAGS[0]!);
    expect(() => layoutReport(input({ flags, review: { status: 'over-read', by: 'dr1', at: 'now', comment: LONGEST_COMMENT } }))).toThrow(ReportTooLongError);
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

  it('says in words in the header of simulated data that it is not patient data, on the one page, and nothing of it for real data', () => {
    // A UI tester: the watermark and "Device SIMULATED..." but no line saying the page is not a patient's.
    for (const over of [{}, { flags: MOST_FLAGS, review: { status: 'over-read', by: 'dr1', at: 'now', comment: LONGEST_COMMENT } as const }, { patient: { name: LONGEST_NAME, mrn: 'M1', birthDate: '1980-02-03', sex: 'female' } }]) {
      const l = layoutReport(input({ ...over, simulated: true }));
      const line = texts(l).find((t) => t.text === SIMULATED_REPORT_TEXT);
      expect(line).toBeDefined();
      // In the header: under the patient's name, above the MRN line and the findings, in red.
      const mrn = texts(l).find((t) => t.text.startsWith('MRN '))!;
      expect(line!.yMm).toBeLessThan(mrn.yMm);
      expect(line!.xMm).toBe(mrn.xMm);
      expect(line!.bold).toBe(true);
      expect(line!.color).toBe('#c00000');
      expect(line!.yMm + lineHeightMm(line!.sizePt)).toBeLessThan(gridOf(l).yMm);
      expectNoOverprint(l);
    }
    expect(texts(layoutReport(input())).some((t) => t.text.includes('not patient data'))).toBe(false);
  });

  it('says a capture was cut short in red right under the review status, where the reader looks first', () => {
    const t = texts(layoutReport(input({ incompleteRecordedSeconds: 7.36 })));
    const status = t.findIndex((x) => x.text === UNCONFIRMED_TEXT);
    // Rounded down as every other place says a recording's length.
    expect(t[status + 1]).toMatchObject({ text: 'INCOMPLETE CAPTURE: only 7.3 s recorded', bold: true, color: '#c00000', xMm: t[status]!.xMm });
    expect(t[status + 1]!.yMm).toBeGreaterThan(t[status]!.yMm);
    expectNoOverprint(layoutReport(input({ incompleteRecordedSeconds: 7.36 })));
  });
});
