import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallContext } from '../../../main/ipc/dispatch.ts';
import { startCaptureStation, type CaptureStation } from '../../helpers/captureStation.ts';
import { MA } from '../../helpers/uiSession.ts';

// The EKG screen mounts (cart.start), is left for the patient picker (cart.stop) and mounts again
// (cart.start) while the SIMULATED cart's process is still starting. That opened two cart sessions;
// the cart serves one host, so each one's reconnect cut the other's stream and captures came back
// incomplete ("cart stream: tcp:...: peer closed the connection"). docs/cart.md "Whose EKG it is".
let s: CaptureStation;
beforeAll(async () => {
  s = await startCaptureStation('station-cart-remount');
}, 60_000);
afterAll(async () => {
  await s?.close();
});

it('a live view left and opened again before the cart is up still captures a complete EKG, twice', async () => {
  const w: CallContext = { sessionId: 'window-1', host: 'browser' };
  expect(await s.call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
  const p = await s.call(w, 'records.patients.create', { mrn: 'REMOUNT-1', familyName: 'Example', givenName: 'Ann', birthDate: '1950-01-01', sex: 'female' });
  if (!p.ok) throw new Error(p.error.code);
  expect(await s.call(w, 'records.patients.select', { patientId: p.value.id })).toMatchObject({ ok: true });
  const statuses: string[] = [];
  const off = s.station.events.subscribe((event, payload) => {
    if (event === 'cart.status') statuses.push((payload as { status: { state: string } }).status.state);
  });
  const answers = await Promise.all([s.call(w, 'cart.start', {}), s.call(w, 'cart.stop', {}), s.call(w, 'cart.start', {})]);
  for (const a of answers) expect(a).toMatchObject({ ok: true });
  for (let i = 0; i < 2; i++) {
    const done = await s.call(w, 'cart.capture', { seconds: 2 });
    expect(done).toMatchObject({ ok: true, value: { complete: true, samples: 1000 } });
  }
  off();
  // One connection all along: it was never cut and retried.
  expect(statuses.filter((x) => x === 'error')).toEqual([]);
  expect(await s.call(w, 'cart.stop', {})).toMatchObject({ ok: true });
}, 60_000);
