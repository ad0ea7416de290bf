// The live EKG screen in real Chromium against the browser host with the SIMULATED cart (12 leads,
// 500 Hz): latency from a sample block's arrival in the renderer to the next drawn frame, frame
// pacing of the canvas sweep (dropped frames at 60 fps), and CPU of the station process (main
// side: cart decoding, live filters, R peaks, quality, IPC) while streaming. Figures only.
import { launchChromium } from '../test/helpers/browser.ts';
import { startTestStation } from '../test/helpers/station.ts';
import { openAsAssistantOn, registerPatient } from '../test/helpers/uiSession.ts';

const SECONDS = 10;

export async function run(): Promise<void> {
  const s = await startTestStation();
  const browser = await launchChromium();
  try {
    const page = await openAsAssistantOn(s, browser, { width: 1400, height: 1000 });
    await registerPatient(page, { mrn: 'BENCH-1', family: 'Bench', given: 'Live', dob: '1970-01-01', sex: 'female' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'EKG' }).click();
    await page.getByRole('status', { name: 'Cart status' }).getByText(/Cart: connected/).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000); // warm-up
    await page.evaluate(() => performance.clearMarks());
    const cpu0 = process.cpuUsage();
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
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);

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
    console.log(`  block arrival -> drawn: median ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${latencies.length} blocks (main batches samples into ~40 ms blocks before sending)`);
    console.log(`  station process CPU (main side + simulator I/O in this process): ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(1)} % of one core`);
  } finally {
    await browser.close();
    await s.close();
  }
}
