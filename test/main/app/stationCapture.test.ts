import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/ipc/dispatch.ts';
import { startCaptureStation, type CaptureStation, type Result } from '../../helpers/captureStation.ts';
import { MA, PROVIDER } from '../../helpers/uiSession.ts';

// Whose EKG a capture is (docs/cart.md "Whose EKG it is"): a station with a SIMULATED cart over
// a real socket, driven through the same dispatch the hosts use, two or three windows at once.
let s: CaptureStation;
let station: CaptureStation['station'];
let window = 0;
const newWindow = (): CallContext => ({ sessionId: `window-${++window}`, host: 'browser' });
const call: CaptureStation['call'] = (ctx, channel, payload) => s.call(ctx, channel, payload);
/**
 * Starts a capture in window `w`; resolves once its samples arrive, with the capture's answer still
 * to come (wrapped: an async function returning a promise would wait for it).
 */
async function captureStarted(w: CallContext, seconds: number): Promise<{ capture: Promise<Result> }> {
  const under = s.captureUnderWay();
  const capture = call(w, 'cart.capture', { seconds });
  await under;
  return { capture };
}
let mrn = 0;
const newPatient = async (ctx: CallContext, sex: 'female' | 'male', birthDate: string): Promise<number> => {
  // A family name per patient: two with the same names and date of birth are refused as a possible duplicate.
  const r = await call(ctx, 'records.patients.create', { mrn: `CAP-${++mrn}`, familyName: `Example${mrn}`, givenName: sex === 'female' ? 'Ann' : 'Bob', birthDate, sex });
  if (!r.ok) throw new Error(r.error.code);
  return r.value.id as number;
};
/** An assistant signed in in a new window, patients A (selected) and B created. */
async function assistantWithA(): Promise<{ w: CallContext; a: number; b: number }> {
  const w = newWindow();
  expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toMatchObject({ ok: true });
  const a = await newPatient(w, 'female', '1950-01-01');
  const b = await newPatient(w, 'male', '2000-01-01');
  expect(await call(w, 'records.patients.select', { patientId: a })).toMatchObject({ ok: true });
  expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
  return { w, a, b };
}
/** The stored EKG row: whose patient, who captured it, how long. */
const stored = (ekgId: number): { patientId: number | null; capturedBy: string; samples: number } =>
  s.read((db) => db.prepare('SELECT patient_id AS patientId, captured_by AS capturedBy, samples_per_lead AS samples FROM ekg_records WHERE id = ?').get(ekgId) as never);
const storedOf = (r: Result) => stored(r.ok ? (r.value.ekgId as number) : -1);
const auditVerbs = (): string[] => s.read((db) => db.prepare("SELECT verb FROM audit_log WHERE object_type = 'ekg' ORDER BY seq").pluck().all() as string[]);

beforeAll(async () => {
  s = await startCaptureStation('station-capture');
  station = s.station;
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('an EKG is stored for the operator and patient of the moment Capture was pressed', () => {
  it('refuses another patient, no patient and sign-out in the capturing window until the capture has finished', async () => {
    const { w, a, b } = await assistantWithA();
    const { capture } = await captureStarted(w, 2);
    const refused = { ok: false, error: { code: 'ekg-capture-in-progress', message: expect.stringMatching(/capture/) } };
    expect(await call(w, 'records.patients.select', { patientId: b })).toEqual(refused);
    expect(await call(w, 'records.patients.clear', {})).toEqual(refused);
    expect(await call(w, 'records.session.signOut', {})).toEqual(refused);
    // A badge on the open session would start a new one without the patient.
    expect(await call(w, 'records.session.signIn', { badgeId: MA.badge, pin: MA.pin })).toEqual(refused);
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true, ekgId: expect.any(Number) } });
    expect(storedOf(done)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 1000 });
    // Afterwards the patient may change again.
    expect(await call(w, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
  }, 60_000);

  it("another window's EKG screen neither takes over nor stops the capture, nor captures for its own patient", async () => {
    const { w, a, b } = await assistantWithA();
    // A provider in a second window, on patient B (signed in first: a PIN check takes a while).
    const w2 = newWindow();
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    const { capture } = await captureStarted(w, 4);
    expect(await call(w2, 'cart.start', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'cart.capture', { seconds: 2 })).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress' } });
    expect(await call(w2, 'cart.autoCapture', { enabled: true })).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress' } });
    // Another window (or a socket nobody signed in on) may leave the live view; the capture runs on.
    expect(await call(w2, 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: expect.not.stringMatching(/^disconnected$/) } } });
    expect(await call(newWindow(), 'cart.stop', {})).toMatchObject({ ok: true });
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true, samples: 2000 } });
    expect(storedOf(done)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 2000 });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 60_000);

  it('a capture whose window locks and leaves the EKG screen is answered, kept complete and stored for its patient', async () => {
    const { w, a } = await assistantWithA();
    const { capture } = await captureStarted(w, 2);
    expect(await call(w, 'records.session.lock', {})).toMatchObject({ ok: true });
    // The screen unmounts on lock and leaves the live view; a locked session does not cut the capture short.
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true } });
    expect(storedOf(done)).toMatchObject({ patientId: a, capturedBy: 'mary' });
    expect(await call(w, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w, 'ekg.list', {})).toMatchObject({ ok: true, value: { ekgs: [{ id: done.ok ? done.value.ekgId : -1 }] } });
    // Nobody showed the live view when the capture ended: the cart stopped after it.
    expect(await call(w, 'cart.status', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
  }, 60_000);

  it('leaving the live view never cuts a capture short, not even the signed-in owner leaving after lock and unlock', async () => {
    // Lock unmounts the EKG screen; unlock mounts a new one that does not know a capture runs, and
    // moving on to another screen unmounts it again: that cart.stop came from the owner, signed in
    // and unlocked, and cut the capture short (249 samples, complete: false).
    const { w, a } = await assistantWithA();
    const { capture } = await captureStarted(w, 2);
    expect(await call(w, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true } });
    expect(storedOf(done)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 1000 });
  }, 60_000);

  it('a capture whose window closes runs on, is stored for its capturer and patient, and says so in the audit log', async () => {
    const { w, a } = await assistantWithA();
    const { capture } = await captureStarted(w, 2);
    station.onSessionEnd(w.sessionId);
    const done = await capture;
    expect(done).toMatchObject({ ok: true, value: { complete: true } });
    const ekgId = done.ok ? (done.value.ekgId as number) : -1;
    expect(stored(ekgId)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 1000 });
    expect(auditVerbs().slice(-2)).toEqual(['ekg-capture', 'ekg-capture-after-session-end']);
  }, 60_000);
});

describe('leaving the live view', () => {
  it('a window that locks on the EKG screen leaves the live view and the cart stops (no streaming to nobody)', async () => {
    const { w } = await assistantWithA();
    expect(await call(w, 'records.session.lock', {})).toMatchObject({ ok: true });
    // The screen unmounts on lock and leaves the live view.
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
    expect(await call(w, 'cart.status', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
    expect(await call(w, 'records.session.unlock', { pin: MA.pin })).toMatchObject({ ok: true });
    // A socket nobody signed in on may leave too (it never stops anyone else's view).
    expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
    expect(await call(newWindow(), 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: expect.not.stringMatching(/^disconnected$/) } } });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
  }, 60_000);
});

/** Collects cart.captured events and the live samples streamed since it was made. */
function watchCart() {
  const captured: Array<{ ekgId: number | null; trigger: string }> = [];
  let samples = 0;
  const waiters: Array<() => void> = [];
  const off = station.events.subscribe((name, payload) => {
    if (name === 'cart.captured') captured.push(payload as never);
    if (name === 'cart.block') samples += (payload as { samples: number }).samples;
    if (name === 'cart.quality') for (const w of waiters.splice(0)) w();
  });
  return {
    captured,
    /** Resolves at the first quality check (where an armed auto-capture would fire) after `n` live samples. */
    afterSamples: async (n: number) => {
      while (samples < n) await new Promise<void>((r) => waiters.push(r));
      await new Promise<void>((r) => waiters.push(r));
    },
    off,
  };
}

describe("auto-capture fires only in its owner's own live view", () => {
  it('refuses a Capture while another window shows the live cart for another patient; the same patient, or the other window gone, captures', async () => {
    // A UI tester's second window (another operator, another patient) captured the tracing of the
    // first window's patient and stored it for its own, with no word in either window.
    const { w, a, b } = await assistantWithA();
    const w2 = newWindow();
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(w2, 'cart.start', {})).toMatchObject({ ok: true });
    const before = s.read((db) => db.prepare('SELECT count(*) FROM ekg_records').pluck().get() as number);
    expect(await call(w2, 'cart.capture', { seconds: 2 })).toMatchObject({ ok: false, error: { code: 'ekg-cart-shared', message: expect.stringMatching(/^The live cart is also open in another window, for another patient/) as unknown } });
    expect(await call(w, 'cart.capture', { seconds: 2 })).toMatchObject({ ok: false, error: { code: 'ekg-cart-shared' } });
    expect(s.read((db) => db.prepare('SELECT count(*) FROM ekg_records').pluck().get() as number)).toBe(before);
    // The same patient in both windows: the provider looking on does not stop the assistant.
    expect(await call(w2, 'records.patients.select', { patientId: a })).toMatchObject({ ok: true });
    const same = await call(w, 'cart.capture', { seconds: 2 });
    expect(storedOf(same)).toMatchObject({ patientId: a, capturedBy: 'mary' });
    // The other window gone from the live view: its own patient again, and it captures.
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    const own = await call(w2, 'cart.capture', { seconds: 2 });
    expect(storedOf(own)).toMatchObject({ patientId: b, capturedBy: 'paula' });
    expect(await call(w2, 'cart.stop', {})).toMatchObject({ ok: true });
    for (const x of [w, w2]) expect(await call(x, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 60_000);

  it("an auto-capture armed in one window is off once its owner leaves the live view: another window captures its own patient", async () => {
    const { w, b } = await assistantWithA();
    expect(await call(w, 'cart.autoCapture', { enabled: true })).toMatchObject({ ok: true, value: { enabled: true } });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
    const w2 = newWindow();
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    const cart = watchCart();
    expect(await call(w2, 'cart.start', {})).toMatchObject({ ok: true });
    const done = await call(w2, 'cart.capture', { seconds: 2 });
    expect(done).toMatchObject({ ok: true, value: { complete: true, ekgId: expect.any(Number) } });
    expect(storedOf(done)).toMatchObject({ patientId: b, capturedBy: 'paula' });
    expect(cart.captured.map((c) => c.trigger)).toEqual(['manual']);
    cart.off();
    expect(auditVerbs()).toContain('ekg-auto-capture-off');
    // Its patient is free again in the first window (auto-capture no longer holds it there).
    expect(await call(w, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    expect(await call(w2, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 60_000);

  it("an armed auto-capture does not fire in another window's live view; it fires in its owner's own", async () => {
    const { w, a, b } = await assistantWithA();
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    // Armed before its owner opens the live view (it is for the owner's next live view).
    expect(await call(w, 'cart.autoCapture', { enabled: true })).toMatchObject({ ok: true, value: { enabled: true } });
    const w2 = newWindow();
    expect(await call(w2, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w2, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    let cart = watchCart();
    expect(await call(w2, 'cart.start', {})).toMatchObject({ ok: true });
    // More than 10 clean seconds in the provider's view (500 Hz): nothing is taken for the first window's patient.
    await cart.afterSamples(12 * 500);
    expect(cart.captured).toEqual([]);
    // While it is armed there, the provider's Capture says what holds the cart.
    expect(await call(w2, 'cart.capture', { seconds: 2 })).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress', message: expect.stringMatching(/^Auto-capture is on in another window/) } });
    cart.off();
    expect(await call(w2, 'cart.stop', {})).toMatchObject({ ok: true, value: { status: { state: 'disconnected' } } });
    // The owner's own live view: it fires there, for the owner's patient.
    cart = watchCart();
    const fired = new Promise<{ ekgId: number | null; trigger: string }>((resolve) => {
      const off = station.events.subscribe((name, payload) => {
        if (name === 'cart.captured') {
          off();
          resolve(payload as never);
        }
      });
    });
    expect(await call(w, 'cart.start', {})).toMatchObject({ ok: true });
    const auto = await fired;
    expect(auto).toMatchObject({ trigger: 'auto', ekgId: expect.any(Number) });
    expect(stored(auto.ekgId ?? -1)).toMatchObject({ patientId: a, capturedBy: 'mary', samples: 5000 });
    cart.off();
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w2, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 90_000);
});

describe('refusals say what holds the cart', () => {
  it('after another operator takes over the locked station mid-capture, Capture in the same window names the previous operator, not another window', async () => {
    const { w, b } = await assistantWithA();
    // Long enough to outlast the lock and a scrypt sign-in on a loaded machine (3 s did not, once, in CI).
    const { capture } = await captureStarted(w, 10);
    expect(await call(w, 'records.session.lock', {})).toMatchObject({ ok: true });
    expect(await call(w, 'records.session.signIn', { badgeId: PROVIDER.badge, pin: PROVIDER.pin })).toMatchObject({ ok: true });
    expect(await call(w, 'records.patients.select', { patientId: b })).toMatchObject({ ok: true });
    const refused = await call(w, 'cart.capture', { seconds: 2 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ekg-capture-in-progress', message: expect.stringMatching(/previous operator of this window/) } });
    expect(refused.ok ? '' : refused.error.message).not.toMatch(/another window/);
    expect(await capture).toMatchObject({ ok: true, value: { complete: true } });
    expect(await call(w, 'cart.stop', {})).toMatchObject({ ok: true });
    expect(await call(w, 'records.session.signOut', {})).toMatchObject({ ok: true });
  }, 60_000);
});
