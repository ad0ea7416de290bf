// A station running SIMULATED (the "SIMULATED … Not for patient care" banner: app.info `simulated`)
// sent a manually entered result for a real patient on a real lot to the EMR as production HL7
// (MSH-11 P, no SIMULATED note): only results from SIM- devices got T. Every message a SIMULATED
// station builds is a training one now; a station with real devices still sends P.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../main/app/station.ts';
import { dispatch, type CallContext } from '../../../main/ipc/dispatch.ts';
import { addOperators, MA } from '../../helpers/uiSession.ts';

const ctx: CallContext = { sessionId: 'window-1', host: 'browser' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function open(printer: 'simulated' | string): Promise<{ station: Station; dataDir: string; call: (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: never; error?: unknown }> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-hl7-sim-'));
  addOperators(dataDir);
  const station = await createStation({ host: 'browser', dataDir, mainsHz: 60, cart: null, meter: null, printer });
  cleanups.push(async () => {
    await station.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const call = (channel: string, payload: unknown) => dispatch(station.handlers as never, channel as never, payload, ctx) as Promise<{ ok: boolean; value?: never; error?: unknown }>;
  return { station, dataDir, call };
}

/** Enters a normal capillary glucose by hand for a real (not SIM-) patient on a real lot from a real meter serial, exports it, and returns the message the outbox holds. */
async function manualResultMessage(dataDir: string, call: (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: never; error?: unknown }>): Promise<string> {
  const ok = async (channel: string, payload: unknown) => {
    const r = await call(channel, payload);
    expect(r, `${channel}: ${JSON.stringify(r.error)}`).toMatchObject({ ok: true });
    return r.value as unknown as Record<string, unknown>;
  };
  await ok('records.session.signIn', { badgeId: MA.badge, pin: MA.pin });
  const patient = (await ok('records.patients.create', { mrn: 'HL7-1', familyName: 'Okafor', givenName: 'Ada', birthDate: '1950-03-04', sex: 'female' })) as { id: number; simulated: boolean };
  expect(patient.simulated).toBe(false);
  await ok('records.patients.select', { patientId: patient.id });
  const lot = (await ok('poc.lot.add', { testId: 'glucose-capillary', lotNumber: 'GL-REAL-1', expires: '2030-12-31' })) as { lot: { simulated: boolean } };
  expect(lot.lot.simulated).toBe(false);
  await ok('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-REAL-1', level: 'low', value: '50' });
  await ok('poc.qc.record', { testId: 'glucose-capillary', lotNumber: 'GL-REAL-1', level: 'high', value: '300' });
  const entered = (await ok('poc.result.enter', {
    patientId: patient.id,
    confirmBirthDate: '1950-03-04',
    testId: 'glucose-capillary',
    value: '110',
    unit: 'mg/dL',
    observedAt: new Date().toISOString(),
    lotNumber: 'GL-REAL-1',
    deviceId: 'METER-0042',
  })) as { result: { id: number; simulated: boolean } };
  expect(entered.result.simulated).toBe(false);
  const exported = (await ok('poc.result.export', { resultId: entered.result.id })) as { controlId: string; queued: boolean };
  expect(exported.queued).toBe(true);
  // The file the EMR picks up (file mode: no MLLP host), or still pending when the outbox has not moved it yet.
  const outbox = join(dataDir, 'hl7-outbox');
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const dir of ['outbound', 'pending']) {
      const d = join(outbox, dir);
      const file = existsSync(d) ? readdirSync(d).find((f) => f.endsWith('.hl7') && f.includes(exported.controlId)) : undefined;
      if (file !== undefined) return readFileSync(join(d, file), 'utf8');
    }
    if (Date.now() > deadline) throw new Error(`message ${exported.controlId} not found in ${outbox}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fields = (message: string, name: string) => message.split('\r').find((s) => s.startsWith(`${name}|`))?.split('|') ?? [];
const notes = (message: string) => message.split('\r').filter((s) => s.startsWith('NTE|')).map((s) => s.split('|')[3]);

describe('HL7 processing id follows the station being SIMULATED (the banner)', () => {
  it('a SIMULATED station sends a manually entered result, real patient and lot, as a training message with the SIMULATED note', async () => {
    const { dataDir, call } = await open('simulated');
    const info = (await call('app.info', {})) as unknown as { value: { simulated: boolean } };
    expect(info.value.simulated).toBe(true);
    const message = await manualResultMessage(dataDir, call);
    // MSH-11 is field 11; the split puts MSH-1 (the separator) at no index, so it is index 10.
    expect(fields(message, 'MSH')[10]).toBe('T');
    expect(notes(message)).toContain('SIMULATED DEVICE RESULT - NOT FOR CLINICAL USE');
  }, 60_000);

  it('a station with real devices sends the same result as production, without the note', async () => {
    // A printer address nothing answers on: a real device setting (no simulator runs).
    const { dataDir, call } = await open('tcp:127.0.0.1:9');
    const info = (await call('app.info', {})) as unknown as { value: { simulated: boolean } };
    expect(info.value.simulated).toBe(false);
    const message = await manualResultMessage(dataDir, call);
    expect(fields(message, 'MSH')[10]).toBe('P');
    expect(notes(message).some((n) => n?.includes('SIMULATED'))).toBe(false);
  }, 60_000);
});
