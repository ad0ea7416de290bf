/**
 * The EMR outbox: a persistent retry queue kept as files, so nothing is lost across restarts.
 *
 *   <dir>/pending/<seq>-<controlId>.hl7 (+ .json state: attempts, nextAttemptAtMs, lastError)
 *   <dir>/sent/      ACKed AA/CA
 *   <dir>/failed/    ACKed AE/CE: the EMR understood and refused; staff must look, no blind resend
 *
 * AR/CR (rejected: receiver not accepting now), timeouts and dropped connections are retried
 * with exponential backoff. Files are written atomically (write to .tmp, then rename).
 * Also `writeOutboundFile` for EMRs that pick up HL7 files from a shared folder.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
}

function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { encoding: 'utf8', flag: 'w' });
  renameSync(tmp, path);
}

/** Writes one message as `<controlId>.hl7` (CR segment separators) for file-based EMR pick-up. */
export function writeOutboundFile(dir: string, controlId: string, message: string): string {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(controlId)) throw new StationError('hl7-outbox', 'control id is not file-name safe');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${controlId}.hl7`);
  if (existsSync(path)) throw new StationError('hl7-outbox', `an outbound file for ${controlId} already exists`);
  atomicWrite(path, message);
  return path;
}

export class Hl7Outbox {
  private readonly pending: string;

  constructor(
    private readonly dir: string,
    private readonly send: (message: string, controlId: string) => Promise<Ack>,
    private readonly backoff: { readonly baseMs: number; readonly maxMs: number } = { baseMs: 5_000, maxMs: 15 * 60_000 },
  ) {
    this.pending = join(dir, 'pending');
    for (const d of ['pending', 'sent', 'failed']) mkdirSync(join(dir, d), { recursive: true });
  }

  enqueue(controlId: string, message: string, nowMs: number): OutboxEntry {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(controlId)) throw new StationError('hl7-outbox', 'control id is not file-name safe');
    const seq = String(nowMs).padStart(15, '0');
    const id = `${seq}-${controlId}`;
    const entry: OutboxEntry = { id, controlId, attempts: 0, nextAttemptAtMs: nowMs, lastError: null };
    atomicWrite(join(this.pending, `${id}.hl7`), message);
    atomicWrite(join(this.pending, `${id}.json`), JSON.stringify(entry));
    return entry;
  }

  list(): OutboxEntry[] {
    return readdirSync(this.pending)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(this.pending, f), 'utf8')) as OutboxEntry);
  }

  private move(id: string, to: 'sent' | 'failed', ack: Ack | null): void {
    renameSync(join(this.pending, `${id}.hl7`), join(this.dir, to, `${id}.hl7`));
    atomicWrite(join(this.dir, to, `${id}.json`), JSON.stringify({ ack }));
    renameSync(join(this.pending, `${id}.json`), join(this.dir, to, `${id}.state.json`));
  }

  /** Sends every due entry in order; one at a time, so the EMR sees them in sequence. */
  async flush(nowMs: number): Promise<FlushReport> {
    const report = { sent: [] as string[], failed: [] as string[], retrying: [] as string[] };
    const entries = this.list();
    for (const [i, entry] of entries.entries()) {
      if (entry.nextAttemptAtMs > nowMs) {
        // The oldest message is waiting for its retry: later ones wait behind it (order kept).
        report.retrying.push(...entries.slice(i).map((e) => e.id));
        break;
      }
      const message = readFileSync(join(this.pending, `${entry.id}.hl7`), 'utf8');
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
