import { describe, expect, it } from 'vitest';
import { cartView, type CartViewInput } from '../../../renderer/ekg/cartView.ts';

const vitals = { heartRateBpm: 44.6, framesOk: 900, framesMissing: 3, crcErrors: 1, bytesDiscarded: 0 };
const clockTime = (ms: number) => `t=${ms}`;
const input = (over: Partial<CartViewInput>): CartViewInput => ({ status: null, vitals, electrodesOff: [], tracingStoppedAtMs: null, clockTime, ...over });
const refused = { state: 'error', message: 'cart connect: cannot connect tcp:127.0.0.1:33463: connect ECONNREFUSED', code: 'disconnected', retryInMs: 1000 } as const;

describe('cartView', () => {
  it('connected: LIVE, the rate, the electrodes and the link problems as the cart reports them; the address only in the tooltip', () => {
    const v = cartView(input({ status: { state: 'connected', message: 'connected to tcp:127.0.0.1:1' }, electrodesOff: ['LA'] }));
    expect(v).toEqual({
      connected: true,
      statusText: 'Cart: connected',
      statusDetail: null,
      statusTooltip: 'connected to tcp:127.0.0.1:1',
      caption: { kind: 'live' },
      heartRateText: 'HR 45 bpm',
      linkProblemText: '3 frame(s) missing, 1 damaged',
      electrodesOff: ['LA'],
    });
    expect(cartView(input({ status: { state: 'connected', message: '' }, vitals: { ...vitals, heartRateBpm: null, framesMissing: 0, crcErrors: 0 } }))).toMatchObject({
      heartRateText: 'HR —',
      linkProblemText: null,
      electrodesOff: [],
    });
  });

  it('lost after streaming: no LIVE, when the tracing stopped, no rate, electrodes not known, plain words first and the raw error as detail', () => {
    const v = cartView(input({ status: refused, electrodesOff: [], tracingStoppedAtMs: 1_700_000_000_000 }));
    expect(v).toEqual({
      connected: false,
      statusText: 'Cart not connected: check the cable and that the cart is switched on. The station keeps trying to connect.',
      statusDetail: refused.message,
      statusTooltip: refused.message,
      caption: { kind: 'no-signal', text: 'cart not connected: the tracing below stopped at t=1700000000000' },
      heartRateText: 'HR —',
      linkProblemText: null,
      electrodesOff: null,
    });
  });

  it('whatever the cart last reported, nothing of it is shown as now once it is not connected', () => {
    for (const status of [refused, { state: 'connecting', message: 'connecting to tcp:x', attempt: 1 } as const, { state: 'disconnected', message: 'stopped' } as const, null]) {
      for (const electrodesOff of [[], ['RA', 'V2']]) {
        const v = cartView(input({ status, electrodesOff, tracingStoppedAtMs: 5 }));
        expect(v).toMatchObject({ connected: false, heartRateText: 'HR —', electrodesOff: null, linkProblemText: null, caption: { kind: 'no-signal' } });
        expect(v.statusText).not.toMatch(/ECONNREFUSED|tcp:/);
      }
    }
  });

  it('retrying after the stream was lost keeps the same advice instead of flickering to "connecting"', () => {
    const lost = cartView(input({ status: refused, tracingStoppedAtMs: 5 })).statusText;
    expect(cartView(input({ status: { state: 'connecting', message: 'connecting to tcp:x', attempt: 1 }, tracingStoppedAtMs: 5 })).statusText).toBe(lost);
    expect(cartView(input({ status: { state: 'connecting', message: 'connecting to tcp:x', attempt: 3 } })).statusText).toBe(lost);
  });

  it('the first try on opening the screen is routine; a stopped live view says how to restart it', () => {
    expect(cartView(input({ status: null }))).toMatchObject({ statusText: 'Cart: starting…', statusDetail: null, caption: { kind: 'no-signal', text: 'cart not connected' } });
    expect(cartView(input({ status: { state: 'connecting', message: 'connecting to tcp:x', attempt: 1 } }))).toMatchObject({
      statusText: 'Connecting to the cart…',
      statusDetail: 'connecting to tcp:x',
    });
    expect(cartView(input({ status: { state: 'disconnected', message: 'stopped' } })).statusText).toBe('Cart not connected: leave the EKG screen and open it again to reconnect.');
  });
});
