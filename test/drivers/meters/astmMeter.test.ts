import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadAstm } from '../../../drivers/meters/astmMeter.ts';
import { MeterError } from '../../../drivers/meters/errors.ts';
import { ENQ, NAK, encodeFrame } from '../../../drivers/protocols/astm/frame.ts';
import { againstBabblingDevice } from '../../helpers/babblingDevice.ts';
import { createPtyPair, type PtyPair } from '../../helpers/ptyPair.ts';
import { ascii, ScriptedDevice } from '../../helpers/scriptedDevice.ts';

/** `STX 1 H|\^& CR ETX 00 CR LF`: a header frame whose checksum (E5) is wrong. */
const BAD_FRAME = ascii('\x021H|\\^&\r\x0300\r\n');

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

describe('downloadAstm: a device that keeps sending without progress ends in a typed error (fake time)', () => {
  afterEach(() => vi.useRealTimers());

  it('a frame NAKed 6 times in a row: checksum error naming the step, not an endless NAK loop', async () => {
    vi.useFakeTimers();
    const dev = new ScriptedDevice();
    // ENQ, then the same bad frame every 500 ms whatever we answer (a sender ignoring E1381's retry limit).
    dev.onWrite = () => undefined;
    setTimeout(() => dev.send(Uint8Array.of(ENQ)), 10);
    const loop = setInterval(() => dev.send(BAD_FRAME), 500);
    const r = await settleWithin(downloadAstm(dev, { frameTimeoutMs: 60_000 }), 120_000);
    clearInterval(loop);
    expect(r).toEqual({ error: expect.any(MeterError) });
    const err = (r as { error: MeterError }).error;
    expect(err).toMatchObject({ failure: 'checksum', step: 'receive-frames', code: 'meter-checksum' });
    expect(dev.written.filter((w) => w[0] === NAK)).toHaveLength(6);
  });

  it('bad frames do not restart the receive timer: with a high NAK budget it still times out', async () => {
    vi.useFakeTimers();
    const dev = new ScriptedDevice();
    setTimeout(() => dev.send(Uint8Array.of(ENQ)), 10);
    // A different bad frame each time, sent only every 2 s: fewer than 6 before the 4 s timer.
    const loop = setInterval(() => dev.send(BAD_FRAME), 2000);
    const r = await settleWithin(downloadAstm(dev, { frameTimeoutMs: 4000 }), 120_000);
    clearInterval(loop);
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'timeout', step: 'receive-frames' }) });
  });

  it('a device that bids (ENQ) forever times out', async () => {
    vi.useFakeTimers();
    const dev = new ScriptedDevice();
    const loop = setInterval(() => dev.send(Uint8Array.of(ENQ)), 300);
    const r = await settleWithin(downloadAstm(dev, { frameTimeoutMs: 4000 }), 120_000);
    clearInterval(loop);
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'timeout', step: 'receive-frames' }) });
  });

  it('a device that keeps sending good frames and never ends hits the session deadline', async () => {
    vi.useFakeTimers();
    const dev = new ScriptedDevice();
    setTimeout(() => dev.send(Uint8Array.of(ENQ)), 10);
    let fn = 1;
    let seq = 0;
    const loop = setInterval(() => {
      dev.send(encodeFrame({ fn, text: `C|${++seq}|I|still here\r`, final: true }));
      fn = (fn + 1) % 8;
    }, 200);
    const r = await settleWithin(downloadAstm(dev, { sessionTimeoutMs: 20_000 }), 120_000);
    clearInterval(loop);
    expect(r).toEqual({ error: expect.objectContaining({ failure: 'timeout', message: expect.stringMatching(/did not finish within 20 s/) }) });
  });
});

describe('downloadAstm over a real pty: a device sending bad frames forever', () => {
  let pty: PtyPair | undefined;
  afterEach(async () => {
    await pty?.kill();
    pty = undefined;
  });

  // The test timeout catches a hang; no duration is asserted.
  it('ends with a typed error', { timeout: 30_000 }, async () => {
    pty = await createPtyPair();
    const err = await againstBabblingDevice(pty, { first: Uint8Array.of(ENQ), chunk: BAD_FRAME }, (host) => downloadAstm(host, { frameTimeoutMs: 4000 }));
    expect(err).toBeInstanceOf(MeterError);
    expect(err).toMatchObject({ failure: 'checksum', step: 'receive-frames' });
  });
});
