/**
 * The EMR outbox: a persistent retry queue kept as files, so nothing is lost across restarts.
 *
 *   <dir>/pending/<seq>-<controlId>.hl7 (+ .json state: attempts, nextAttemptAtMs, lastError)
 *   <dir>/sent/        ACKed AA/CA (<id>.hl7, <id>.json = the ACK, <id>.state.json)
 *   <dir>/failed/      ACKed AE/CE: the EMR understood and refused; staff must look, no blind resend
 *   <dir>/quarantine/  entries that cannot be sent as they are (unreadable state, message missing),
 *                      with <id>.reason.json; kept for staff, never deleted, listed by status()
 *
 * AR/CR (rejected: receiver not accepting now), timeouts and dropped connections are retried
 * with exponential backoff from 5 s, capped at 2 minutes: results waiting through an EMR outage
 * go within 2 minutes of the link's return (with a 15-minute cap they sat up to 15 minutes while
 * the POC screen said they would be sent when the link is back), for one connection attempt per
 * 2 minutes to an EMR that is down. Files are written atomically and durably (write .tmp, fsync, rename,
 * fsync the folder), since the database they mirror commits with synchronous=FULL.
 *
 * Crash safety: every step leaves a state `recover()` (run on construction and before every flush)
 * finishes or parks:
 * - enqueue writes the .hl7, then the .json: a lone pending .hl7 is a complete message whose
 *   state was not written yet, so its state is re-created;
 * - a move to sent/ or failed/ first writes the ACK there (the decision), then moves the .hl7,
 *   then the .json: a pending .json whose .hl7 (or ACK) is already in sent/ or failed/ is finished
 *   there (never sent again); one whose .hl7 is nowhere, or any unreadable .json, is quarantined.
 * The entry id is deterministic (`<seq>-<controlId>`, seq given by the caller), so enqueue is
 * idempotent: enqueuing an id the outbox already holds in any folder writes nothing.
 *
 * Delivery is at least once (not exactly once): nothing queued is lost, and a message is never
 * sent again once its ACK is recorded, but one whose ACK was not recorded is sent again with the
 * same control id (MSH-10), which the EMR de-duplicates on. That happens when the ACK is lost
 * (timeout, dropped connection) or the station stops between the EMR's ACK and writing it to
 * sent/; in file mode, when the EMR already collected the outbound file before the move.
 *
 * `mode` says what the send function does, so what a message in sent/ means: `mllp`, the EMR
 * acknowledged it (AA/CA); `folder`, it was only written to a pick-up folder (the "AA" is the
 * station's own, nobody at the EMR confirmed anything). Each move records the mode it was made in.
 *
 * Also `writeOutboundFile` for EMRs that pick up HL7 files from a shared folder.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StationError } from '../../common/errors.ts';
import type { Ack } from '../../drivers/protocols/hl7/mllp.ts';

export interface OutboxEntry {
  readonly id: string;
  readonly controlId: string;
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly lastError: string | null;
}

export interface FlushReport {
  readonly sent: string[];
  readonly failed: string[];
  readonly retrying: string[];
  /** Entries parked in quarantine/ during this flush (see QuarantineReason). */
  readonly quarantined: string[];
}

/** Why an entry was parked: its state file is unreadable, or its message file is gone or unreadable. */
export type QuarantineReason = 'unreadable-state' | 'message-missing' | 'unreadable-message';

export interface QuarantinedEntry {
  readonly id: string;
  readonly reason: QuarantineReason;
  readonly atMs: number;
}

/**
 * How the outbox delivers: `mllp`, to the EMR's listener, which answers with an ACK; `folder`, as
 * files into a pick-up folder that the EMR's interface may or may not collect (nothing answers).
 */
export type OutboxMode = 'mllp' | 'folder';

/** What staff need to see about the link to the EMR: identifiers and error codes only, never patient data. */
export interface OutboxStatus {
  /** How messages leave (see OutboxMode): in `folder` mode a message in sent/ was only placed in the pick-up folder. */
  readonly mode: OutboxMode;
  readonly pending: number;
  readonly failed: number;
  readonly quarantined: readonly QuarantinedEntry[];
  /** The oldest pending entry's last send error (e.g. `mllp-closed`, `ack AR`), or null. */
  readonly oldestPendingError: string | null;
  /** Code of the last flush that failed as a whole (e.g. `EACCES`), null once one succeeds. */
  readonly lastFlushError: string | null;
  readonly lastFlushAtMs: number | null;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const ENTRY_ID = /^(\d{15})-([A-Za-z0-9_-]{1,40})$/;

/** fsync a folder so a rename in it is durable (not supported on Windows, where rename is journaled). */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to a .tmp, fsyncs it, renames it over `path` and fsyncs the folder. */
export function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

function errorCode(e: unknown): string {
  if (e instanceof StationError) return e.code;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'flush-failed';
}

/** Writes one message as `<controlId>.hl7` (CR segment separators) for file-based EMR pick-up. */
export function writeOutboundFile(dir: string, controlId: string, message: string): string {
  if (!SAFE_ID.test(controlId)) throw new StationError('hl7-outbox', 'control id is not file-name safe');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${controlId}.hl7`);
  if (existsSync(path)) throw new StationError('hl7-outbox', `an outbound file for ${controlId} already exists`);
  atomicWrite(path, message);
  return path;
}

function parseEntry(id: string, text: string): OutboxEntry | null {
  try {
    const e = JSON.parse(text) as Partial<OutboxEntry> | null;
    if (!e || e.id !== id || typeof e.controlId !== 'string' || !SAFE_ID.test(e.controlId) || typeof e.attempts !== 'number' || typeof e.nextAttemptAtMs !== 'number') return null;
    return { id, controlId: e.controlId, attempts: e.attempts, nextAttemptAtMs: e.nextAttemptAtMs, lastError: typeof e.lastError === 'string' ? e.lastError : null };
  } catch {
    return null;
  }
}

export class Hl7Outbox {
  private readonly pending: string;
  private readonly quarantineDir: string;
  private lastFlushError: string | null = null;
  private lastFlushAtMs: number | null = null;
  private readonly beforeFlushHooks = new Set<() => void>();

  constructor(
    private readonly dir: string,
    private readonly send: (message: string, controlId: string) => Promise<Ack>,
    private readonly backoff: { readonly baseMs: number; readonly maxMs: number } = { baseMs: 5_000, maxMs: 2 * 60_000 },
    private readonly clockMs: () => number = Date.now,
    /** What `send` does (see OutboxMode): recorded with every message moved to sent/ or failed/. */
    readonly mode: OutboxMode = 'mllp',
  ) {
    this.pending = join(dir, 'pending');
    this.quarantineDir = join(dir, 'quarantine');
    for (const d of ['pending', 'sent', 'failed', 'quarantine']) mkdirSync(join(dir, d), { recursive: true });
    try {
      this.recover();
    } catch (e) {
      // Never keeps the station from starting: shown by status(), tried again before every flush.
      this.lastFlushError = errorCode(e);
    }
  }

  /**
   * Registers work to run at the start of every flush, before the queue is read. A producer that
   * commits a message elsewhere first (POC exports: database, then outbox) queues here whatever is
   * committed but not queued yet, so the periodic flush sends it without waiting for a restart.
   * A hook that throws does not stop the flush of what is queued already; it runs again at the
   * next flush. Returns a function that removes the hook.
   */
  beforeFlush(hook: () => void): () => void {
    this.beforeFlushHooks.add(hook);
    return () => {
      this.beforeFlushHooks.delete(hook);
    };
  }

  /** The code of the last flush (or start-up recovery) that failed as a whole, or null. */
  flushError(): string | null {
    return this.lastFlushError;
  }

  /** The entry id of a message: `seqMs` orders the queue (callers pass a fixed time per message, so the id is stable). */
  static entryId(controlId: string, seqMs: number): string {
    return `${String(Math.max(0, Math.trunc(seqMs))).padStart(15, '0')}-${controlId}`;
  }

  /** Where the outbox holds `id` now, or null when it does not. */
  locate(id: string): 'pending' | 'sent' | 'failed' | 'quarantine' | null {
    if (existsSync(join(this.pending, `${id}.hl7`)) || existsSync(join(this.pending, `${id}.json`))) return 'pending';
    for (const d of ['sent', 'failed'] as const) if (existsSync(join(this.dir, d, `${id}.hl7`)) || existsSync(join(this.dir, d, `${id}.state.json`))) return d;
    if (existsSync(join(this.quarantineDir, `${id}.reason.json`))) return 'quarantine';
    return null;
  }

  /**
   * How a message in sent/ got there: the mode recorded with its ACK decision, or (moved before
   * modes were recorded, or the decision file unreadable) the mode this outbox runs in now.
   */
  sentVia(id: string, where: 'sent' | 'failed' = 'sent'): OutboxMode {
    const text = this.readOrNull(join(this.dir, where, `${id}.json`));
    try {
      const mode = text === null ? null : (JSON.parse(text) as { mode?: unknown } | null)?.mode;
      if (mode === 'mllp' || mode === 'folder') return mode;
    } catch {
      // unreadable decision file: fall through to the outbox's own mode
    }
    return this.mode;
  }

  /**
   * Queues a message (idempotent: an id already held anywhere in the outbox is left as it is).
   * `seqMs` orders the queue and names the entry; `nextAttemptAtMs` is when it is first due.
   */
  enqueue(controlId: string, message: string, seqMs: number): OutboxEntry {
    if (!SAFE_ID.test(controlId)) throw new StationError('hl7-outbox', 'control id is not file-name safe');
    const id = Hl7Outbox.entryId(controlId, seqMs);
    const entry: OutboxEntry = { id, controlId, attempts: 0, nextAttemptAtMs: seqMs, lastError: null };
    const where = this.locate(id);
    if (where !== null && where !== 'pending') return entry;
    const hl7 = join(this.pending, `${id}.hl7`);
    const json = join(this.pending, `${id}.json`);
    if (where === 'pending' && existsSync(hl7) && existsSync(json)) return parseEntry(id, readFileSync(json, 'utf8')) ?? entry;
    if (!existsSync(hl7)) atomicWrite(hl7, message);
    if (!existsSync(json)) atomicWrite(json, JSON.stringify(entry));
    return entry;
  }

  /** Finishes or parks whatever a crash left half done (see the file comment). Returns the ids quarantined. */
  recover(): string[] {
    const quarantined: string[] = [];
    const files = new Set(readdirSync(this.pending));
    for (const f of [...files].sort()) {
      if (f.endsWith('.hl7')) {
        const id = f.slice(0, -4);
        if (files.has(`${id}.json`)) continue;
        const m = ENTRY_ID.exec(id);
        if (!m) {
          this.quarantine(id, 'unreadable-state');
          quarantined.push(id);
          continue;
        }
        // Crash inside enqueue between its two writes: the message is complete, its state is not written yet.
        atomicWrite(join(this.pending, `${id}.json`), JSON.stringify({ id, controlId: m[2] ?? '', attempts: 0, nextAttemptAtMs: Number(m[1]), lastError: null } satisfies OutboxEntry));
        continue;
      }
      if (!f.endsWith('.json')) continue;
      const id = f.slice(0, -5);
      const entry = parseEntry(id, this.readOrNull(join(this.pending, f)) ?? '');
      if (!entry) {
        this.quarantine(id, 'unreadable-state');
        quarantined.push(id);
        continue;
      }
      const hasMessage = files.has(`${id}.hl7`);
      const decided = (['sent', 'failed'] as const).find((d) => existsSync(join(this.dir, d, `${id}.json`)) || (!hasMessage && existsSync(join(this.dir, d, `${id}.hl7`))));
      if (decided) {
        // The ACK decision (or the message itself) is already in sent/ or failed/: finish the move, never send again.
        this.finishMove(id, decided, null);
      } else if (!hasMessage) {
        this.quarantine(id, 'message-missing');
        quarantined.push(id);
      }
    }
    return quarantined;
  }

  private readOrNull(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  }

  /** Moves whatever is left of `id` in pending/ to quarantine/ with its reason (nothing is deleted). */
  private quarantine(id: string, reason: QuarantineReason): void {
    atomicWrite(join(this.quarantineDir, `${id}.reason.json`), JSON.stringify({ id, reason, atMs: this.clockMs() } satisfies QuarantinedEntry));
    for (const ext of ['.hl7', '.json']) {
      const from = join(this.pending, `${id}${ext}`);
      if (existsSync(from)) renameSync(from, join(this.quarantineDir, `${id}${ext}`));
    }
    fsyncDir(this.quarantineDir);
    fsyncDir(this.pending);
  }

  list(): OutboxEntry[] {
    return readdirSync(this.pending)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => {
        const id = f.slice(0, -5);
        const e = parseEntry(id, this.readOrNull(join(this.pending, f)) ?? '');
        return e ? [e] : [];
      });
  }

  /** Counts, quarantined entries and the last errors: what the EMR status shows staff. */
  status(): OutboxStatus {
    const names = (d: string): string[] => {
      try {
        return readdirSync(d);
      } catch {
        return []; // a missing folder shows as the flush error, not as a crash of the status
      }
    };
    const entries = names(this.pending).length > 0 ? this.list() : [];
    const quarantined = names(this.quarantineDir)
      .filter((f) => f.endsWith('.reason.json'))
      .sort()
      .map((f) => {
        const id = f.slice(0, -'.reason.json'.length);
        try {
          const q = JSON.parse(readFileSync(join(this.quarantineDir, f), 'utf8')) as Partial<QuarantinedEntry>;
          return { id, reason: (q.reason ?? 'unreadable-state') as QuarantineReason, atMs: typeof q.atMs === 'number' ? q.atMs : 0 };
        } catch {
          return { id, reason: 'unreadable-state' as const, atMs: 0 };
        }
      });
    return {
      mode: this.mode,
      pending: entries.length,
      failed: names(join(this.dir, 'failed')).filter((f) => f.endsWith('.hl7')).length,
      quarantined,
      oldestPendingError: entries[0]?.lastError ?? null,
      lastFlushError: this.lastFlushError,
      lastFlushAtMs: this.lastFlushAtMs,
    };
  }

  /** Records the ACK decision first, then moves the message, then its state: recover() finishes any prefix of this. */
  private move(id: string, to: 'sent' | 'failed', ack: Ack | null): void {
    atomicWrite(join(this.dir, to, `${id}.json`), JSON.stringify({ ack, mode: this.mode }));
    this.finishMove(id, to, ack);
  }

  private finishMove(id: string, to: 'sent' | 'failed', ack: Ack | null): void {
    const ackFile = join(this.dir, to, `${id}.json`);
    if (!existsSync(ackFile)) atomicWrite(ackFile, JSON.stringify({ ack, recovered: true, mode: this.mode }));
    const hl7 = join(this.pending, `${id}.hl7`);
    if (existsSync(hl7)) renameSync(hl7, join(this.dir, to, `${id}.hl7`));
    const json = join(this.pending, `${id}.json`);
    if (existsSync(json)) renameSync(json, join(this.dir, to, `${id}.state.json`));
    fsyncDir(join(this.dir, to));
    fsyncDir(this.pending);
  }

  /**
   * Sends every due entry in order; one at a time, so the EMR sees them in sequence. A failure of
   * the outbox itself (a file it cannot read or move) is recorded for status() and rethrown.
   */
  async flush(nowMs: number): Promise<FlushReport> {
    for (const hook of this.beforeFlushHooks) {
      try {
        hook();
      } catch {
        // The producer keeps what it could not queue and this hook runs again at the next flush.
      }
    }
    try {
      const report = await this.flushEntries(nowMs);
      this.lastFlushError = null;
      return report;
    } catch (e) {
      this.lastFlushError = errorCode(e);
      throw e;
    } finally {
      this.lastFlushAtMs = nowMs;
    }
  }

  private async flushEntries(nowMs: number): Promise<FlushReport> {
    const report = { sent: [] as string[], failed: [] as string[], retrying: [] as string[], quarantined: this.recover() };
    const entries = this.list();
    for (const [i, entry] of entries.entries()) {
      if (entry.nextAttemptAtMs > nowMs) {
        // The oldest message is waiting for its retry: later ones wait behind it (order kept).
        report.retrying.push(...entries.slice(i).map((e) => e.id));
        break;
      }
      const message = this.readOrNull(join(this.pending, `${entry.id}.hl7`));
      if (message === null) {
        // Vanished or unreadable since recover(): park it where staff see it, and go on with the queue.
        this.quarantine(entry.id, existsSync(join(this.pending, `${entry.id}.hl7`)) ? 'unreadable-message' : 'message-missing');
        report.quarantined.push(entry.id);
        continue;
      }
      let ack: Ack | null = null;
      let error: string | null = null;
      try {
        ack = await this.send(message, entry.controlId);
      } catch (e) {
        error = e instanceof StationError ? e.code : 'send-failed';
      }
      if (ack && (ack.code === 'AA' || ack.code === 'CA')) {
        this.move(entry.id, 'sent', ack);
        report.sent.push(entry.id);
      } else if (ack && (ack.code === 'AE' || ack.code === 'CE')) {
        this.move(entry.id, 'failed', ack);
        report.failed.push(entry.id);
      } else {
        const attempts = entry.attempts + 1;
        const delayMs = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (attempts - 1));
        const next: OutboxEntry = { ...entry, attempts, nextAttemptAtMs: nowMs + delayMs, lastError: ack ? `ack ${ack.code}` : error };
        atomicWrite(join(this.pending, `${entry.id}.json`), JSON.stringify(next));
        // Keep order: a later message must not overtake one that is still retrying.
        report.retrying.push(...entries.slice(i).map((e) => e.id));
        break;
      }
    }
    return report;
  }
}
