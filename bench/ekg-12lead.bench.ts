// 12-lead analysis: validation tables on the shared sets and timing of analysis and report.
import { performance } from 'node:perf_hooks';
import { detectRPeaks } from '../main/ekg/detect/index.ts';
import { seOf, spOf } from '../main/ekg/evaluation/twelve-lead.ts';
import { analyzeEkg } from '../main/domain/ekg-flags/summary.ts';
import { loadEkg } from '../main/io/ekgDatasets.ts';
import { scoreCinc2017, scoreFlags, validateLudbIntervals } from '../main/io/ekgEvaluation.ts';

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
  console.log(`\nFlags vs labels (LUDB + CinC 2021, ${f.records} records; amplitude flags on CinC 2021 only; unreadable: ${f.unreadable.length})`);
  console.log('flag                     TP  FN  FP   TN     Se      Sp');
  for (const [k, c] of f.byFlag) {
    console.log(`${k.padEnd(24)} ${String(c.tp).padStart(3)} ${String(c.fn).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.tn).padStart(4)} ${pct(seOf(c))} ${pct(spOf(c))}`);
  }
  const c17 = await scoreCinc2017(`${ECG}/cinc2017-dev`);
  const i = c17.irregular;
  console.log(`\nCinC 2017 IRREGULAR_RHYTHM (A vs N+O): TP ${i.tp} FN ${i.fn} FP ${i.fp} TN ${i.tn}  Se ${pct(seOf(i))} Sp ${pct(spOf(i))}`);
  console.log(`CinC 2017 noisy (~): ${c17.noisyPoorSignal}/${c17.noisyTotal} POOR_SIGNAL, ${c17.noisyRhythmFlag} with a rhythm flag; unreadable by the WFDB reader: ${c17.unreadable.length} (${c17.unreadable.join(' ')})`);

  const r = await loadEkg(`${ECG}/ludb-dev/1.hea`);
  const leads = r.leads.map((l) => l.mv);
  const rPeaks = detectRPeaks(leads, r.fsHz);
  const runs = 50;
  analyzeEkg({ fsHz: r.fsHz, leads: r.leads, rPeaks }, r.patient);
  const t0 = performance.now();
  for (let k = 0; k < runs; k++) analyzeEkg({ fsHz: r.fsHz, leads: r.leads, rPeaks }, r.patient);
  const perRecordMs = (performance.now() - t0) / runs;
  console.log(`\nAnalysis (median beats + delineation + measurements + flags), 12 leads x 10 s x 500 Hz: ${perRecordMs.toFixed(2)} ms per record (mean of ${runs}; target < 20 ms; R-peak detection excluded)`);
}
