import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ReplayTransport, transcriptFromJsonl } from '../../../drivers/transports/recording.ts';
import { SerialTransport } from '../../../drivers/transports/serial.ts';
import { downloadAstm } from '../../../drivers/meters/astmMeter.ts';
import { downloadOneTouch } from '../../../drivers/meters/oneTouchMeter.ts';
import { MeterError } from '../../../drivers/meters/errors.ts';
import { encodeCommand, encodeLine } from '../../../drivers/protocols/onetouch/protocol.ts';
import { AstmMeterSim, simAstmRecords } from '../../../drivers/simulators/meter/astmSim.ts';
import { OneTouchMeterSim } from '../../../drivers/simulators/meter/oneTouchSim.ts';
import { simReadings } from '../../../drivers/simulators/meter/readings.ts';
import type { MeterFault } from '../../../drivers/simulators/meter/faults.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';

const fixture = (name: string) => transcriptFromJsonl(readFileSync(new URL(`../../fixtures/poc/${name}.jsonl`, import.meta.url), 'utf8'));

describe('meter drivers replaying recorded transcripts', () => {
  it('ASTM: a clean session yields every reading, values as sent, SIMULATED serial', async () => {
    const t = new ReplayTransport(fixture('astm-sim-session'));
    await t.open();
    const d = await downloadAstm(t);
    expect(t.finished).toBe(true);
    expect(d.errors).toEqual([]);
    expect(d.readings.map((r) => [r.test, r.value, r.unit, r.control])).toEqual([
      ['Glucose', '93', 'mg/dL', false],
      ['Glucose', '45', 'mg/dL', false],
      ['Glucose', 'HI', 'mg/dL', false],
      ['Glucose', '118', 'mg/dL', true],
      ['HbA1c', '7.2', '%', false],
    ]);
    expect(d.readings.every((r) => r.deviceSerial === 'SIM-ASTM-0001' && r.simulated)).toBe(true);
  });

  it('ASTM: a frame NAKed once is retransmitted and the message is complete', async () => {
    const lines = fixture('astm-sim-flaky-checksum');
    expect(lines.some((l) => l.dir === 'out' && l.hex === '15')).toBe(true);
    const t = new ReplayTransport(lines);
    await t.open();
    const d = await downloadAstm(t);
    expect(d.readings).toHaveLength(5);
  });

  it('ASTM: an ENQ/EOT inside line noise is not an empty meter: the noise is reported', async () => {
    // The station wakes the meter (EOT), the meter sends `inHex`, the station ACKs, the meter ends (EOT).
    const enqSession = (inHex: string) =>
      new ReplayTransport([
        { dir: 'out', tMs: 0, hex: '04' },
        { dir: 'in', tMs: 1, hex: inHex },
        { dir: 'out', tMs: 2, hex: '06' },
        { dir: 'in', tMs: 3, hex: '04' },
      ]);
    const noisy = enqSession('fe7f4105');
    await noisy.open();
    const d = await downloadAstm(noisy);
    expect(d.readings).toEqual([]);
    expect(d.errors).toEqual([expect.objectContaining({ code: 'astm-noise' })]);
    expect(d.warnings).toEqual([]);
    const clean = enqSession('05');
    await clean.open();
    expect(await downloadAstm(clean)).toEqual({ readings: [], errors: [], warnings: [], messages: 0 });
  });

  it('ASTM: a frame corrupted every time: the 6th NAK ends the download with a typed checksum error, nothing imported', async () => {
    const lines = fixture('astm-sim-bad-checksum');
    const t = new ReplayTransport(lines);
    await t.open();
    const err = await downloadAstm(t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeterError);
    expect(err).toMatchObject({ failure: 'checksum', step: 'receive-frames' });
    // Every NAK the meter got in the recording was sent, the 6th included.
    expect(t.written.filter((w) => w.length === 1 && w[0] === 0x15)).toHaveLength(lines.filter((l) => l.dir === 'out' && l.hex === '15').length);
  });

  it('OneTouch: clean dump; a dump with a bad line every time is refused whole', async () => {
    const ok = new ReplayTransport(fixture('onetouch-sim-session'));
    await ok.open();
    const d = await downloadOneTouch(ok);
    expect(d.serial).toBe('SIM-OT0001');
    expect(d.readings.map((r) => r.value)).toEqual(['093', '045', '132', '118']);
    const bad = new ReplayTransport(fixture('onetouch-sim-bad-checksum'));
    await bad.open();
    await expect(downloadOneTouch(bad)).rejects.toMatchObject({ code: 'meter-checksum', step: 'DMP' });
  });

  it('OneTouch: a reading stored with a parity flag is withheld at once (no re-read) and the rest is delivered', async () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const dump = [
      'P 003,"SIM-OT0001","MG/DL "',
      'P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00',
      'P "SAT","08/03/13","21:00:00   ","  250?","N","00", 00',
      'P "FRI","08/02/13","07:30:15   ","  045 ","A","03", 00',
    ].map((l) => hex(encodeLine(l))).join('');
    const t = new ReplayTransport([
      { dir: 'out', tMs: 0, hex: hex(encodeCommand('DM?')) },
      { dir: 'in', tMs: 1, hex: hex(encodeLine('?P02.00.00 SIMULATED')) },
      { dir: 'out', tMs: 2, hex: hex(encodeCommand('DM@')) },
      { dir: 'in', tMs: 3, hex: hex(encodeLine('@ "SIM-OT0001"')) },
      { dir: 'out', tMs: 4, hex: hex(encodeCommand('DMP')) },
      { dir: 'in', tMs: 5, hex: dump },
    ]);
    await t.open();
    const d = await downloadOneTouch(t);
    expect(t.finished).toBe(true);
    expect(d.rejectedDumps).toBe(0);
    expect(d.readings.map((r) => r.value)).toEqual(['093', '045']);
    expect(d.withheld).toMatchObject([{ index: 2, recordTime: '08/03/13 21:00:00', reason: 'parity' }]);
  });
});

describe('meter drivers against the simulators over a real pty', () => {
  let pty: PtyPair | undefined;
  afterEach(async () => {
    await pty?.kill();
    pty = undefined;
  });

  async function pair(protocol: 'astm' | 'onetouch', fault: MeterFault) {
    pty = await createPtyPair();
    const simSide = new SerialTransport({ path: pty.a, baudRate: 9600 });
    await simSide.open();
    const sim = protocol === 'astm' ? new AstmMeterSim(simSide, simAstmRecords(simReadings(new Date(2026, 10, 22), 'astm')), fault, () => {}) : new OneTouchMeterSim(simSide, simReadings(new Date(2026, 10, 22), 'onetouch'), fault, () => {});
    const host = new SerialTransport({ path: pty.b, baudRate: 9600 });
    await host.open();
    return {
      host,
      async close() {
        if (sim instanceof AstmMeterSim) sim.stop();
        await host.close();
        await simSide.close();
      },
    };
  }

  it('ASTM with a NAK storm between frames still imports everything: the noise is a warning, not an error', async () => {
    const p = await pair('astm', 'nak-storm');
    const d = await downloadAstm(p.host);
    await p.close();
    expect(d.readings).toHaveLength(5);
    expect(d.errors).toEqual([]);
    expect(d.warnings).toEqual([{ code: 'astm-noise', reason: expect.stringMatching(/outside any frame, between frames: no message was lost to them/) }]);
  });

  it('ASTM timeout mid-transfer: typed timeout naming the step, nothing imported', async () => {
    const p = await pair('astm', 'timeout');
    const err = await downloadAstm(p.host, { frameTimeoutMs: 500 }).catch((e: unknown) => e);
    await p.close();
    expect(err).toBeInstanceOf(MeterError);
    expect(err).toMatchObject({ failure: 'timeout', step: 'receive-frames' });
  });

  it('unplug mid-transfer: the download fails as disconnected or timed out, never with partial data', async () => {
    const p = await pair('onetouch', 'unplug');
    const err = await downloadOneTouch(p.host, { lineTimeoutMs: 1000 }).catch((e: unknown) => e);
    await p.close();
    expect(err).toBeInstanceOf(MeterError);
    expect(['disconnected', 'timeout']).toContain((err as MeterError).failure);
  });
});
