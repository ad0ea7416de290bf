// EKG pipeline figures: batch throughput (filters, quality, detection, whole pipeline) in lead-samples/s on
// one core for 2-lead 360 Hz and 12-lead 500 Hz input, retained memory per lead-hour, `station analyze`
// wall and CPU time on a 30-min 2-lead record including process start-up, and the MIT-BIH NST noise-stress table.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectRPeaks } from '../main/ekg/detect/index.ts';
import { grossTotals, type Ec57Result } from '../main/ekg/evaluation/ec57.ts';
import { scoreNoiseStress } from '../main/ekg/evaluation/noise-stress.ts';
import { freshCliBundle } from '../bin/cli-bundle.mjs';
import { chainSpecs, designFilter, filterZeroPhaseLeads } from '../main/ekg/filters/index.ts';
import { diagnosticLowPassHz, runPipeline } from '../main/ekg/pipeline.ts';
import { assessQuality } from '../main/ekg/quality/index.ts';
import { toPhysical } from '../main/ekg/wfdb/index.ts';
import { readAnnotations, readRecord } from '../main/io/wfdb.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const ECG = join(repo, '../shared/ecg');
const DS1 = ['101', '106', '108', '109', '112', '114', '115', '116', '118', '119', '122', '124', '201', '203', '205', '207', '208', '209', '215', '220', '223', '230'];

/**
 * Best of `runs` CPU times (user + system) of f, ms, after one untimed warm-up call (so the JIT has
 * compiled the hot loops: the steady-state rate; the cold, one-shot cost is in the station analyze line).
 * This process runs the pipeline on one thread, and on a shared machine CPU time is the one-core figure.
 */
function best(runs: number, f: () => void): number {
  f();
  let bestMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    bestMs = Math.min(bestMs, (c.user + c.system) / 1000);
  }
  return bestMs;
}

const mps = (leadSamples: number, ms: number) => `${((leadSamples / ms) * 1e3 / 1e6).toFixed(1)} M lead-samples/s`;

async function twelveLead500(): Promise<{ leads: Float32Array[]; names: string[] }> {
  // 30 LUDB records of 10 s back to back: 5 min of 12-lead 500 Hz.
  const parts: Float32Array[][] = [];
  let names: string[] = [];
  for (let r = 1; r <= 59; r += 2) {
    const rec = await readRecord(join(ECG, 'ludb-dev', `${r}.hea`));
    parts.push(rec.signals.map(toPhysical));
    names = rec.signals.map((s) => s.name);
  }
  const leads = names.map((_, li) => {
    const out = new Float32Array(parts.reduce((n, p) => n + p[li]!.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p[li]!, o);
      o += p[li]!.length;
    }
    return out;
  });
  return { leads, names };
}

async function throughput(): Promise<void> {
  const mit = await readRecord(join(ECG, 'mitdb-ds1/101.hea'));
  const inputs = [
    { label: '2-lead 360 Hz (mitdb 101, 30 min)', leads: mit.signals.map(toPhysical), names: mit.signals.map((s) => s.name), fsHz: 360 },
    { label: '12-lead 500 Hz (LUDB x30, 5 min)', ...(await twelveLead500()), fsHz: 500 },
  ];
  for (const { label, leads, names, fsHz } of inputs) {
    const leadSamples = leads.length * leads[0]!.length;
    const designs = chainSpecs({ highPassHz: 0.05, mainsHz: 50, lowPassHz: diagnosticLowPassHz(fsHz) }).map((s) => designFilter(s, fsHz, 'zero-phase'));
    const filterMs = best(15, () => filterZeroPhaseLeads(designs, leads));
    // Gappy input: the first lead with every 50th or every 5th sample NaN (dropped frames), filtered run by run.
    const gappyMs = [50, 5].map((every) => {
      const gappy = [leads[0]!.map((v, i) => (i % every === every - 1 ? Number.NaN : v)), ...leads.slice(1)];
      return best(15, () => filterZeroPhaseLeads(designs, gappy));
    });
    const qualityMs = best(15, () => assessQuality(leads, fsHz, names, { mainsHz: 50 }));
    const detectMs = best(15, () => detectRPeaks(leads, fsHz));
    const pipelineMs = best(15, () => runPipeline(leads, fsHz, names, { mainsHz: 50 }));
    console.log(`${label}: ${(leadSamples / 1e6).toFixed(2)} M lead-samples`);
    console.log(`  filters (0.05 Hz HP + 50 Hz notch + LP, zero-phase): ${mps(leadSamples, filterMs)}`);
    console.log(`  filters, lead 1 NaN every 50th / 5th sample:          ${mps(leadSamples, gappyMs[0]!)} / ${mps(leadSamples, gappyMs[1]!)}`);
    console.log(`  quality (mains 50 Hz):                              ${mps(leadSamples, qualityMs)}`);
    console.log(`  detection (on the unfiltered leads):                ${mps(leadSamples, detectMs)}`);
    console.log(`  whole pipeline (filters + quality + detection + RR): ${mps(leadSamples, pipelineMs)}  (${pipelineMs.toFixed(0)} ms)`);
  }
  // Retained memory: the input plus the pipeline's typed-array results (filtered leads, beats, RR), per
  // lead-hour, counted from their sizes (a heap delta would also count what the collector frees meanwhile).
  const leads = inputs[0]!.leads;
  const leadHours = (leads.length * leads[0]!.length) / 360 / 3600;
  const kept = runPipeline(leads, 360, inputs[0]!.names, { mainsHz: 50 });
  const arrays: ArrayBufferView[] = [...leads, ...kept.filtered, kept.beats, kept.rr.rrMs, kept.rr.endSample];
  const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  console.log(`memory: ${(bytes / 1e6 / leadHours).toFixed(1)} MB per lead-hour retained (input + filtered leads + beats and RR; ${kept.beats.length} beats)`);
}

/** Prints the child's own CPU time (user + system, including start-up) on stderr as it exits. */
const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const c=process.cpuUsage();process.stderr.write('cpu-ms '+(c.user+c.system)/1000)})`;

function analyzeTime(): void {
  const time = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, 'bin/station.mjs', ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    const wallMs = performance.now() - t0;
    const cpu = /cpu-ms ([0-9.]+)/.exec(r.stderr.toString());
    if (r.status !== 0 || cpu === null) throw new Error(`station ${args[0]} failed: ${r.stderr.toString()}`);
    return { wallMs, cpuMs: Number(cpu[1]) };
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const runs = [0, 1, 2].map(() => time(['analyze', '../shared/ecg/mitdb-ds1/101.hea', '--json']));
  const from = freshCliBundle() === null ? 'from the TypeScript sources through tsx (no up-to-date dist/cli: run npm run build)' : 'from the dist/cli bundle (npm run build)';
  console.log(
    `station analyze mitdb 101 (30 min, 2 leads) --json, one process incl. start-up, ${from}: ` +
      `${median(runs.map((r) => r.wallMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU (median of 3)`,
  );
}

async function noiseStress(): Promise<void> {
  const records = [];
  for (const name of DS1) {
    const record = await readRecord(join(ECG, 'mitdb-ds1', `${name}.hea`));
    records.push({ leads: record.signals.map(toPhysical), names: record.signals.map((s) => s.name), fsHz: record.fsHz, reference: await readAnnotations(join(ECG, 'mitdb-ds1', `${name}.atr`)) });
  }
  const fmt = (r: Ec57Result) => `${r.sePct.toFixed(2).padStart(6)} ${r.ppvPct.toFixed(2).padStart(6)}`;
  console.log('noise stress, mitdb-ds1 (22 records), nst method, EC57 gross from 5 min:');
  console.log('noise  SNR dB     Se     +P | outside flagged:  Se     +P');
  const clean = records.map((r) => scoreNoiseStress(r.leads, r.names, r.reference, [], r.fsHz, null));
  console.log(`clean       -  ${fmt(grossTotals(clean.map((s) => s.all)))} |                 ${fmt(grossTotals(clean.map((s) => s.outsideFlagged)))}`);
  for (const kind of ['ma', 'bw']) {
    const noise = (await readRecord(join(ECG, 'noise', `${kind}.hea`))).signals.map(toPhysical);
    for (const snr of [24, 18, 12, 6, 0, -6]) {
      const s = records.map((r) => scoreNoiseStress(r.leads, r.names, r.reference, noise, r.fsHz, snr));
      console.log(`${kind.padEnd(5)} ${String(snr).padStart(6)}  ${fmt(grossTotals(s.map((x) => x.all)))} |                 ${fmt(grossTotals(s.map((x) => x.outsideFlagged)))}`);
    }
  }
}

export async function run(): Promise<void> {
  console.log(`(throughput = input lead-samples / best-of-15 CPU time of this single-threaded process after a warm-up run, 15 runs so that a neighbour's load on this shared machine spoils fewer figures; load average now ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
  await throughput();
  analyzeTime();
  if (process.env.EKG_BENCH_SKIP_NOISE !== '1') await noiseStress();
}
