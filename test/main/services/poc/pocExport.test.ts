import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { PocService } from '../../../../main/services/poc/pocService.ts';
import type { PocActor } from '../../../../main/services/poc/types.ts';
import { Hl7Outbox } from '../../../../main/io/hl7Outbox.ts';
import { StationError } from '../../../../common/errors.ts';
import { deliverToOutboundFolder } from '../../../../main/services/poc/emrLink.ts';

/** The HL7 export of PocService: only the current version, and the database and outbox never disagree. */
const ma: PocActor = { id: 'ma1', role: 'ma', displayName: 'Kim Lee' };
const at = (h: number, mi: number) => new Date(2026, 10, 22, h, mi).getTime();

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

/** An outbox whose enqueue always fails with `error` (a full disk, an I/O error): the export cannot reach it. */
function failingOutbox(error: Error): Hl7Outbox {
  const box = new Hl7Outbox(mkdtempSync(join(tmpdir(), 'poc-export-broken-')), async () => Promise.reject(new Error('not used')));
  box.enqueue = () => {
    throw error;
  };
  return box;
}

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'poc-export-'));
  let now = at(9, 0);
  store = openStore({ dataDir, clockMs: () => now });
  const s = store;
  const patients = new Patients(s);
  const a = patients.create({ mrn: 'AAA-1', familyName: 'Alpha', givenName: 'Ann', birthDate: '1950-01-01', sex: 'female' }, { id: 'admin', role: 'admin' });
  const b = patients.create({ mrn: 'BBB-2', familyName: 'Beta', givenName: 'Bob', birthDate: '2000-01-01', sex: 'male' }, { id: 'admin', role: 'admin' });
  const outboxDir = join(dataDir, 'hl7-outbox');
  // An EMR that never answers: everything stays in pending/ where the test can read it.
  const outbox = new Hl7Outbox(outboxDir, async () => Promise.reject(new Error('not used')));
  const service = (box: Hl7Outbox = outbox) => new PocService({ store: s, patientById: (id) => patients.get(id), outbox: box });
  const svc = service();
  svc.addLot('glucose-capillary', 'GL-1', '2030-01', ma);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'low', value: '50', performedAtMs: now }, ma);
  svc.recordQc({ testId: 'glucose-capillary', lotNumber: 'GL-1', level: 'high', value: '300', performedAtMs: now }, ma);
  now += 60_000;
  const enter = (patientId: number, dob: string, value: string) =>
    svc.enterResult({ patientId, confirmBirthDate: dob, testId: 'glucose-capillary', value, unit: 'mg/dL', observedAt: new Date(now - 30_000).toISOString(), lotNumber: 'GL-1', deviceId: 'M1' }, ma);
  /** control id -> OBX-5 value and OBX-11 status of every message in pending/. */
  const queued = () =>
    readdirSync(join(outboxDir, 'pending'))
      .filter((f) => f.endsWith('.hl7'))
      .sort()
      .map((f) => {
        const segs = readFileSync(join(outboxDir, 'pending', f), 'utf8').split('\r');
        const obx = segs.find((x) => x.startsWith('OBX'))!.split('|');
        return { controlId: segs[0]!.split('|')[9], value: obx[5], status: obx[11], pid: segs.find((x) => x.startsWith('PID'))!.split('|')[3] };
      });
  const exportsRows = () => s.db.prepare('SELECT e.control_id AS controlId, q.state FROM poc_exports e LEFT JOIN poc_export_outbox q ON q.export_id = e.id ORDER BY e.id').all();
  return { s, svc, service, a, b, enter, queued, exportsRows, outbox, outboxDir, tick: (ms: number) => (now += ms) };
}

describe('POC export to the EMR', () => {
  it('a result exported while no EMR link was configured is sent once a link exists, and only once', () => {
    const { s, svc, service, a, enter, queued } = setup();
    const r = enter(a.id, '1950-01-01', '110');
    const offline = new PocService({ store: s, patientById: (id) => new Patients(s).get(id), outbox: null });
    expect(offline.exportHl7(r.id, ma).queued).toBe(false);
    expect(() => offline.exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-already-exported' }));
    expect(queued()).toEqual([]);
    // The station now has its EMR link: the result can be sent, once.
    const linked = service();
    expect(linked.exportHl7(r.id, ma).queued).toBe(true);
    expect(queued()).toHaveLength(1);
    expect(() => linked.exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-already-exported' }));
    expect(svc.getResult(r.id).exported).toMatchObject({ toEmr: true });
  });

  it('refuses an older version of a corrected result (typed error): the wrong value is never sent as final after its correction', () => {
    const { svc, a, enter, queued, tick } = setup();
    const v1 = enter(a.id, '1950-01-01', '45');
    svc.exportHl7(v1.id, ma);
    tick(1000);
    const v2 = svc.correctResult({ resultId: v1.id, value: '145', unit: 'mg/dL', reason: 'transcription-error' }, ma);
    svc.exportHl7(v2.id, ma);
    tick(1000);
    expect(() => svc.exportHl7(v1.id, ma)).toThrow(expect.objectContaining({ code: 'poc-superseded' }));
    expect(queued().map((m) => [m.value, m.status])).toEqual([
      ['45', 'F'],
      ['145', 'C'],
    ]);
  });

  it('a version already exported is not exported again (typed error naming when it was sent); a correction still goes', () => {
    const { svc, a, enter, queued, exportsRows, tick } = setup();
    const v1 = enter(a.id, '1950-01-01', '45');
    expect(svc.getResult(v1.id).exported).toBeNull();
    const x = svc.exportHl7(v1.id, ma);
    const sentAt = svc.getResult(v1.id).exported;
    expect(sentAt).toEqual({ controlId: x.controlId, atUtc: expect.any(String), toEmr: true, delivery: 'waiting' });
    expect(svc.resultsForPatient(a.id)[0]!.exported).toEqual(sentAt);
    tick(1000);
    // A double-click, a second window or a retry: a repeat would reach the EMR under a new control id.
    let err: unknown;
    try {
      svc.exportHl7(v1.id, ma);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'poc-already-exported', message: expect.stringMatching(/already sent to the EMR .*POC00000001.*correct/i) });
    expect(queued().map((m) => m.controlId)).toEqual(['POC00000001']);
    expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: 'queued' }]);
    // The way to change a sent result: a correction, exported as its own message (status C).
    const v2 = svc.correctResult({ resultId: v1.id, value: '145', unit: 'mg/dL', reason: 'transcription-error' }, ma);
    expect(v2.exported).toBeNull();
    svc.exportHl7(v2.id, ma);
    expect(() => svc.exportHl7(v2.id, ma)).toThrow(expect.objectContaining({ code: 'poc-already-exported' }));
    expect(queued().map((m) => [m.controlId, m.value, m.status])).toEqual([
      ['POC00000001', '45', 'F'],
      ['POC00000002', '145', 'C'],
    ]);
  });

  it('an export not queued yet is not exported again either: recovery queues the one message', () => {
    const { service, a, enter, queued, exportsRows } = setup();
    const r = enter(a.id, '1950-01-01', '45');
    const broken = failingOutbox(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    expect(() => service(broken).exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    expect(() => service().exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-already-exported' }));
    expect(queued().map((m) => m.controlId)).toEqual(['POC00000001']); // queued by the recovery that runs before every export
    expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: 'queued' }]);
  });

  it('a failure before the commit leaves nothing in the outbox, and the next export gets its own control id', () => {
    const { s, svc, a, b, enter, queued, exportsRows, tick } = setup();
    const ra = enter(a.id, '1950-01-01', '45');
    const rb = enter(b.id, '2000-01-01', '99');
    const append = s.audit.append.bind(s.audit);
    let fail = true;
    s.audit.append = (e) => {
      if (fail && e.verb === 'export') {
        fail = false;
        throw new Error('SQLITE_BUSY (injected)');
      }
      return append(e);
    };
    expect(() => svc.exportHl7(ra.id, ma)).toThrow(/injected/);
    expect(queued()).toEqual([]); // the MA was told it failed: nothing goes to the EMR
    tick(1000);
    const xb = svc.exportHl7(rb.id, ma);
    const xa = svc.exportHl7(ra.id, ma);
    expect(xb.controlId).not.toBe(xa.controlId);
    expect(queued().map((m) => [m.controlId, m.pid?.split('^')[0]])).toEqual([
      [xb.controlId, 'BBB-2'],
      [xa.controlId, 'AAA-1'],
    ]);
    expect(exportsRows()).toEqual([
      { controlId: xb.controlId, state: 'queued' },
      { controlId: xa.controlId, state: 'queued' },
    ]);
  });

  it('an export committed but not written to the outbox (disk full, or the station stopped) is queued again on restart, once', () => {
    const { service, a, enter, queued, exportsRows } = setup();
    const r = enter(a.id, '1950-01-01', '45');
    const broken = failingOutbox(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    expect(() => service(broken).exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: null }]); // committed, says it is not queued yet
    expect(queued()).toEqual([]);
    // Restart: the service recovers what was committed.
    expect(service().recoverExports()).toEqual({ queued: 1, withdrawn: 0 });
    expect(service().recoverExports()).toEqual({ queued: 0, withdrawn: 0 });
    expect(queued().map((m) => [m.controlId, m.value, m.status])).toEqual([['POC00000001', '45', 'F']]);
    expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: 'queued' }]);
  });

  it('the outbox file written but the export not yet marked queued: recovery marks it, never a second copy', () => {
    const { svc, a, enter, queued, exportsRows, s } = setup();
    const r = enter(a.id, '1950-01-01', '45');
    const x = svc.exportHl7(r.id, ma);
    // As if the station stopped between writing the file and recording it as queued.
    s.db.exec('DROP TRIGGER poc_export_outbox_no_delete');
    s.db.exec('DELETE FROM poc_export_outbox');
    expect(svc.recoverExports()).toEqual({ queued: 1, withdrawn: 0 });
    expect(queued().map((m) => m.controlId)).toEqual([x.controlId]);
    expect(exportsRows()).toEqual([{ controlId: x.controlId, state: 'queued' }]);
  });

  it('an export not queued yet when its result is corrected is withdrawn (audited), never sent after the correction', () => {
    const { svc, service, a, enter, queued, exportsRows, s, tick } = setup();
    const v1 = enter(a.id, '1950-01-01', '45');
    const broken = failingOutbox(new Error('EIO (injected)'));
    expect(() => service(broken).exportHl7(v1.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    tick(1000);
    const v2 = svc.correctResult({ resultId: v1.id, value: '145', unit: 'mg/dL', reason: 'transcription-error' }, ma);
    svc.exportHl7(v2.id, ma);
    expect(queued().map((m) => [m.value, m.status])).toEqual([['145', 'C']]);
    expect(exportsRows()).toEqual([
      { controlId: 'POC00000001', state: 'withdrawn' },
      { controlId: 'POC00000002', state: 'queued' },
    ]);
    expect(s.db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'export-withdrawn'").pluck().get()).toBe(1);
  });

  /** Makes recording the next export's `queued` state fail once, as a CLI holding the database (SQLITE_BUSY) or a full disk would. */
  function failQueuedInsertOnce(s: Store): void {
    const prepare = s.db.prepare.bind(s.db);
    let fail = true;
    (s.db as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      if (fail && sql.includes("'queued'")) {
        fail = false;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return prepare(sql);
    };
  }

  it.each(['still pending', 'already ACKed by the EMR'])(
    'the message is in the outbox but recording it as queued failed (%s): the MA is told it is queued, and a correction never marks it withdrawn',
    async (where) => {
      const { s, svc, a, enter, queued, exportsRows, outboxDir, tick } = setup();
      const v1 = enter(a.id, '1950-01-01', '45');
      failQueuedInsertOnce(s);
      // The message went to the outbox: "not queued, do not send it again" would be untrue.
      expect(svc.exportHl7(v1.id, ma)).toMatchObject({ controlId: 'POC00000001', queued: true });
      expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: null }]);
      const emrGot: string[] = [];
      if (where === 'already ACKed by the EMR') {
        const emr = new Hl7Outbox(outboxDir, async (m, c) => (emrGot.push(m.split('\r').find((x) => x.startsWith('OBX'))!.split('|')[5]!), { code: 'AA', controlId: c, text: '' }));
        expect(await emr.flush(Number.MAX_SAFE_INTEGER)).toMatchObject({ sent: [expect.stringContaining('POC00000001')] });
      }
      tick(5000);
      const v2 = svc.correctResult({ resultId: v1.id, value: '145', unit: 'mg/dL', reason: 'transcription-error' }, ma);
      svc.exportHl7(v2.id, ma);
      // The database says what happened: both went (or go) to the EMR, in order, F then C.
      expect(exportsRows()).toEqual([
        { controlId: 'POC00000001', state: 'queued' },
        { controlId: 'POC00000002', state: 'queued' },
      ]);
      expect(s.db.prepare("SELECT COUNT(*) FROM audit_log WHERE verb = 'export-withdrawn'").pluck().get()).toBe(0);
      const all = [...emrGot.map((v) => [v, 'F']), ...queued().map((m) => [m.value, m.status])];
      expect(all).toEqual([
        ['45', 'F'],
        ['145', 'C'],
      ]);
    },
  );

  it("the export audit entry does not claim the message was queued: it says whether it is for the EMR link", () => {
    const { s, service, a, enter } = setup();
    const r = enter(a.id, '1950-01-01', '45');
    const broken = failingOutbox(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    expect(() => service(broken).exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    const details = JSON.parse(s.db.prepare("SELECT details FROM audit_log WHERE verb = 'export'").pluck().get() as string) as Record<string, unknown>;
    expect(details).toEqual({ controlId: 'POC00000001', status: 'F', emrLink: true });
  });

  it('an export left unqueued after an earlier recovery is still found by the next one (recovery reads only unsettled exports)', () => {
    const { svc, service, a, b, enter, queued, exportsRows } = setup();
    const ra = enter(a.id, '1950-01-01', '45');
    const rb = enter(b.id, '2000-01-01', '99');
    svc.exportHl7(ra.id, ma);
    expect(svc.recoverExports()).toEqual({ queued: 0, withdrawn: 0 });
    const broken = failingOutbox(new Error('EIO (injected)'));
    expect(() => service(broken).exportHl7(rb.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    expect(svc.recoverExports()).toEqual({ queued: 1, withdrawn: 0 });
    expect(svc.recoverExports()).toEqual({ queued: 0, withdrawn: 0 });
    expect(queued().map((m) => m.controlId)).toEqual(['POC00000001', 'POC00000002']);
    expect(exportsRows()).toEqual([
      { controlId: 'POC00000001', state: 'queued' },
      { controlId: 'POC00000002', state: 'queued' },
    ]);
  });

  it('each exported result says truthfully where its message is: waiting until the EMR acknowledges it, then sent; refused and set-aside apart', async () => {
    const { s, svc, a, b, enter, outboxDir, tick } = setup();
    const offline = new PocService({ store: s, patientById: (id) => new Patients(s).get(id), outbox: null });
    const built = enter(b.id, '2000-01-01', '100');
    offline.exportHl7(built.id, ma);
    expect(svc.getResult(built.id).exported).toMatchObject({ toEmr: false, delivery: 'no-link' });
    const r1 = enter(a.id, '1950-01-01', '110');
    svc.exportHl7(r1.id, ma);
    tick(1000);
    const r2 = enter(a.id, '1950-01-01', '120');
    svc.exportHl7(r2.id, ma);
    // Queued, the EMR unreachable: waiting, not sent (the old table said "To the EMR" here).
    const emrDown = new Hl7Outbox(outboxDir, async () => Promise.reject(new StationError('mllp-connect', 'refused')));
    await emrDown.flush(at(10, 0));
    expect(svc.resultsForPatient(a.id).map((r) => r.exported?.delivery)).toEqual(['waiting', 'waiting']);
    // The EMR acknowledges the first (AA) and refuses the second (AE).
    const emr = new Hl7Outbox(outboxDir, async (_m, controlId) => ({ code: controlId === svc.getResult(r1.id).exported!.controlId ? 'AA' : 'AE', controlId, text: '' }), { baseMs: 0, maxMs: 0 });
    await emr.flush(at(11, 0));
    expect(svc.getResult(r1.id).exported).toMatchObject({ toEmr: true, delivery: 'sent' });
    expect(svc.getResult(r2.id).exported).toMatchObject({ toEmr: true, delivery: 'refused' });
    // One whose state file became unreadable is set aside (quarantine/), never called sent.
    const r3 = enter(a.id, '1950-01-01', '130');
    const x3 = svc.exportHl7(r3.id, ma);
    const pending = join(outboxDir, 'pending');
    const state = readdirSync(pending).find((f) => f.endsWith(`-${x3.controlId}.json`))!;
    writeFileSync(join(pending, state), '{not json');
    await emr.flush(at(12, 0));
    expect(svc.getResult(r3.id).exported).toMatchObject({ delivery: 'set-aside' });
  });

  it('file mode: a message written to the EMR pick-up folder is handed-off (nobody confirmed it), never sent; only an MLLP AA/CA is sent', async () => {
    const { svc, service, a, enter, outboxDir, tick } = setup();
    // As startEmrLink builds it without an MLLP host: the station writes the file and records its own "AA".
    const folderBox = new Hl7Outbox(outboxDir, (m, c) => deliverToOutboundFolder(join(outboxDir, 'outbound'), m, c), undefined, undefined, 'folder');
    const inFolder = service(folderBox);
    const r1 = enter(a.id, '1950-01-01', '110');
    inFolder.exportHl7(r1.id, ma);
    expect(inFolder.getResult(r1.id).exported).toMatchObject({ delivery: 'waiting' });
    expect(await folderBox.flush(at(10, 0))).toMatchObject({ sent: [expect.stringContaining('-POC00000001')] });
    expect(readdirSync(join(outboxDir, 'outbound'))).toEqual(['POC00000001.hl7']);
    expect(inFolder.getResult(r1.id).exported).toMatchObject({ toEmr: true, delivery: 'handed-off' });
    expect(folderBox.status().mode).toBe('folder');
    // Each move records its mode: read through an MLLP outbox (the station switched later) it is still not "sent".
    expect(svc.getResult(r1.id).exported).toMatchObject({ delivery: 'handed-off' });
    tick(1000);
    const r2 = enter(a.id, '1950-01-01', '120');
    svc.exportHl7(r2.id, ma);
    const emr = new Hl7Outbox(outboxDir, async (_m, controlId) => ({ code: 'CA', controlId, text: '' }));
    expect(emr.status().mode).toBe('mllp');
    await emr.flush(at(11, 0));
    expect(svc.getResult(r2.id).exported).toMatchObject({ delivery: 'sent' });
    expect(inFolder.resultsForPatient(a.id).map((r) => r.exported?.delivery)).toEqual(['sent', 'handed-off']);
    // Moved before modes were recorded (an older station in file mode): the outbox's own mode decides.
    const decision = readdirSync(join(outboxDir, 'sent')).find((f) => /^\d{15}-POC00000001\.json$/.test(f))!;
    writeFileSync(join(outboxDir, 'sent', decision), JSON.stringify({ ack: { code: 'AA', controlId: 'POC00000001', text: 'written to the outbound folder' } }));
    expect(inFolder.getResult(r1.id).exported).toMatchObject({ delivery: 'handed-off' });
  });

  it('an export committed but not in the outbox is counted for the EMR status with the error that kept it out, also when the flush hook fails; cleared once queued', async () => {
    const { s, svc, a, b, enter, outbox, exportsRows } = setup();
    outbox.beforeFlush(() => svc.recoverExports());
    const enqueue = outbox.enqueue.bind(outbox);
    const failWith = (code: string) => {
      outbox.enqueue = () => {
        throw Object.assign(new Error(`${code} (injected)`), { code });
      };
    };
    expect(svc.exportQueueStatus()).toEqual({ notQueued: 0, queueError: null });
    const r = enter(a.id, '1950-01-01', '45');
    failWith('EACCES');
    expect(() => svc.exportHl7(r.id, ma)).toThrow(expect.objectContaining({ code: 'poc-export-not-queued' }));
    // The row says waiting, and so does the status: one committed, not queued, and why.
    expect(svc.getResult(r.id).exported).toMatchObject({ delivery: 'waiting' });
    expect(outbox.status()).toMatchObject({ pending: 0, lastFlushError: null });
    expect(svc.exportQueueStatus()).toEqual({ notQueued: 1, queueError: 'EACCES' });
    // The periodic flush's hook tries again and fails (it used to be swallowed): the flush goes on, the error is kept.
    failWith('ENOSPC');
    await expect(outbox.flush(at(10, 0))).resolves.toMatchObject({ sent: [] });
    expect(svc.exportQueueStatus()).toEqual({ notQueued: 1, queueError: 'ENOSPC' });
    outbox.enqueue = enqueue;
    await outbox.flush(at(10, 1));
    expect(svc.exportQueueStatus()).toEqual({ notQueued: 0, queueError: null });
    expect(outbox.status().pending).toBe(1);
    expect(exportsRows()).toEqual([{ controlId: 'POC00000001', state: 'queued' }]);
    // In the outbox but its `queued` state not recorded yet: pending there, not counted twice.
    const rb = enter(b.id, '2000-01-01', '99');
    failQueuedInsertOnce(s);
    expect(svc.exportHl7(rb.id, ma)).toMatchObject({ queued: true });
    expect(exportsRows()).toEqual([
      { controlId: 'POC00000001', state: 'queued' },
      { controlId: 'POC00000002', state: null },
    ]);
    expect(outbox.status().pending).toBe(2);
    expect(svc.exportQueueStatus()).toEqual({ notQueued: 0, queueError: null });
  });
});
