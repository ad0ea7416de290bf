// Cart figures: decoder throughput (frames/s), and main-process CPU while a live session streams
// the SIMULATED cart (8 acquired channels -> 12 displayed leads at 500 or 1000 Hz) through a real
// pty (as a serial cart) or TCP (as `npm start`'s simulated cart). The CPU is process.cpuUsage()
// of this process only: transport, decoder, live filters, R peaks, heart rate, quality, capture
// ring. Not the simulator (a child process), not IPC to a window (bench/ekg-live has the whole
// station process with its WebSocket and a real renderer).
import { SerialTransport } from '../drivers/transports/serial.ts';
import { createTransport } from '../drivers/transports/open.ts';
import { stationCartV1 } from '../drivers/protocols/cart/stationCartV1.ts';
import { encodeDataFrame } from '../drivers/protocols/cart/stationCartV1Device.ts';
import { AcquisitionSession } from '../main/devices/cart/acquisition.ts';
import { createPtyPair } from '../test/helpers/ptyPair.ts';
import { startCartSim } from '../test/helpers/cartSim.ts';

function decoderThroughput(): void {
  const frames = 50_000;
  const one = encodeDataFrame(0, 0, [1, -2, 3, -4, 5, -6, 7, -8]).length;
  const stream = new Uint8Array(frames * one);
  for (let i = 0; i < frames; i++) stream.set(encodeDataFrame(i, i & 0x3ff, [i, -i, 2 * i, 3, 4, 5, 6, 7]), i * one);
  for (const chunk of [64, 4096]) {
    const dec = stationCartV1.createDecoder();
    const t0 = performance.now();
    let got = 0;
    for (let o = 0; o < stream.length; o += chunk) got += dec.feed(stream.subarray(o, o + chunk), 0).length;
    const ms = performance.now() - t0;
    console.log(`decoder: ${frames} frames in ${ms.toFixed(0)} ms with ${chunk}-byte chunks = ${Math.round((frames / ms) * 1000).toLocaleString('en')} frames/s (${got} events)`);
  }
}

async function liveCpu(seconds: number, chunkMs: number, record = '../shared/ecg/ludb-dev/1.hea', link: 'pty' | 'tcp' = 'pty'): Promise<void> {
  const pair = await createPtyPair();
  const sim = startCartSim({ record, port: link === 'pty' ? pair.a : 'tcp:0', chunkMs });
  try {
    const address = await sim.address;
    let blocks = 0;
    let samples = 0;
    let rateHz = 0;
    const session = new AcquisitionSession({
      transport: link === 'pty' ? new SerialTransport({ path: pair.b, baudRate: 921600 }) : await createTransport(address),
      filter: { highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 },
      onEvent: (e) => {
        if (e.type === 'identity') rateHz = e.rateHz;
        if (e.type === 'block') {
          blocks++;
          samples += e.block.leads[0]!.length;
        }
      },
    });
    session.start();
    while (blocks === 0) await new Promise((r) => setTimeout(r, 20));
    // Let V8 optimise the pipeline before measuring the steady state.
    await new Promise((r) => setTimeout(r, 3000));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s0 = samples;
    const b0 = blocks;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    await session.stop();
    const pct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    console.log(
      `live session, 12 leads at ${rateHz} Hz via ${link}, cart writes every ${chunkMs} ms: MAIN CPU ${pct.toFixed(1)} % of one core (target < 5 %) over ${(wallMs / 1000).toFixed(1)} s ` +
        `(user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms); ${samples - s0} sample instants in ${blocks - b0} blocks ` +
        `(${((samples - s0) / (wallMs / 1000)).toFixed(0)}/s); decoder ${JSON.stringify(session.driver.stats)}`,
    );
  } finally {
    await sim.kill();
    await pair.kill();
  }
}

export async function run(): Promise<void> {
  decoderThroughput();
  await liveCpu(10, 16);
  await liveCpu(10, 16, undefined, 'tcp');
  await liveCpu(10, 5);
  await liveCpu(10, 16, '../shared/ecg/ptbdb/s0010_re.hea');
}
