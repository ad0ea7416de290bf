import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadOneTouch } from '../../../drivers/meters/oneTouchMeter.ts';
import { MeterError } from '../../../drivers/meters/errors.ts';
import { encodeLine } from '../../../drivers/protocols/onetouch/protocol.ts';
import { againstBabblingDevice } from '../../helpers/babblingDevice.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { ascii, ScriptedDevice } from '../../helpers/scriptedDevice.ts';

const text = (b: Uint8Array) => String.fromCharCode(...b);

/** Settles `p` while fake time runs in steps, at most `maxMs`; 'pending' if it never settles (the hang). */
async function settleWithin<T>(p: Promise<T>, maxMs: number, stepMs = 100): Promise<{ ok: T } | { error: unknown } | 'pending'> {
  let result: { ok: T } | { error: unknown } | undefined;
  p.then(
    (ok) => (result = { ok }),
    (error: unknown) => (result = { error }),
  );
  for (let t = 0; t < maxMs && result === undefined; t += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
  return result ?? 'pending';
}

/** A OneTouch that answers DM? and DM@ properly and then does `onDump` (every `everyMs`) after DMP. */
function meter(onDump: (tick: number) => Uint8Array, everyMs: number): { dev: ScriptedDevice; stop: () => void } {
  const dev = new ScriptedDevice();
  let timer: ReturnType<typeof setInterval> | undefined;
  dev.onWrite = (bytes) => {
    const cmd = text(bytes).split('\r')[1]; // DC1 CR <CMD> CR
    if (cmd === 'DM?') setTimeout(() => dev.send(encodeLine('?P02.00.00 SIMULATED')), 5);
    else if (cmd === 'DM@') setTimeout(() => dev.send(encodeLine('@ "SIM-OT0001"')), 5);
    else if (cmd === 'DMP') {
      let tick = 0;
      clearInterval(timer);
      timer = setInterval(() => dev.send(onDump(tick++)), everyMs);
    }
  };
  return { dev, stop: () => clearInterval(timer) };
}

describe('downloadOneTouch: a device that keeps sending without answering ends in a typed error (fake time)', () => {
  afterEach(() => vi.useRealTimers());

  it('blank lines forever: timeout on DM? (only good lines restart the reply timer)', async () => {
    vi.useFakeTimers();
    const dev = new ScriptedDevice();
    const loop = setInterval(() => dev.send(ascii('\r\n')), 200);
    const r = await settleWithin(downloadOneTouch(dev, { lineTimeoutMs: 1000 }), 600_000);
    clearInterval(loop);
    expect(r).toEqual({ error: expect.any(MeterError) });
    expect((r as { error: MeterError }).error).toMatchObject({ failure: 'timeout', step: 'DM?' });
  });

  it('lines with a bad checksum forever during the dump: timeout, not an endless read', async () => {
    vi.useFakeTimers();
    const { dev, stop } = meter(() => ascii('@ "SIM-OT0001" 0000\r\n'), 300);
    const r = await settleWithin(downloadOneTouch(dev, { lineTimeoutMs: 1000 }), 600_000);
    stop();
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'timeout', step: 'DMP' }) });
  });

  it('good lines forever that never make a dump: refused after the header count + a few lines, not collected without limit', async () => {
    vi.useFakeTimers();
    const { dev, stop } = meter(() => encodeLine('?P02.00.00 SIMULATED'), 100);
    const r = await settleWithin(downloadOneTouch(dev, { lineTimeoutMs: 1000 }), 600_000);
    stop();
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'protocol', step: 'DMP', message: expect.stringMatching(/reply lines/) }) });
  });

  it('a dump dribbled out just under the line timeout hits the session deadline', async () => {
    vi.useFakeTimers();
    const record = encodeLine('P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00');
    const { dev, stop } = meter((tick) => (tick === 0 ? encodeLine('P 500,"SIM-OT0001","MG/DL "') : record), 900);
    const r = await settleWithin(downloadOneTouch(dev, { lineTimeoutMs: 1000, sessionTimeoutMs: 20_000 }), 600_000);
    stop();
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'timeout', step: 'DMP', message: expect.stringMatching(/did not finish/) }) });
  });

  it('a slow but complete dump is still read', async () => {
    vi.useFakeTimers();
    const lines = [
      encodeLine('P 002,"SIM-OT0001","MG/DL "'),
      encodeLine('P "SAT","08/03/13","22:12:00   ","  093 ","B","00", 00'),
      encodeLine('P "FRI","08/02/13","07:30:15   ","  045 ","A","03", 00'),
    ];
    const { dev, stop } = meter((tick) => lines[tick] ?? ascii(''), 900);
    const r = await settleWithin(downloadOneTouch(dev, { lineTimeoutMs: 1000 }), 600_000);
    stop();
    expect(r).toEqual({ ok: expect.objectContaining({ serial: 'SIM-OT0001', rejectedDumps: 0 }) });
    expect((r as { ok: { readings: { value: string }[] } }).ok.readings.map((x) => x.value)).toEqual(['093', '045']);
  });
});

describe('downloadOneTouch over a real pty: a "meter" answering only blank lines', () => {
  let pty: PtyPair | undefined;
  afterEach(async () => {
    await pty?.kill();
    pty = undefined;
  });

  // The test timeout catches a hang; no duration is asserted.
  it('ends with a typed timeout', { timeout: 30_000 }, async () => {
    pty = await createPtyPair();
    const err = await againstBabblingDevice(pty, { chunk: ascii('\r\n') }, (host) => downloadOneTouch(host, { lineTimeoutMs: 1000 }));
    expect(err).toBeInstanceOf(MeterError);
    expect(err).toMatchObject({ failure: 'timeout', step: 'DM?' });
  });
});
