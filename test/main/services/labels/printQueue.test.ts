import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mod37_2CheckChar, parseAccession, previewAccession } from '../../../../common/labels/accession.ts';
import { LabelError } from '../../../../common/labels/errors.ts';
import { AccessionAllocator } from '../../../../main/services/labels/accessions.ts';
import { WITHDRAWN_REPRINTABLE_MS, PrintQueue, PrintQueueError } from '../../../../main/services/labels/printQueue.ts';
import { openStore, type Store } from '../../../../main/storage/store.ts';

describe('persistent print queue and accession allocator (real SQLite file)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'labels-'));
    store = openStore({ dataDir: dir });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const job = (jobId: string, accession: string) => ({ jobId, printer: 'tcp:127.0.0.1:9100', accession, patientId: '1234567', zpl: `^XA^FD${accession}^FS^XZ\n` });
  const verbs = () => store.db.prepare("SELECT verb || ':' || outcome FROM audit_log ORDER BY seq").pluck().all();

  it('issues increasing, valid, never-reused accession numbers across reopen', () => {
    const a1 = new AccessionAllocator(store, 'ST').allocate();
    const a2 = new AccessionAllocator(store, 'ST').allocate();
    store.close();
    store = openStore({ dataDir: dir });
    const a3 = new AccessionAllocator(store, 'ST').allocate();
    expect([a1, a2, a3].map((a) => parseAccession(a).sequence)).toEqual([1, 2, 3]);
    expect(() => store.db.prepare('DELETE FROM label_accessions').run()).toThrow(/never released/);
  });

  it('skips numbers already used by supplied accessions, and refuses a supplied one with a bad check character', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    expect(parseAccession(alloc.allocate()).sequence).toBe(1);
    const supplied = 'ST00000002' + mod37_2CheckChar('ST00000002');
    queue.enqueue(job('supplied', supplied));
    expect(parseAccession(alloc.allocate()).sequence).toBe(3);
    const wrong = 'ST00000009' + (mod37_2CheckChar('ST00000009') === 'A' ? 'B' : 'A');
    expect(() => queue.enqueue(job('bad', wrong))).toThrow(/check character/);
  });

  it('is idempotent on job id, refuses a second original for an accession, and audits', () => {
    const queue = new PrintQueue(store);
    const acc = new AccessionAllocator(store, 'ST').allocate();
    const a = queue.enqueue(job('job-1', acc));
    const again = queue.enqueue(job('job-1', acc));
    expect(again).toEqual(a);
    expect(() => queue.enqueue({ ...job('job-1', acc), printer: 'tcp:other:9100' })).toThrow(PrintQueueError);
    expect(() => queue.enqueue(job('job-2', acc))).toThrow(/reprint it with a reason/);
    // The refused reuse of job-1 is on record; the job itself is unchanged.
    expect(verbs()).toEqual(['accession-issue:success', 'label-queue:success', 'label-queue:failure']);
    expect(queue.get('job-1')).toEqual(a);
  });

  it('refuses a reused job id for another label (another patient) and audits the refusal', () => {
    const queue = new PrintQueue(store);
    const acc = new AccessionAllocator(store, 'ST').allocate();
    const a = queue.enqueue(job('job-1', acc));
    const otherPatient = { ...job('job-1', acc), patientId: '7654321', zpl: `^XA^FDROE^FS^FD${acc}^FS^XZ\n` };
    expect(() => queue.enqueue(otherPatient)).toThrow(expect.objectContaining({ code: 'print-queue-job-conflict' }));
    expect(queue.get('job-1')).toEqual(a);
    const refused = store.db.prepare("SELECT reason, patient_id FROM audit_log WHERE verb = 'label-queue' AND outcome = 'failure'").get();
    expect(refused).toEqual({ reason: 'job-conflict', patient_id: '7654321' });
  });

  it('refuses the preview accession (sequence 0) on enqueue, recording nothing', () => {
    const queue = new PrintQueue(store);
    expect(() => queue.enqueue(job('job-1', previewAccession('ST')))).toThrow(LabelError);
    expect(queue.get('job-1')).toBeUndefined();
    expect(store.db.prepare('SELECT COUNT(*) FROM label_accessions').pluck().get()).toBe(0);
  });

  it('finds the queued original job of the same label, only while it waits and only for its printer', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    const a1 = alloc.allocate();
    queue.enqueue(job('other', a1));
    const a2 = alloc.allocate();
    queue.enqueue({ ...job('job-1', a2), zpl: `^XA^FDDOE^FS^FD${a2}^FS^XZ\n` });
    const doe = (accession: string) => `^XA^FDDOE^FS^FD${accession}^FS^XZ\n`;
    expect(queue.findWaitingTwin('tcp:127.0.0.1:9100', doe)?.jobId).toBe('job-1');
    expect(queue.findWaitingTwin('tcp:127.0.0.1:9101', doe)).toBeUndefined();
    expect(queue.findWaitingTwin('tcp:127.0.0.1:9100', (acc) => `^XA^FDROE^FS^FD${acc}^FS^XZ\n`)).toBeUndefined();
    queue.claim('job-1');
    expect(queue.findWaitingTwin('tcp:127.0.0.1:9100', doe)).toBeUndefined();
  });

  it('notes a printer fault on every job waiting for that printer, not only the oldest', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    queue.enqueue(job('job-1', alloc.allocate()));
    queue.enqueue(job('job-2', alloc.allocate()));
    queue.enqueue({ ...job('elsewhere', alloc.allocate()), printer: 'tcp:127.0.0.1:9101' });
    queue.notePrinterWaiting('tcp:127.0.0.1:9100', 'paper-out,paused');
    expect(['job-1', 'job-2', 'elsewhere'].map((id) => queue.get(id)?.lastFault)).toEqual(['paper-out,paused', 'paper-out,paused', null]);
  });

  it('moves queued -> sending -> printed once; a printed job never changes and is not sent again', () => {
    const queue = new PrintQueue(store);
    const acc = new AccessionAllocator(store, 'ST').allocate();
    queue.enqueue(job('job-1', acc));
    expect(queue.claim('job-1')).toBe(true);
    expect(queue.claim('job-1')).toBe(false);
    expect(queue.markPrinted('job-1').state).toBe('printed');
    expect(queue.nextQueued('tcp:127.0.0.1:9100')).toBeUndefined();
    expect(() => store.db.prepare("UPDATE print_jobs SET state = 'queued' WHERE job_id = 'job-1'").run()).toThrow(/never changes/);
    expect(verbs()).toContain('print:success');
  });

  it('reprints only with a reason code and only printed/uncertain jobs', () => {
    const queue = new PrintQueue(store);
    const acc = new AccessionAllocator(store, 'ST').allocate();
    queue.enqueue(job('job-1', acc));
    expect(() => queue.reprint({ jobId: 'r1', originalJobId: 'job-1', reason: 'damaged' })).toThrow(/only a printed, uncertain or withdrawn job/);
    queue.claim('job-1');
    queue.markPrinted('job-1');
    const r = queue.reprint({ jobId: 'r1', originalJobId: 'job-1', reason: 'damaged' });
    expect(r).toMatchObject({ kind: 'reprint', reprintOf: 'job-1', reprintReason: 'damaged', state: 'queued', accession: acc });
    expect(queue.reprint({ jobId: 'r1', originalJobId: 'job-1', reason: 'damaged' })).toEqual(r);
    expect(() => store.db.prepare("INSERT INTO print_jobs (job_id, printer, accession, kind, reprint_of, zpl, state, created_at_utc, updated_at_utc) VALUES ('r2', 'p', ?, 'reprint', 'job-1', 'z', 'queued', 't', 't')").run(acc)).toThrow(/CHECK/);
    const reason = store.db.prepare("SELECT reason FROM audit_log WHERE verb = 'label-reprint'").pluck().get();
    expect(reason).toBe('damaged');
  });

  it('marks jobs left mid-send as uncertain at restart instead of resending them', () => {
    const queue = new PrintQueue(store);
    const acc = new AccessionAllocator(store, 'ST').allocate();
    queue.enqueue(job('job-1', acc));
    queue.claim('job-1');
    store.close();
    store = openStore({ dataDir: dir });
    const q2 = new PrintQueue(store);
    expect(q2.recoverInterrupted().map((j) => [j.jobId, j.state, j.lastFault])).toEqual([['job-1', 'uncertain', 'interrupted']]);
    expect(q2.nextQueued('tcp:127.0.0.1:9100')).toBeUndefined();
  });

  it('records who cancelled a waiting job and why; a job no longer queued is not cancellable', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    queue.enqueue({ ...job('ui-1', alloc.allocate()), owner: { sessionId: 'window-1', operatorId: 'mary' }, operator: { id: 'mary', role: 'ma' } });
    queue.enqueue(job('ui-2', alloc.allocate()));
    expect(queue.cancel('ui-1', { operator: { id: 'mary', role: 'ma' } })).toMatchObject({ state: 'cancelled', lastFault: 'cancelled:operator' });
    const audit = store.db.prepare("SELECT operator_id, reason, details FROM audit_log WHERE verb = 'label-cancel'").get() as { operator_id: string; reason: string; details: string };
    expect(audit).toMatchObject({ operator_id: 'mary', reason: 'operator' });
    expect(JSON.parse(audit.details)).toMatchObject({ askedBy: 'mary' });
    expect(() => queue.cancel('ui-1')).toThrow(expect.objectContaining({ code: 'print-queue-not-cancellable' }));
    queue.claim('ui-2');
    expect(() => queue.cancel('ui-2')).toThrow(expect.objectContaining({ code: 'print-queue-not-cancellable' }));
  });

  it('skips held jobs (their operator is away): later jobs come first, a printer with only held jobs has nothing to send', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    const mary = { sessionId: 'window-1', operatorId: 'mary' };
    queue.enqueue({ ...job('ui-mary', alloc.allocate()), owner: mary, operator: { id: 'mary', role: 'ma' } });
    queue.enqueue({ ...job('ui-paula', alloc.allocate()), owner: { sessionId: 'window-2', operatorId: 'paula' }, operator: { id: 'paula', role: 'provider' } });
    const maryAway = (o: { sessionId: string }) => o.sessionId === mary.sessionId;
    expect(queue.nextQueued('tcp:127.0.0.1:9100')?.jobId).toBe('ui-mary');
    expect(queue.nextQueued('tcp:127.0.0.1:9100', maryAway)?.jobId).toBe('ui-paula');
    queue.cancel('ui-paula');
    expect(queue.nextQueued('tcp:127.0.0.1:9100', maryAway)).toBeUndefined();
    expect(queue.printersWithQueuedJobs(maryAway)).toEqual([]);
    expect(queue.printersWithQueuedJobs()).toEqual(['tcp:127.0.0.1:9100']);
    // A CLI job has no owner: never held.
    queue.enqueue(job('cli-1', alloc.allocate()));
    expect(queue.nextQueued('tcp:127.0.0.1:9100', () => true)?.jobId).toBe('cli-1');
  });

  it('at restart withdraws the UI jobs left queued (never sent, audited) and keeps the CLI jobs queued for --job-id', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    queue.enqueue({ ...job('ui-1', alloc.allocate()), owner: { sessionId: 'window-1', operatorId: 'mary' }, operator: { id: 'mary', role: 'ma' } });
    queue.enqueue(job('cli-1', alloc.allocate()));
    store.close();
    store = openStore({ dataDir: dir });
    const q2 = new PrintQueue(store);
    expect(q2.withdrawAtStart().map((j) => [j.jobId, j.state, j.lastFault])).toEqual([['ui-1', 'cancelled', 'cancelled:station-restarted']]);
    expect(q2.nextQueued('tcp:127.0.0.1:9100')?.jobId).toBe('cli-1');
    expect(q2.get('cli-1')).toMatchObject({ state: 'queued', owner: null });
    const audit = store.db.prepare("SELECT operator_id, reason, patient_id, object_id FROM audit_log WHERE verb = 'label-cancel'").all();
    expect(audit).toEqual([{ operator_id: null, reason: 'station-restarted', patient_id: '1234567', object_id: 'ui-1' }]);
  });

  it('withdraws only the waiting UI jobs whose session (or its operator) is gone', () => {
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    queue.enqueue({ ...job('mine', alloc.allocate()), owner: { sessionId: 'window-1', operatorId: 'mary' } });
    queue.enqueue({ ...job('gone', alloc.allocate()), owner: { sessionId: 'window-2', operatorId: 'mary' } });
    queue.enqueue({ ...job('replaced', alloc.allocate()), owner: { sessionId: 'window-1', operatorId: 'paula' } });
    queue.enqueue(job('cli', alloc.allocate()));
    const live = new Map([['window-1', 'mary']]);
    const withdrawn = queue.withdrawOrphaned((o) => live.get(o.sessionId) === o.operatorId, 'session-ended');
    expect(withdrawn.map((j) => j.jobId).sort()).toEqual(['gone', 'replaced']);
    expect(queue.queuedByOperator('mary').map((j) => j.jobId)).toEqual(['mine']);
    expect(queue.get('cli')?.state).toBe('queued');
  });

  it("lists a patient's labels the station withdrew since a time (not those an operator cancelled, nor another patient's), until one is asked for again, once", () => {
    let nowMs = Date.parse('2026-03-02T08:00:00Z');
    store.close();
    store = openStore({ dataDir: dir, clockMs: () => nowMs });
    const queue = new PrintQueue(store);
    const alloc = new AccessionAllocator(store, 'ST');
    const ui = (jobId: string, patientId = '1234567') => queue.enqueue({ ...job(jobId, alloc.allocate()), patientId, owner: { sessionId: 'window-1', operatorId: 'mary' } });
    ui('old');
    queue.cancel('old', { reason: 'session-ended' });
    nowMs += 60 * 60_000;
    const since = new Date(nowMs).toISOString();
    ui('closed');
    ui('mine');
    ui('other-patient', '7654321');
    queue.cancel('mine', { reason: 'operator', operator: { id: 'mary', role: 'ma' } });
    queue.withdrawOrphaned(() => false, 'session-ended');
    nowMs += 60_000;
    ui('restarted');
    queue.withdrawAtStart();
    expect(queue.withdrawnForPatient('1234567', since).map((j) => [j.jobId, j.lastFault])).toEqual([
      ['restarted', 'cancelled:station-restarted'],
      ['closed', 'cancelled:session-ended'],
    ]);

    // Asked for again: a reprint of the same label (never sent, so the tube has none), once.
    const again = queue.reprint({ jobId: 'again-1', originalJobId: 'closed', reason: 'interrupted', owner: { sessionId: 'window-2', operatorId: 'mary' } });
    expect(again).toMatchObject({ state: 'queued', kind: 'reprint', accession: queue.get('closed')!.accession, zpl: queue.get('closed')!.zpl });
    expect(() => queue.reprint({ jobId: 'again-2', originalJobId: 'closed', reason: 'interrupted' })).toThrow(expect.objectContaining({ code: 'print-queue-not-reprintable' }));
    expect(queue.withdrawnForPatient('1234567', since).map((j) => j.jobId)).toEqual(['restarted']);
    // A label the operator cancelled herself is not reprinted.
    expect(() => queue.reprint({ jobId: 'again-3', originalJobId: 'mine', reason: 'interrupted' })).toThrow(expect.objectContaining({ code: 'print-queue-not-reprintable' }));
    // The reprint withdrawn in its turn is listed (itself, not twice).
    queue.withdrawOrphaned(() => false, 'session-ended');
    expect(queue.withdrawnForPatient('1234567', since).map((j) => j.jobId)).toEqual(['again-1', 'restarted']);
    expect(queue.queuedCountForSession('window-1')).toBe(0);
    // A clinic day later the label (with its original collection time) is no longer printed again.
    nowMs += WITHDRAWN_REPRINTABLE_MS;
    expect(() => queue.reprint({ jobId: 'again-4', originalJobId: 'restarted', reason: 'interrupted' })).toThrow(/too old to print again/);
    expect(queue.get('again-4')).toBeUndefined();
  });
});
