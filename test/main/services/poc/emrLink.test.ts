import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmrLink } from '../../../../main/services/poc/emrLink.ts';
import { dispatch, EventBus, type Handlers } from '../../../../main/ipc/dispatch.ts';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { createPocServices } from '../../../../main/services/pocHandlers.ts';
import type { PocActor } from '../../../../main/services/poc/types.ts';
import { deliveriesMoved, deliveryText, emrStatusLines, type EmrStatus } from '../../../../renderer/poc/emrWording.ts';

describe('EMR link without an MLLP host', () => {
  it('flushes queued messages into the outbound folder, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-'));
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 10 });
    const msg = 'MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|POC00000009|P|2.5.1\r';
    link.outbox.enqueue('POC00000009', msg, Date.now());
    const file = join(dir, 'outbound', 'POC00000009.hl7');
    for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    link.close();
    expect(readFileSync(file, 'utf8')).toBe(msg);
    expect(link.outbox.list()).toEqual([]);
  });
});

describe('EMR link: a flush that fails never takes the station down', () => {
  it('reports the failure code (no patient data) and keeps running; the status shows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-fail-'));
    const codes: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 10, onFlushError: (c) => codes.push(c) });
    // The pending folder disappears under the running station: every flush now fails as a whole.
    rmSync(join(dir, 'pending'), { recursive: true });
    for (let i = 0; i < 200 && codes.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    link.close();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(codes.slice(0, 2)).toEqual(['ENOENT', 'ENOENT']);
    expect(link.outbox.status()).toMatchObject({ pending: 0, lastFlushError: 'ENOENT' });
  });

  it('a file already in the outbound folder with the same message counts as delivered (stopped before the outbox moved it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-dup-'));
    const msg = 'MSH|^~\\&|POC|C|EMR|C|20261122||ORU^R01^ORU_R01|POC00000010|P|2.5.1\r';
    mkdirSync(join(dir, 'outbound'), { recursive: true });
    writeFileSync(join(dir, 'outbound', 'POC00000010.hl7'), msg);
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 100_000 });
    link.outbox.enqueue('POC00000010', msg, 1);
    expect(await link.outbox.flush(10)).toMatchObject({ sent: ['000000000000001-POC00000010'], retrying: [] });
    link.outbox.enqueue('POC00000011', msg.replace('POC00000010', 'POC00000011'), 2);
    writeFileSync(join(dir, 'outbound', 'POC00000011.hl7'), 'another message');
    expect(await link.outbox.flush(20)).toMatchObject({ failed: ['000000000000002-POC00000011'], retrying: [] });
    link.close();
  });
});

describe('EMR link: an export that could not be queued goes at the next periodic flush, without a restart or another export', () => {
  let store: Store | undefined;
  afterEach(() => {
    vi.useRealTimers();
    store?.close();
    store = undefined;
  });

  it('the periodic flush queues the committed export and delivers it, once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
    const dataDir = mkdtempSync(join(tmpdir(), 'emr-recover-'));
    let now = new Date(2026, 10, 22, 9, 0).getTime();
    store = openStore({ dataDir, clockMs: () => now });
    const patients = new Patients(store);
    const p = patients.create({ mrn: 'AAA-1', familyName: 'Alpha', givenName: 'Ann', birthDate: '1950-01-01', sex: 'female' }, { id: 'admin', role: 'admin' });
    const dir = join(dataDir, 'hl7-outbox');
    const link = startEmrLink({ dir, mllp: null, flushEveryMs: 5_000, nowMs: () => now });
    const { service } = createPocServices({ store, events: new EventBus(), actorOf: () => ma, selectedPatientOf: () => p.id, patientById: (id) => patients.get(id), outbox: link.outbox });
    service.addLot('glucose-capillary', 'GL-1', '2030-01', ma);
    service.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '50', performedAtMs: now }, ma);
    service.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: now }, ma);
    now += 60_000;
    const r = service.enterResult({ patientId: p.id, confirmBirthDate: '1950-01-01', testId: 'glucose-capillary', value: '45', unit: 'mg/dL', observedAt: new Date(now - 30_000).toISOString(), lotNumber: 'GL-1', deviceId: 'M1' }, ma);
    // The outbox cannot be written once (disk full): the export is committed, not queued.
    const enqueue = link.outbox.enqueue.bind(link.outbox);
    link.outbox.enqueue = () => {
      link.outbox.enqueue = enqueue;
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    expect(() => service.exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    const file = join(dir, 'outbound', 'POC00000001.hl7');
    const settle = async () => {
      for (let i = 0; i < 50; i++) await new Promise((res) => setImmediate(res));
    };
    expect(existsSync(file)).toBe(false);
    // One tick of the link's timer: its flush queues the export and sends it.
    now += 5_000;
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    link.close();
    expect(readFileSync(file, 'utf8')).toContain('|POC00000001|');
    expect(store.db.prepare('SELECT q.state FROM poc_exports e JOIN poc_export_outbox q ON q.export_id = e.id').pluck().all()).toEqual(['queued']);
    expect(link.outbox.list()).toEqual([]);
    expect(readdirSync(join(dir, 'outbound'))).toEqual(['POC00000001.hl7']);
    expect(readdirSync(join(dir, 'sent')).filter((f) => f.endsWith('.hl7'))).toEqual([expect.stringMatching(/^\d{15}-POC00000001\.hl7$/)]);
  });
});

describe('EMR status and rows as the POC screen reads them (poc.emr.status through dispatch)', () => {
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
  });

  function station(mllp: { host: string; port: number } | null) {
    const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
    const dataDir = mkdtempSync(join(tmpdir(), 'emr-status-'));
    let now = new Date(2026, 10, 22, 9, 0).getTime();
    store = openStore({ dataDir, clockMs: () => now });
    const patients = new Patients(store);
    const p = patients.create({ mrn: 'AAA-1', familyName: 'Alpha', givenName: 'Ann', birthDate: '1950-01-01', sex: 'female' }, { id: 'admin', role: 'admin' });
    // What createStation does (main/app/station.ts); flushed by hand here.
    const link = startEmrLink({ dir: join(dataDir, 'hl7-outbox'), mllp, flushEveryMs: 3_600_000, nowMs: () => now });
    const { service, handlers } = createPocServices({ store, events: new EventBus(), actorOf: () => ma, selectedPatientOf: () => p.id, patientById: (id) => patients.get(id), outbox: link.outbox });
    service.addLot('glucose-capillary', 'GL-1', '2030-01', ma);
    service.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '50', performedAtMs: now }, ma);
    service.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: now }, ma);
    const enter = (value: string) => {
      now += 60_000;
      return service.enterResult({ patientId: p.id, confirmBirthDate: '1950-01-01', testId: 'glucose-capillary', value, unit: 'mg/dL', observedAt: new Date(now - 30_000).toISOString(), lotNumber: 'GL-1', deviceId: 'M1' }, ma);
    };
    const status = async (): Promise<EmrStatus> => {
      const r = await dispatch(handlers as unknown as Handlers, 'poc.emr.status', {}, { sessionId: 's1', host: 'browser' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return (r.value as { status: EmrStatus }).status;
    };
    const strip = async () => emrStatusLines(await status(), (ms) => `T${ms}`).map((l) => l.text);
    return { ma, link, service, enter, status, strip, dataDir, flush: () => link.outbox.flush((now += 1_000)) };
  }

  it('without an MLLP host (the default) the link is in folder mode: nothing reads as sent, the strip says the station cannot see whether the EMR took them', async () => {
    const { ma, link, service, enter, status, strip, dataDir, flush } = station(null);
    expect(await status()).toMatchObject({ linked: true, mode: 'folder', pending: 0, notQueued: 0, queueError: null });
    const r = enter('110');
    service.exportHl7(r.id, ma);
    await flush();
    link.close();
    expect(readdirSync(join(dataDir, 'hl7-outbox', 'outbound'))).toEqual(['POC00000001.hl7']);
    const ex = service.getResult(r.id).exported!;
    expect(ex.delivery).toBe('handed-off');
    expect(deliveryText(ex, 't')).toEqual({ tone: 'info', text: 'Placed in the EMR pick-up folder (the EMR has not confirmed it): message POC00000001 (exported t)' });
    expect(await strip()).toEqual(["EMR link: results are placed in the pick-up folder for the EMR's interface; this station cannot see whether the EMR took them."]);
  });

  it('folder mode: a different file already under that message number is not "refused by the EMR" (no EMR answered): not placed, kept, call support', async () => {
    const { ma, link, service, enter, strip, dataDir, flush } = station(null);
    const outbound = join(dataDir, 'hl7-outbox', 'outbound');
    mkdirSync(outbound, { recursive: true });
    writeFileSync(join(outbound, 'POC00000001.hl7'), 'someone else\'s file');
    const r = enter('110');
    service.exportHl7(r.id, ma);
    await flush();
    link.close();
    const ex = service.getResult(r.id).exported!;
    expect(ex.delivery).toBe('not-placed');
    expect(deliveryText(ex, 't').text).toBe('Not placed in the EMR pick-up folder: a different file with message number POC00000001 is already there (exported t); kept on this station: call support');
    const lines = await strip();
    expect(lines[0]).toBe('1 message could not be placed in the pick-up folder (a different file with the same message number is there) and is kept on this station: call support.');
    expect(lines.join(' ')).not.toMatch(/refused by the EMR/i);
  });

  it('over MLLP the status says so, and "all results sent" stays for what the EMR acknowledged', async () => {
    const { link, status, strip } = station({ host: '127.0.0.1', port: 9 });
    link.close();
    expect(await status()).toMatchObject({ linked: true, mode: 'mllp', pending: 0, notQueued: 0 });
    expect(await strip()).toEqual(['EMR link: all results sent.']);
  });

  it('an export the outbox could not take (EACCES) is waiting on the strip as on its row, with the error in words; the table is not read again at every poll', async () => {
    const { ma, link, service, enter, status, strip, flush } = station(null);
    const enqueue = link.outbox.enqueue.bind(link.outbox);
    link.outbox.enqueue = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    const r = enter('120');
    expect(() => service.exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    await flush(); // the flush hook tries to queue it and fails again
    const ex = service.getResult(r.id).exported!;
    expect(ex.delivery).toBe('waiting');
    const st = await status();
    expect(st).toMatchObject({ pending: 0, notQueued: 1, queueError: 'EACCES', lastFlushError: null });
    const lines = await strip();
    expect(lines.join(' ')).not.toMatch(/all results sent/);
    expect(lines[0]).toMatch(/^EMR link: 1 result could not be put in the queue for the EMR: the station may not read or write its EMR queue folder\./);
    // Poll after poll with nothing changed: no reload (each reload is an audited view of the patient).
    expect(deliveriesMoved(st, await status(), 1)).toBe(false);
    // Fixed: the next flush queues and places it; the status and the row say so.
    link.outbox.enqueue = enqueue;
    await flush();
    link.close();
    expect(await status()).toMatchObject({ pending: 0, notQueued: 0, queueError: null });
    expect(service.getResult(r.id).exported!.delivery).toBe('handed-off');
    expect(deliveriesMoved(st, await status(), 1)).toBe(true);
  });
});
