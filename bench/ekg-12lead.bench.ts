// 12-lead analysis: validation tables on the shared sets and timing of analysis and report.
import { performance } from 'node:perf_hooks';
import { detectRPeaks } from '../main/ekg/detect/index.ts';
import { seOf, spOf, type Confusion } from '../main/ekg/evaluation/twelve-lead.ts';
import { analyzeEkg } from '../main/domain/ekg-flags/summary.ts';
import { loadEkg } from '../main/io/ekgDatasets.ts';
import { layoutReport, type ReportInput } from '../main/domain/ekg-report/layout.ts';
import { standardLeadName } from '../main/ekg/twelve-lead/leads.ts';
import { renderReportPdf, reportTextWidthEm } from '../main/services/ekgReport.ts';
import { scoreCinc2017, scoreFlags, scoreIntervalFlagsOnMarks, scoreRateFlagsOnMarkedRate, validateLudbIntervals } from '../main/io/ekgEvaluation.ts';
import { MITDB_DS1, scoreMitdbStrips } from '../main/io/ekgRhythmEvaluation.ts';

const ECG = '../shared/ecg';
const pct = (v: number) => (Number.isNaN(v) ? '  n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

export async function run(): Promise<void> {
  const v = await validateLudbIntervals(`${ECG}/ludb-dev`);
  console.log(`LUDB intervals (${v.records} records; ours - per-beat median over leads of expert marks)`);
  console.log('interval  beats   MAE ms  mean ms   SD ms  target MAE');
  for (const [k, s, t] of [['PR', v.pr, 15], ['QRS', v.qrs, 10], ['QT', v.qt, 20]] as const) {
    console.log(`${k.padEnd(8)} ${String(s.n).padStart(6)} ${s.maeMs.toFixed(1).padStart(8)} ${s.meanMs.toFixed(1).padStart(8)} ${s.sdMs.toFixed(1).padStart(7)}  <= ${t}`);
  }
  const f = await scoreFlags(`${ECG}/ludb-dev`, `${ECG}/cinc2021-dev`);
  console.log(`\nFlags vs labels (LUDB + CinC 2021, ${f.records} records; LUDB scores only the flags its labels cover, amplitude flags on CinC 2021 only; unreadable: ${f.unreadable.length})`);
  console.log('                         records whose labels say nothing of the flag left out | labels as they stand');
  console.log('flag                     TP  FN  FP   TN     Se      Sp |  TP  FN  FP   TN     Se      Sp');
  const cells = (c: Confusion) => `${String(c.tp).padStart(3)} ${String(c.fn).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.tn).padStart(4)} ${pct(seOf(c))} ${pct(spOf(c))}`;
  for (const [k, c] of f.byFlag) console.log(`${k.padEnd(24)} ${cells(c)} | ${cells(f.raw.get(k)!)}`);
  console.log(`Left out of a flag's score (labels say nothing about its definition), ${f.excluded.length}:`);
  for (const e of f.excluded) console.log(`  ${e.flag.padEnd(20)} ${e.record.padEnd(16)} ${e.reason}`);
  const rate = await scoreRateFlagsOnMarkedRate(`${ECG}/ludb-dev`);
  for (const [k, c] of [['BRADYCARDIA', rate.bradycardia], ['TACHYCARDIA', rate.tachycardia]] as const) {
    console.log(`${k} vs rate of LUDB's QRS marks (${rate.records} records): TP ${c.tp} FN ${c.fn} FP ${c.fp} TN ${c.tn}  Se ${pct(seOf(c))} Sp ${pct(spOf(c))}`);
  }
  for (const [k, c] of await scoreIntervalFlagsOnMarks(`${ECG}/ludb-dev`)) {
    console.log(`${k} vs LUDB's marked intervals: TP ${c.tp} FN ${c.fn} FP ${c.fp} TN ${c.tn}  Se ${pct(seOf(c))} Sp ${pct(spOf(c))}`);
  }
  const c17 = await scoreCinc2017(`${ECG}/cinc2017-dev`);
  const i = c17.irregular;
  console.log(`\nCinC 2017 IRREGULAR_RHYTHM (A vs N+O): TP ${i.tp} FN ${i.fn} FP ${i.fp} TN ${i.tn}  Se ${pct(seOf(i))} Sp ${pct(spOf(i))}`);
  console.log(`CinC 2017 noisy (~): ${c17.noisyPoorSignal}/${c17.noisyTotal} POOR_SIGNAL, ${c17.noisyRhythmFlag} with a rhythm flag; unreadable by the WFDB reader: ${c17.unreadable.length} (${c17.unreadable.join(' ')})`);

  const strips = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 10);
  const s = strips.irregular;
  console.log(`\nMIT-BIH DS1 10-s strips (one rhythm each), IRREGULAR_RHYTHM (AF/flutter vs other): TP ${s.tp} FN ${s.fn} FP ${s.fp} TN ${s.tn}  Se ${pct(seOf(s))} Sp ${pct(spOf(s))}; POOR_SIGNAL ${strips.poorSignal}/${strips.strips}`);
  const sr = strips.rate;
  console.log(
    `  rate flags vs the rate of the marked beats in each strip (every rhythm, ectopy included): slow (< 60/min) TP ${sr.slow.tp} FN ${sr.slow.fn} FP ${sr.slow.fp} TN ${sr.slow.tn}  Se ${pct(seOf(sr.slow))} Sp ${pct(spOf(sr.slow))}; ` +
      `fast (> 100/min) TP ${sr.fast.tp} FN ${sr.fast.fn} FP ${sr.fast.fp} TN ${sr.fast.tn}  Se ${pct(seOf(sr.fast))} Sp ${pct(spOf(sr.fast))}; heart rate MAE ${(sr.absErrorBpmSum / sr.measured).toFixed(2)} bpm over ${sr.measured} strips`,
  );
  const e = strips.ectopy;
  console.log(`  VENTRICULAR_ECTOPY vs beats marked V in the strip (strips with escape or fusion beats and no V left out): TP ${e.tp} FN ${e.fn} FP ${e.fp} TN ${e.tn}  Se ${pct(seOf(e))} Sp ${pct(spOf(e))}`);
  console.log('muscle noise (nst ma) added, one strip a minute:  SNR   POOR_SIGNAL   non-AF strips with IRREGULAR_RHYTHM   AF strips flagged');
  for (const snrDb of [24, 12, 6, 0]) {
    const n = await scoreMitdbStrips(`${ECG}/mitdb-ds1`, MITDB_DS1, 60, { dir: `${ECG}/noise`, record: 'ma', snrDb });
    console.log(`${String(snrDb).padStart(52)} dB ${pct(n.poorSignal / n.strips).padStart(10)} ${`${n.otherWithRhythmFlag}/${n.other}`.padStart(20)} ${pct(n.otherWithRhythmFlag / n.other)} ${`${n.irregular.tp}/${n.strips - n.other}`.padStart(16)}`);
  }

  const r = await loadEkg(`${ECG}/ludb-dev/1.hea`);
  const leads = r.leads.map((l) => l.mv);
  const rPeaks = detectRPeaks(leads, r.fsHz);
  const analysis = timeRuns(100, () => analyzeEkg({ fsHz: r.fsHz, leads: r.leads, rPeaks }, r.patient));
  console.log(
    `\nAnalysis (median beats + delineation + measurements + flags), 12 leads x 10 s x 500 Hz: median ${analysis.medianMs.toFixed(2)} ms, min ${analysis.minMs.toFixed(2)} ms over ${analysis.runs} runs (target < 20 ms; R-peak detection excluded)`,
  );
  const { interpretation } = analyzeEkg({ fsHz: r.fsHz, leads: r.leads, rPeaks }, r.patient);
  const input: ReportInput = {
    patient: { name: 'SIMULATED, Bench', mrn: 'SIM-1', birthDate: '1970-01-01', sex: 'female' },
    capturedAt: '2026-11-22 09:15',
    operator: 'bench',
    device: 'SIM-CART-1',
    filterSettings: '0.05-150 Hz',
    fsHz: r.fsHz,
    leads: r.leads.map((l) => ({ name: standardLeadName(l.name) ?? l.name, mv: l.mv })),
    measurements: interpretation.measurements,
    qtcFridericiaMs: interpretation.qtc.fridericiaMs,
    qtcBazettMs: interpretation.qtc.bazettMs,
    flags: interpretation.flags,
    review: { status: 'unconfirmed', by: null, at: null, comment: null },
    simulated: true,
  };
  const times: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    bytes = (await renderReportPdf(layoutReport(input, reportTextWidthEm))).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`Report PDF (layout + pdfkit, 1 page, ${Math.round(bytes / 1024)} KiB): median ${times[5]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms over 10 runs (target < 500 ms)`);
}

/** Wall-clock per run; median and min, because other processes share the 2 cores. */
function timeRuns(runs: number, f: () => unknown): { runs: number; medianMs: number; minMs: number } {
  f();
  const t: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { runs, medianMs: t[runs >> 1]!, minMs: t[0]! };
}
