import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../main/ipc/dispatch.ts';
import { startCaptureStation, type CaptureStation } from '../../helpers/captureStation.ts';
import { MA } from '../../helpers/uiSession.ts';

// A failure while tidying up after a capture (stopping the cart nobody watches any more) must not
// replace the capture's answer: the EKG is stored and its capturer is told so. The cart service is
// the real one over the SIMULATED cart's socket; only its stop is made to fail, once, on demand.
const failNextStop = { armed: false };
vi.mock('../../../main/services/cartHandlers.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/services/cartHandlers.ts')>();
  return {
    ...real,
    createCartService: (deps: Parameters<typeof real.createCartService>[0]) => {
      const service = real.createCartService(deps);
      const stop = service.handlers['cart.stop'];
      return {
        ...service,
        handlers: {
          ...service.handlers,
          'cart.stop': async (...args: Parameters<typeof stop>) => {
            if (failNextStop.armed) {
              failNextStop.armed = false;
              throw Object.assign(new Error('the port could not be closed'), { code: 'EIO' });
            }
            return stop(...args);
          },
        },
      };
    },
  };
});

let s: CaptureStation;
beforeAll(async () => {
  s = await startCaptureStation('station-capture-cleanup');
}, 60_000);
afterAll(async () => {
  await s?.close();
});
const call: CaptureStation['call'] = (ctx, channel, payload) => s.call(ctx, channel, payload);

describe("a capture's answer is not replaced by a failure after it", () => {
  it('the window closed mid-capture and stopping the unwatched cart fails: the capture is still answered with its stored EKG', async () => {
    const w: CallContext = { sessionId: 'window-1', host: 'browser' };
    expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
    const created = await call(w, 'records.patients.create', { mrn: 'CLN-1', familyName: 'Example', givenName: 'Ann', birthDate: '1950-01-01', sex: 'female' });
    const patientId = created.ok ? (created.value.id as number) : -1;
    expect(await call(w, 'records.patients.select', { patientId })).toMatchObject({ ok: true });
    expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
    const under = s.captureUnderWay();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const capture = call(w, 'cart.capture', { seconds: 2 });
      await under;
      s.station.onSessionEnd(w.sessionId);
      failNextStop.armed = true;
      const done = await capture;
      expect(done).toMatchObject({ ok: true, value: { complete: true, ekgId: expect.any(Number) } });
      expect(failNextStop.armed).toBe(false);
      // Reported by code only.
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/settling the cart failed \(EIO\)/);
    } finally {
      stderr.mockRestore();
    }
    const row = s.read((db) => db.prepare("SELECT reason, details FROM audit_log WHERE verb = 'ekg-capture-cleanup-failed'").get() as { reason: string; details: string } | undefined);
    expect(row?.reason).toBe('cleanup-failed');
    expect(JSON.parse(row?.details ?? '{}')).toMatchObject({ error: 'EIO' });
    // The cart is still stopped on shutdown (station.close disposes it).
  }, 60_000);
});
