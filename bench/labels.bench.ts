// Specimen labels: (1) label render = validate + layout + ZPL, (2) Print -> last byte on the wire:
// the labels.print handler (validate, issue accession, queue in SQLite, ~HS status round trip,
// claim, send) until the simulator's TCP socket has received the format's final ^XZ.
// Targets: < 5 ms and < 50 ms. Figures only, nothing asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAccession } from '../common/labels/accession.ts';
import { buildLabel } from '../common/labels/label.ts';
import { PrinterSimulator } from '../drivers/simulators/printer/printerSim.ts';
import { EventBus } from '../main/ipc/dispatch.ts';
import { startLabelsService } from '../main/services/labelsHandlers.ts';
import { openStore } from '../main/storage/store.ts';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, max ${s[s.length - 1]!.toFixed(3)} ms (n=${s.length})`;
};

const specimen = { type: 'blood-venous', container: 'sst-gold', tests: ['CMP', 'LIPID', 'TSH'], collectedAt: '2026-11-22T09:30:00-05:00', collector: 'JSMITH' };
const input = { patient: { familyName: 'Abercrombie-Fitzgerald', givenName: 'Maximiliane Charlotte Louise', dob: '1948-03-09', mrn: 'MRN00912345' }, specimen };

async function renderBench(): Promise<void> {
  const now = Date.parse('2026-11-22T16:00:00Z');
  for (const dpi of [203, 300] as const) {
    const times: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const t0 = performance.now();
      buildLabel(input, { accession: formatAccession('ST', 1 + i), nowMs: now, simulated: true, dpi, dataMatrix: true });
      if (i >= 200) times.push(performance.now() - t0); // after JIT warm-up
    }
    console.log(`label render (validate+layout+ZPL), ${dpi} dpi, long name: ${stats(times)}`);
  }
}

async function printBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'labels-bench-'));
  let arrived: (() => void) | undefined;
  const sim = new PrinterSimulator({ silentWhenFaulted: false, labelLengthDots: 203 }, () => arrived?.());
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (chunk: Buffer) => {
      const reply = sim.receive(chunk);
      if (reply.length > 0) s.write(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = `tcp:127.0.0.1:${(server.address() as { port: number }).port}`;
  const store = openStore({ dataDir: dir });
  const service = startLabelsService({
    store,
    events: new EventBus(),
    printerAddress: () => address,
    accessionPrefix: 'ST',
    operatorOf: () => ({ id: 'ma1', role: 'ma' }),
    currentPatient: () => ({ id: 1, mrn: input.patient.mrn, familyName: input.patient.familyName, givenName: input.patient.givenName, birthDate: input.patient.dob, simulated: true }),
    isSimulated: () => true,
    retryMs: 1000,
    probeMs: 60_000,
  });
  const ctx = { sessionId: 'bench', host: 'browser' as const };
  await new Promise((r) => setTimeout(r, 300)); // the service's start-up probe opens the printer link
  const times: number[] = [];
  const handlerMs: number[] = [];
  try {
    for (let i = 0; i < 60; i++) {
      const done = new Promise<void>((r) => (arrived = r));
      const t0 = performance.now();
      await service.handlers["labels.print"]({ jobId: `bench-job-${String(i).padStart(4, "0")}`, specimen }, ctx);
      handlerMs.push(performance.now() - t0);
      await done;
      const ms = performance.now() - t0;
      if (i === 0) console.log(`print -> last byte on the wire, first job after start-up: ${ms.toFixed(3)} ms`);
      else times.push(ms);
    }
    console.log(`print -> last byte on the wire (labels.print handler -> simulator got ^XZ over TCP), warm link: ${stats(times)}`);
    console.log(`  of which the labels.print handler (validate, issue, queue: one SQLite commit): ${stats(handlerMs.slice(1))}`);
  } finally {
    await service.close();
    store.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await renderBench();
  await printBench();
}
