import { describe, expect, it } from 'vitest';
import { readRecord } from '../../../../main/io/wfdb.ts';
import { CartSimulator, type FaultLogEntry } from '../../../../drivers/simulators/cart/engine.ts';
import { parseFaults } from '../../../../drivers/simulators/cart/faults.ts';
import { mulberry32 } from '../../../../common/random.ts';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB } from '../../../../drivers/simulators/cart/signal.ts';
import { stationCartV1 } from '../../../../drivers/protocols/cart/stationCartV1.ts';
import type { CartEvent } from '../../../../drivers/protocols/cart/types.ts';

const identity = { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB };

async function makeSim(faults: string): Promise<{ sim: CartSimulator; log: FaultLogEntry[]; signal: ReturnType<typeof recordToCartSignal> }> {
  const signal = recordToCartSignal(await readRecord('../shared/ecg/ludb-dev/1.hea'));
  const log: FaultLogEntry[] = [];
  const sim = new CartSimulator({ signal, identity, faults: parseFaults(faults), random: mulberry32(3), onFault: (e) => log.push(e) });
  return { sim, log, signal };
}

describe('SIMULATED cart engine', () => {
  it('converts the record exactly: counts * resolution recovers the source digital values', async () => {
    const record = await readRecord('../shared/ecg/ludb-dev/1.hea');
    const signal = recordToCartSignal(record);
    const v4 = record.signals.find((s) => s.name === 'v4')!;
    for (let k = 0; k < record.samples; k++) {
      const mv = (signal.counts[k * 8 + 5]! * SIM_RESOLUTION_NV_PER_LSB) / 1e6;
      expect(Math.round(mv * v4.adcGain + v4.baseline) + 0).toBe(v4.digital[k]);
    }
  });

  it('paces frames by the time passed in and restarts the recording on START', async () => {
    const { sim, signal } = await makeSim('');
    const dec = stationCartV1.createDecoder();
    expect(dec.feed(sim.command({ type: 'start' }, 1000), 1000)).toEqual([{ type: 'ack', command: 'start', status: 'ok' }]);
    const ev: CartEvent[] = dec.feed(sim.pump(1100).bytes!, 1100);
    const samples = ev.filter((e) => e.type === 'samples');
    expect(samples).toHaveLength(51); // t = 0, 2, ..., 100 ms at 500 Hz
    expect([...samples[50]!.counts]).toEqual([...signal.counts.subarray(50 * 8, 51 * 8)]);
    sim.command({ type: 'stop' }, 1100);
    expect(sim.pump(2000)).toEqual({});
  });

  it('drops exactly the frames it logs, and answers busy / unsupported like a cart', async () => {
    const { sim, log } = await makeSim('drop=0.1');
    const dec = stationCartV1.createDecoder();
    dec.feed(sim.command({ type: 'start' }, 0), 0);
    const ev = dec.feed(sim.pump(999).bytes!, 999);
    const got = new Set(ev.flatMap((e) => (e.type === 'samples' ? [e.seq] : [])));
    const dropped = log.flatMap((l) => (l.event === 'drop' ? [l.seq] : []));
    expect(dropped.length).toBeGreaterThan(20);
    for (let s = 0; s < 500; s++) expect(got.has(s)).toBe(!dropped.includes(s));
    expect(dec.feed(sim.command({ type: 'impedanceCheck' }, 999), 999)).toEqual([{ type: 'ack', command: 'impedanceCheck', status: 'busy' }]);
    sim.command({ type: 'stop' }, 999);
    expect(dec.feed(sim.command({ type: 'setRate', rateHz: 1000 }, 999), 999)).toEqual([{ type: 'ack', command: 'setRate', status: 'unsupported' }]);
  });

  it('lead-off rails the affected channels and sets the electrode bit; unplug is announced once', async () => {
    const { sim } = await makeSim('leadoff=LL@0.5+0.5,unplug@2+1');
    const dec = stationCartV1.createDecoder();
    dec.feed(sim.command({ type: 'start' }, 0), 0);
    const ev: CartEvent[] = [];
    for (let t = 10; t < 2000; t += 10) ev.push(...dec.feed(sim.pump(t).bytes ?? new Uint8Array(0), t).filter((e) => e.type === 'samples'));
    const during = ev[400]!;
    const before = ev[100]!;
    if (during.type !== 'samples' || before.type !== 'samples') throw new Error('not samples');
    expect(during.leadOff).toBe(0b100);
    expect(during.counts[1]).toBe(0x7fffff); // II uses LL
    expect(during.counts[0]).not.toBe(0x7fffff); // I does not
    expect(before.leadOff).toBe(0);
    expect(sim.pump(2000)).toEqual({ unplugForMs: 1000 });
    expect(sim.isStreaming).toBe(false);
    expect(sim.pump(2100)).toEqual({});
  });

  it('logs the start and end of each lead-off and noise burst at the first frame they apply to', async () => {
    const { sim, log } = await makeSim('leadoff=V2@0.5+0.5,noise=1@1.2+0.3,leadoff=RA@1.6');
    const dec = stationCartV1.createDecoder();
    dec.feed(sim.command({ type: 'start' }, 0), 0);
    const ev: CartEvent[] = [];
    for (let t = 100; t <= 2000; t += 100) ev.push(...dec.feed(sim.pump(t).bytes!, t));
    const transitions = log.map((l) => ('seq' in l ? `${l.event}@${l.seq}` : l.event));
    // 500 Hz: frame seq is at seq * 2 ms; an open-ended lead-off (no +D) never logs an end.
    expect(transitions).toEqual(['leadoff-start@250', 'leadoff-end@500', 'noise-start@600', 'noise-end@750', 'leadoff-start@800']);
    expect(log[0]).toMatchObject({ electrode: 'V2', streamS: 0.5 });
    expect(log[2]).toMatchObject({ amplitudeMv: 1, streamS: 1.2 });
    expect(log[4]).toMatchObject({ electrode: 'RA' });
    // The log agrees with what the frames carry: V2's lead-off bit is set exactly on 250..499.
    const v2Bit = 1 << 5;
    const off = ev.flatMap((e) => (e.type === 'samples' && e.leadOff & v2Bit ? [e.seq] : []));
    expect(off[0]).toBe(250);
    expect(off.at(-1)).toBe(499);
  });
});
