// The live EKG screen in real Chromium against the browser host with the SIMULATED cart (12 leads,
// 500 Hz): latency from a sample block's arrival in the renderer to the next drawn frame, frame
// pacing of the canvas sweep (dropped frames at 60 fps), and CPU of the station process while
// streaming. The station runs as `station serve` in its own process, as `npm start` runs it, so
// its CPU figure holds only the station (cart decoding, live filters, R peaks, quality, IPC,
// WebSocket, the other devices' polling): not Playwright's client (which receives a copy of every
// WebSocket frame over CDP), not the simulators (child processes), not Chromium. Figures only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.ts';
import { addOperators, MA, registerPatient, signIn } from '../test/helpers/uiSession.ts';

const SECONDS = 10;
/** Linux USER_HZ: /proc/PID/stat counts CPU time in 1/100 s. */
const TICKS_PER_S = 100;

/** User + system CPU seconds of one process (all its threads, none of its children). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Chromium's processes started by this bench, by their --type (renderer, gpu-process, ...). */
function chromiumProcesses(): Map<number, string> {
  const parentOf = new Map<number, number>();
  const typeOf = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
      if (type) typeOf.set(pid, type[1]!);
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) if (p === process.pid) return true;
    return false;
  };
  return new Map([...typeOf].filter(([pid]) => mine(pid)));
}

function cpuSecondsByType(procs: Map<number, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, type] of procs) {
    try {
      out.set(type, (out.get(type) ?? 0) + cpuSecondsOf(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

async function stationCpuPercent(pid: number, page: Page, seconds: number): Promise<number> {
  const cpu0 = cpuSecondsOf(pid);
  const t0 = performance.now();
  await page.waitForTimeout(seconds * 1000);
  return ((cpuSecondsOf(pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100;
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-bench-'));
  addOperators(dataDir);
  const station = spawn(process.execPath, ['bin/station.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--mains-hz', '60'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => station.once('exit', () => r()));
  const browser = await launchChromium();
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      station.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Station running at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error('station serve exited before it printed its URL')));
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(url);
    await signIn(page, MA);
    await registerPatient(page, { mrn: 'BENCH-1', family: 'Bench', given: 'Live', dob: '1970-01-01', sex: 'female' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(5000); // warm-up: V8 optimises the streaming path
    await page.evaluate(() => performance.clearMarks());
    const chromium = chromiumProcesses();
    const chromium0 = cpuSecondsByType(chromium);
    const cpu0 = cpuSecondsOf(station.pid!);
    const t0 = performance.now();
    // Passed as source text: tsx would wrap named inner functions with a helper the page lacks.
    const frames = (await page.evaluate(`(async () => {
      const times = [];
      const end = performance.now() + ${SECONDS * 1000};
      await new Promise((resolve) => {
        requestAnimationFrame(function tick(t) {
          times.push(t);
          if (t < end) requestAnimationFrame(tick);
          else resolve();
        });
      });
      const blocks = performance.getEntriesByName('cart-block').map((m) => m.startTime);
      const drawn = performance.getEntriesByName('ekg-drawn').map((m) => m.startTime);
      return { times, blocks, drawn };
    })()`)) as { times: number[]; blocks: number[]; drawn: number[] };
    const streamingS = (performance.now() - t0) / 1000;
    const streamingPct = ((cpuSecondsOf(station.pid!) - cpu0) / streamingS) * 100;
    const chromiumPct = [...cpuSecondsByType(chromium)].map(([type, s]) => `${type} ${(((s - (chromium0.get(type) ?? 0)) / streamingS) * 100).toFixed(1)} %`);
    // The same station, signed in, on another screen (the cart stops streaming when the EKG screen closes).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Station' }).click();
    await page.waitForTimeout(3000);
    const idlePct = await stationCpuPercent(station.pid!, page, SECONDS);

    const gaps = frames.times.slice(1).map((t, i) => t - frames.times[i]!);
    const dropped = gaps.reduce((n, g) => n + Math.max(0, Math.round(g / (1000 / 60)) - 1), 0);
    const latencies: number[] = [];
    let j = 0;
    for (const b of frames.blocks) {
      while (j < frames.drawn.length && frames.drawn[j]! < b) j++;
      if (j < frames.drawn.length) latencies.push(frames.drawn[j]! - b);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1) ?? 'n/a';
    const fps = (frames.times.length - 1) / (((frames.times.at(-1) ?? 0) - (frames.times[0] ?? 0)) / 1000);
    console.log(`live screen, ${SECONDS} s, 12 leads at 500 Hz (SIMULATED cart over TCP, headless Chromium):`);
    console.log(`  renderer: ${fps.toFixed(1)} frames/s, ${dropped} dropped frame(s) at 60 fps, longest frame gap ${Math.max(...gaps).toFixed(1)} ms`);
    console.log(`  Chromium CPU while streaming (software rendering, one core = 100 %): ${chromiumPct.join(', ')}`);
    console.log(`  block arrival -> drawn: median ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${latencies.length} blocks (main batches samples into ~40 ms blocks before sending)`);
    console.log(
      `  MAIN CPU (station process only, /proc utime+stime, all its threads; not the simulators, Chromium or Playwright): ` +
        `${streamingPct.toFixed(1)} % of one core while streaming (target < 5 %); ${idlePct.toFixed(1)} % signed in on another screen, not streaming`,
    );
  } finally {
    await browser.close();
    station.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
