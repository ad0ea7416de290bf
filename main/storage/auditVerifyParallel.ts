import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../io/moduleWorker.ts';
import type { SidecarRead } from './auditSidecar.ts';
import { chunkCount, chunkRange, newestSeq, verdict, verifyLinks, VERIFY_CHUNK_ROWS, type LinkFault, type VerifyResult } from './auditVerify.ts';
import Database from 'better-sqlite3';
import { databaseFileError, openReadonly, StorageError, type ReadableDb, type ReadonlyDb } from './db.ts';

/**
 * What the verifying threads share: `next` is the index of the next unclaimed chunk (claimed with
 * Atomics.add, so threads that start late or run slower simply take fewer chunks); per chunk,
 * `state` is 0 = not done, 1 = intact, 2 = sequence gap, 3 = hash mismatch, and `faultSeq` the
 * broken link's seq.
 */
export interface VerifyShared {
  readonly dbPath: string;
  readonly headSeq: number;
  readonly chunkRows: number;
  readonly next: Int32Array;
  readonly state: Int32Array;
  readonly faultSeq: Float64Array;
}

export interface VerifyWorkerData {
  readonly dbPath: string;
  readonly headSeq: number;
  readonly chunkRows: number;
  readonly buffers: { readonly next: SharedArrayBuffer; readonly state: SharedArrayBuffer; readonly faultSeq: SharedArrayBuffer };
}

const STATE_OK = 1;
const STATE_GAP = 2;
const STATE_MISMATCH = 3;
export interface ParallelVerifyOptions {
  /** Threads in all, the calling one included (default: the cores available). */
  readonly threads?: number;
  /** Rows per claimed chunk (default VERIFY_CHUNK_ROWS). */
  readonly chunkRows?: number;
  /**
   * Below this many entries no worker is started (default 200,000): a worker's start-up, loading
   * the TypeScript sources, costs ~0.4 s of CPU, more than it saves on a small log.
   */
  readonly minEntriesForWorkers?: number;
}

export const sharedFromWorkerData = (d: VerifyWorkerData): VerifyShared => ({
  dbPath: d.dbPath,
  headSeq: d.headSeq,
  chunkRows: d.chunkRows,
  next: new Int32Array(d.buffers.next),
  state: new Int32Array(d.buffers.state),
  faultSeq: new Float64Array(d.buffers.faultSeq),
});

function checkChunk(db: ReadableDb, shared: VerifyShared, i: number): void {
  const [from, to] = chunkRange(i, shared.headSeq, shared.chunkRows);
  const fault = verifyLinks(db, from, to);
  if (fault !== null) shared.faultSeq[i] = fault.seq;
  Atomics.store(shared.state, i, fault === null ? STATE_OK : fault.reason === 'sequence-gap' ? STATE_GAP : STATE_MISMATCH);
}

/** Claims and checks chunks on the calling thread until none are left (each thread opens its own connection). */
export function verifyClaimedChunks(shared: VerifyShared): void {
  const db = openReadonly(shared.dbPath);
  try {
    const total = chunkCount(shared.headSeq, shared.chunkRows);
    for (let i = Atomics.add(shared.next, 0, 1); i < total; i = Atomics.add(shared.next, 0, 1)) checkChunk(db, shared, i);
  } finally {
    db.close();
  }
}

function waitForExit(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    // A worker that fails leaves its chunk unmarked; the calling thread re-checks unmarked chunks.
    worker.once('error', () => undefined);
  });
}

/**
 * verifyAuditLog spread over threads: the calling thread and up to (cores - 1) workers claim
 * chunks of the chain from a shared counter. Same result as the single-threaded walk, because
 * each link is checked from stored rows only and the lowest broken link is reported.
 */
export async function verifyAuditLogParallel(dbPath: string, sidecar: SidecarRead, options: ParallelVerifyOptions = {}): Promise<VerifyResult> {
  const { threads = availableParallelism(), chunkRows = VERIFY_CHUNK_ROWS, minEntriesForWorkers = 200_000 } = options;
  const db = openAuditLog(dbPath);
  try {
    const headSeq = newestSeq(db);
    const total = chunkCount(headSeq, chunkRows);
    const buffers = {
      next: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
      state: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * total),
      faultSeq: new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * total),
    };
    const workerData: VerifyWorkerData = { dbPath, headSeq, chunkRows, buffers };
    const workerCount = headSeq >= minEntriesForWorkers ? Math.max(0, Math.min(threads, total) - 1) : 0;
    const workers = Array.from({ length: workerCount }, () => startModuleWorker(new URL('./auditVerifyWorker.ts', import.meta.url), { workerData }));
    const exited = workers.map(waitForExit);
    const shared = sharedFromWorkerData(workerData);
    verifyClaimedChunks(shared);
    await Promise.all(exited);
    let firstFault: LinkFault | null = null;
    for (let i = 0; i < total && firstFault === null; i++) {
      if (Atomics.load(shared.state, i) === 0) checkChunk(db, shared, i); // claimed by a worker that died before finishing it
      const state = Atomics.load(shared.state, i);
      if (state !== STATE_OK) firstFault = { seq: shared.faultSeq[i]!, reason: state === STATE_GAP ? 'sequence-gap' : 'hash-mismatch' };
    }
    return verdict(db, sidecar, headSeq, firstFault);
  } catch (e) {
    throw unreadable(e);
  } finally {
    db.close();
  }
}

/**
 * Opens the database to verify, refusing with a typed error what cannot hold a station's audit
 * log: a file that is not SQLite, or a database without the audit_log table (an empty file opens
 * as one). Both are what `audit verify` must report in one line, not as an internal error.
 */
function openAuditLog(dbPath: string): ReadonlyDb {
  let db: ReadonlyDb;
  try {
    db = openReadonly(dbPath); // its pragmas already read the file header
  } catch (e) {
    throw unreadable(e);
  }
  try {
    if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'").get() === undefined) {
      throw new StorageError('audit-log-missing', 'the database in this data directory has no audit log');
    }
    return db;
  } catch (e) {
    db.close();
    throw unreadable(e);
  }
}

/**
 * SQLite's own failures as a typed error naming SQLite's code: not a database or corrupt as every
 * command says it (databaseFileError), and any other failure to read as unreadable too.
 */
function unreadable(e: unknown): unknown {
  const typed = databaseFileError(e);
  return typed === e && e instanceof Database.SqliteError ? new StorageError('storage-unreadable', `the station database cannot be read (${e.code})`) : typed;
}
