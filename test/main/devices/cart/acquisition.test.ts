import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../../drivers/transports/serial.ts';
import { recordToCartSignal } from '../../../../drivers/simulators/cart/signal.ts';
import { AcquisitionSession, type AcquisitionEvent } from '../../../../main/devices/cart/acquisition.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';
import { createPtyPair, type PtyPair } from '../../../helpers/ptyPair.ts';
import { startCartSim, type CartSimProcess } from '../../../helpers/cartSim.ts';

const SOURCE = '../shared/ecg/ludb-dev/1.hea';

describe('AcquisitionSession live events and auto-capture (SIMULATED cart over a real pty)', () => {
  let pair: PtyPair | undefined;
  let sim: CartSimProcess | undefined;
  let session: AcquisitionSession | undefined;
  afterEach(async () => {
    await session?.stop();
    await sim?.kill();
    await pair?.kill();
  });

  it('streams 12-lead blocks, heart rate and quality; auto-captures the first clean 10 s only after lead-off clears', async () => {
    pair = await createPtyPair();
    sim = startCartSim({ record: SOURCE, port: pair.a, faults: 'leadoff=V1@0+2' });
    await sim.address;
    const events: AcquisitionEvent[] = [];
    let resolveCapture!: () => void;
    const captured = new Promise<void>((r) => (resolveCapture = r));
    session = new AcquisitionSession({
      transport: new SerialTransport({ path: pair.b, baudRate: 921600 }),
      filter: { highPassHz: 0.5, mainsHz: 50, lowPassHz: 40 },
      autoCapture: true,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'capture') resolveCapture();
      },
    });
    session.start();
    await captured;
    const capturedAtMs = Date.now();
    const capture = events.flatMap((e) => (e.type === 'capture' ? [e.capture] : []))[0]!;
    expect(capture).toMatchObject({ trigger: 'auto', complete: true, samples: 5000, gaps: [], leadOffIntervals: [], simulated: true });
    // Dated by its first sample, 10 s before the clean window was found (it was dated at its end).
    expect(capturedAtMs - Date.parse(capture.startedAtUtc)).toBeGreaterThanOrEqual(9_900);
    // Only samples after V1 came back on can be in it (lead-off ended at 2 s = sample 1000).
    const firstSample = events.flatMap((e) => (e.type === 'block' ? [e.block.startSample] : []))[0]!;
    const identity = events.find((e) => e.type === 'identity');
    expect(identity).toMatchObject({ simulated: true, rateHz: 500, identity: { model: 'SIMULATED 12-LEAD CART' } });
    // The capture holds the recording's samples, exactly, in order (recording restarted at seq 0).
    const source = recordToCartSignal(await readRecord(SOURCE));
    const ii = capture.counts[1]!;
    expect(capture.firstSessionSample).toBeGreaterThanOrEqual(1000);
    const offset = capture.firstSessionSample % 5000;
    for (let i = 0; i < 5000; i++) expect(ii[i]).toBe(source.counts[((offset + i) % 5000) * 8 + 1]);

    const blocks = events.flatMap((e) => (e.type === 'block' ? [e.block] : []));
    expect(firstSample).toBe(0);
    expect(blocks[0]!.leadNames).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    // Contiguous, no sample twice; about 40 ms (20 samples) per block on average.
    for (let k = 1; k < blocks.length; k++) expect(blocks[k]!.startSample).toBe(blocks[k - 1]!.startSample + blocks[k - 1]!.leads[0]!.length);
    const total = blocks.reduce((n, b) => n + b.leads[0]!.length, 0);
    expect(total / blocks.length).toBeGreaterThan(10);
    expect(total / blocks.length).toBeLessThan(40);
    // While V1 was off its trace is NaN (not a railed line); I is drawn.
    const early = blocks.find((b) => b.startSample >= 250)!;
    expect(Number.isNaN(early.leads[6]![0]!)).toBe(true);
    expect(Number.isNaN(early.leads[0]![0]!)).toBe(false);
    // Derived leads are computed: III = II - I.
    const late = blocks.at(-1)!;
    expect(late.leads[2]![0]).toBeCloseTo(late.leads[1]![0]! - late.leads[0]![0]!, 5);
    // LUDB record 1 is a sinus bradycardia: the live HR says so.
    const hr = events.flatMap((e) => (e.type === 'heartRate' && e.bpm !== null ? [e.bpm] : [])).at(-1)!;
    expect(hr).toBeGreaterThan(40);
    expect(hr).toBeLessThan(60);
    const q = events.filter((e) => e.type === 'quality').at(-1);
    expect(q).toMatchObject({ type: 'quality' });
    expect(events.filter((e) => e.type === 'leadOff').map((e) => (e.type === 'leadOff' ? e.electrodesOff : []))).toEqual([['V1'], []]);
  });
});
