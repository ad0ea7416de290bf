import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dispatch, EventBus, type Handlers } from '../../../main/ipc/dispatch.ts';
import { appHandlers } from '../../../main/services/appHandlers.ts';
import { StationError } from '../../../common/errors.ts';

const ctx = { sessionId: 's1', host: 'browser' as const };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...appHandlers({ name: 'T', version: '1.0.0', host: 'browser', stationId: 'st-1', isSimulated: () => true, meter: null, mainsHz: 60, nowMs: () => 42 }),
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  it('answers a valid call with {ok:true,value}', async () => {
    expect(await dispatch(handlers(), 'app.ping', { nonce: 'abc' }, ctx)).toEqual({ ok: true, value: { nonce: 'abc', serverTimeMs: 42 } });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await dispatch(handlers(), name, {}, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('refuses an invalid payload before the handler runs', async () => {
    let ran = false;
    const h = handlers({ 'app.ping': () => ((ran = true), { nonce: 'x', serverTimeMs: 1 }) });
    const r = await dispatch(h, 'app.ping', { nonce: 5 }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(ran).toBe(false);
    // Strict schemas: unknown extra keys are refused too, not silently dropped.
    expect(await dispatch(h, 'app.ping', { nonce: 'a', extra: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('turns a StationError into its code and hides other exceptions', async () => {
    const typed = handlers({
      'app.ping': () => {
        throw new StationError('locked', 'session is locked');
      },
    });
    expect(await dispatch(typed, 'app.ping', { nonce: 'a' }, ctx)).toEqual({ ok: false, error: { code: 'locked', message: 'session is locked' } });
    const buggy = handlers({
      'app.ping': () => {
        throw new TypeError('secret detail');
      },
    });
    const r = await dispatch(buggy, 'app.ping', { nonce: 'a' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret detail');
  });

  it('refuses a handler answer that breaks the contract', async () => {
    const h = handlers({ 'app.ping': () => ({ nonce: 1 }) as never });
    expect(await dispatch(h, 'app.ping', { nonce: 'a' }, ctx)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('never throws, whatever arrives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('app.ping', 'app.info'), fc.string()), fc.anything(), async (channel, payload) => {
        const r = await dispatch(handlers(), channel, payload, ctx);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

describe('EventBus', () => {
  it('validates payloads against the contract and targets sessions', () => {
    const bus = new EventBus();
    const got: Array<[string, unknown, string | null]> = [];
    bus.subscribe((n, p, t) => got.push([n, p, t]));
    bus.emit('app.notice', { level: 'info', text: 'hi' }, 's2');
    expect(got).toEqual([['app.notice', { level: 'info', text: 'hi' }, 's2']]);
    expect(() => bus.emit('app.notice', { level: 'loud', text: 'x' } as never)).toThrow();
  });
});
