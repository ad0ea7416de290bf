// R-peak detector figures: throughput (lead-samples/s, one core), streaming latency, beats of 10-s
// strips analysed alone, and -- when run directly (`npx tsx bench/ekg-detect.bench.ts`) -- the
// per-record EC57 table on mitdb-ds1.
import { pathToFileURL } from 'node:url';
import { readAnnotations, readRecord } from '../main/io/wfdb.ts';
import { toPhysical } from '../main/ekg/wfdb/index.ts';
import { detectRPeaks, StreamingRPeakDetector } from '../main/ekg/detect/index.ts';
import { grossTotals, scoreRecord, type Ec57Result } from '../main/ekg/evaluation/ec57.ts';
import { runPipeline } from '../main/ekg/pipeline.ts';
import { scoreStripBeats } from '../main/io/ekgStripBeats.ts';
import { MITDB_DS1 } from '../main/io/ekgRhythmEvaluation.ts';

const ECG = '../shared/ecg';
const DS1 = [101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124, 201, 203, 205, 207, 208, 209, 215, 220, 223, 230];

async function loadLeads(headerPath: string): Promise<{ leads: Float32Array[]; fsHz: number }> {
  const rec = await readRecord(headerPath);
  return { leads: rec.signals.map(toPhysical), fsHz: rec.fsHz };
}

/**
 * Batch detection in lead-samples per second of one core: best of `runs` CPU times (user + system) of
 * this single-threaded process after one untimed warm-up run (the JIT has compiled the hot loops).
 * CPU time, not wall time: on a shared machine wall time also counts other processes.
 */
function throughput(leads: readonly Float32Array[], fsHz: number, runs = 3): number {
  detectRPeaks(leads, fsHz);
  let bestMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    detectRPeaks(leads, fsHz);
    const c = process.cpuUsage(c0);
    bestMs = Math.min(bestMs, (c.user + c.system) / 1000);
  }
  return (leads.length * (leads[0]?.length ?? 0)) / (bestMs / 1000);
}

/** Repeats a short record until it lasts `seconds` (a long 12-lead input for timing). */
function tile(leads: readonly Float32Array[], fsHz: number, seconds: number): Float32Array[] {
  const n = Math.round(seconds * fsHz);
  return leads.map((l) => {
    const out = new Float32Array(n);
    for (let at = 0; at < n; at += l.length) out.set(l.subarray(0, Math.min(l.length, n - at)), at);
    return out;
  });
}

/** Streams 1-sample chunks; returns the worst observed report delay (ms) and the mean cost per chunk (µs). */
function streamingLatency(leads: readonly Float32Array[], fsHz: number): { worstMs: number; statedMs: number; usPerChunk: number } {
  const det = new StreamingRPeakDetector(leads.length, fsHz);
  const n = leads[0]?.length ?? 0;
  let worst = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    for (const peak of det.push(leads.map((l) => l.subarray(i, i + 1)))) worst = Math.max(worst, i - peak);
  }
  const elapsedMs = performance.now() - t0;
  return { worstMs: (worst * 1000) / fsHz, statedMs: det.latencyMs, usPerChunk: (elapsedMs * 1000) / n };
}

export async function run(): Promise<void> {
  const mit = await loadLeads(`${ECG}/mitdb-ds1/208.hea`);
  const mitRate = throughput(mit.leads, mit.fsHz);
  console.log(`batch, 2-lead ${mit.fsHz} Hz (mitdb 208, 30 min): ${(mitRate / 1e6).toFixed(1)} M lead-samples/s (one core, CPU time, best of 3 after a warm-up run)`);

  const ludb = await loadLeads(`${ECG}/ludb-dev/1.hea`);
  const long12 = tile(ludb.leads, ludb.fsHz, 30 * 60);
  const ludbRate = throughput(long12, ludb.fsHz);
  console.log(`batch, 12-lead ${ludb.fsHz} Hz (ludb 1 tiled to 30 min): ${(ludbRate / 1e6).toFixed(1)} M lead-samples/s (one core, CPU time, best of 3 after a warm-up run)`);

  const excerpt = mit.leads.map((l) => l.subarray(0, 5 * 60 * mit.fsHz));
  const lat = streamingLatency(excerpt, mit.fsHz);
  console.log(
    `streaming latency (2-lead ${mit.fsHz} Hz, 1-sample chunks): stated ${lat.statedMs.toFixed(0)} ms, ` +
      `worst observed ${lat.worstMs.toFixed(0)} ms, compute ${lat.usPerChunk.toFixed(2)} µs per chunk`,
  );
  const lat12 = streamingLatency(
    ludb.leads.map((l) => l.subarray()),
    ludb.fsHz,
  );
  console.log(
    `streaming latency (12-lead ${ludb.fsHz} Hz, 1-sample chunks): stated ${lat12.statedMs.toFixed(0)} ms, ` +
      `worst observed ${lat12.worstMs.toFixed(0)} ms, compute ${lat12.usPerChunk.toFixed(2)} µs per chunk`,
  );
  await printStripBeats();
}

/**
 * Beats of 10-s strips, each analysed alone through the station pipeline as a stored capture is
 * (EC57 above starts at 5 min and so never sees a detector's start).
 */
async function printStripBeats(): Promise<void> {
  const s = await scoreStripBeats(`${ECG}/mitdb-ds1`, MITDB_DS1, (leads, names, fsHz) => runPipeline(leads, fsHz, names, { mainsHz: null }).beats);
  const pct = (a: number, b: number) => ((100 * a) / (a + b)).toFixed(2);
  console.log(
    `10-s strips of mitdb-ds1 analysed alone (${s.strips} strips, beats in 0.2-9.8 s, 150 ms match): Se ${pct(s.tp, s.fn)} % +P ${pct(s.tp, s.fp)} % ` +
      `(TP ${s.tp} FN ${s.fn} FP ${s.fp}); beats in 0.2-2 s: Se ${pct(s.earlyTp, s.earlyFn)} % (${s.earlyFn} missed of ${s.earlyTp + s.earlyFn})`,
  );
}

/** Per-record and gross EC57 table on mitdb-ds1 (all leads given to the detector). */
async function printDs1Table(): Promise<void> {
  console.log('record     TP    FN    FP     Se %    +P %');
  const results: Ec57Result[] = [];
  for (const name of DS1) {
    const { leads, fsHz } = await loadLeads(`${ECG}/mitdb-ds1/${name}.hea`);
    const reference = await readAnnotations(`${ECG}/mitdb-ds1/${name}.atr`);
    const r = scoreRecord(reference, detectRPeaks(leads, fsHz), fsHz);
    results.push(r);
    console.log(row(String(name), r));
  }
  console.log(row('gross', grossTotals(results)));
}

function row(name: string, r: Ec57Result): string {
  return `${name.padEnd(7)}${String(r.tp).padStart(6)}${String(r.fn).padStart(6)}${String(r.fp).padStart(6)}${r.sePct.toFixed(2).padStart(9)}${r.ppvPct.toFixed(2).padStart(8)}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printDs1Table();
  await run();
}
