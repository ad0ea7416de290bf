import type { PrinterState } from '../../../drivers/zebra/printer.ts';
import { ConnectionAudit } from '../../devices/connectionAudit.ts';
import type { HeldCheck, PrintJob, PrintQueue } from './printQueue.ts';

/** After a label is sent, how often (at most) and how far apart ~HS asks whether it left the printer's buffer. */
const AFTER_PRINT_CHECKS = 10;
const AFTER_PRINT_PAUSE_MS = 200;

/** What the worker needs from a printer (ZebraPrinter implements it). */
export interface PrinterLink {
  readonly broken: boolean;
  status(): Promise<PrinterState>;
  print(zpl: string): Promise<void>;
  close(): Promise<void>;
}

export interface PrintWorkerOptions {
  readonly queue: PrintQueue;
  /** Opens a link to the printer at `address` (e.g. createTransport + ZebraPrinter.open). */
  readonly connect: (address: string) => Promise<PrinterLink>;
  /** How often a waiting job re-checks a printer that is not ready. */
  readonly retryMs: number;
  readonly nowMs?: () => number;
  readonly onPrinterState?: (state: PrinterState) => void;
  readonly onJob?: (job: PrintJob) => void;
  /** Jobs not to send now (their operator's session is locked); none when absent (the CLI). */
  readonly held?: HeldCheck;
}

/**
 * Drains the persistent queue: for each printer with queued jobs, ask its status (~HS), and
 * only when it is ready claim the oldest job (queued -> sending, committed), send it, and mark it
 * printed. A printer that is not ready, silent or unreachable leaves the job queued; the worker
 * retries every retryMs and at once on kick() (new job, reconnect). One worker per database.
 * Each link opened and each link dropped is audited (device-connect / device-disconnect, in the
 * queue's log); a printer that cannot be reached writes nothing however often it is retried.
 * A held job is skipped until it is no longer held (re-checked every retryMs).
 * Each ~HS answer is published (onPrinterState) as it comes, including those asked right after a
 * label was sent (followLabelOut) and a link that broke under a label: the printer's state on the
 * screen is never older than the station's last word with the printer.
 */
export class PrintWorker {
  private readonly links = new Map<string, PrinterLink>();
  private readonly connections = new Map<string, ConnectionAudit>();
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: PrintWorkerOptions) {
    this.now = options.nowMs ?? Date.now;
  }

  /** Recovers jobs a stopped station left mid-send (-> uncertain), then starts draining. */
  start(): PrintJob[] {
    const recovered = this.options.queue.recoverInterrupted();
    for (const j of recovered) this.options.onJob?.(j);
    this.running = true;
    this.loop = this.run();
    return recovered;
  }

  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    for (const address of [...this.links.keys()]) await this.drop(address, 'stopped');
  }

  /** Resolves when the job leaves the queue (printed, uncertain, cancelled) or after timeoutMs. */
  async waitFor(jobId: string, timeoutMs: number): Promise<PrintJob> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const job = this.options.queue.require(jobId);
      if (job.state !== 'queued' && job.state !== 'sending') return job;
      const left = deadline - this.now();
      if (left <= 0) return job;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, this.options.retryMs));
        const self = this.waiters;
        function done() {
          clearTimeout(timer);
          self.delete(done);
          resolve();
        }
        self.add(done);
      });
    }
  }

  private notify(job: PrintJob): void {
    this.options.onJob?.(job);
    for (const w of [...this.waiters]) w();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let progressed = false;
      for (const address of this.options.queue.printersWithQueuedJobs(this.options.held)) {
        if (!this.running) break;
        if (await this.serve(address)) progressed = true;
      }
      if (!progressed && this.running) await this.pause(this.options.retryMs);
    }
  }

  /** Asks a printer's state outside of printing (the UI keeps printer state visible). */
  async probe(address: string): Promise<PrinterState> {
    const link = await this.link(address);
    if (!link) return { address, ready: false, faults: ['disconnected'], status: null, checkedAtMs: this.now() };
    const state = await link.status();
    if (link.broken) await this.drop(address, 'disconnected');
    return state;
  }

  /** One step for one printer; true when a job left the queue. */
  private async serve(address: string): Promise<boolean> {
    const { queue } = this.options;
    const job = queue.nextQueued(address, this.options.held);
    if (!job) return false;
    const link = await this.link(address);
    if (!link) {
      for (const j of queue.notePrinterWaiting(address, 'disconnected')) this.options.onJob?.(j);
      this.options.onPrinterState?.({ address, ready: false, faults: ['disconnected'], status: null, checkedAtMs: this.now() });
      return false;
    }
    const state = await link.status();
    this.options.onPrinterState?.(state);
    if (!state.ready) {
      for (const j of queue.notePrinterWaiting(address, state.faults.join(','))) this.options.onJob?.(j);
      if (link.broken) await this.drop(address, 'disconnected');
      return false;
    }
    if (!queue.claim(job.jobId)) return true;
    this.notify(queue.require(job.jobId));
    try {
      await link.print(job.zpl);
      this.notify(queue.markPrinted(job.jobId));
    } catch {
      // Some bytes may have reached the printer: never resend by ourselves.
      this.notify(queue.markUncertain(job.jobId, 'send-failed'));
      await this.drop(address, 'send-failed');
      // The link broke under the label: say so now, not at the next probe (which reconnects).
      this.options.onPrinterState?.({ address, ready: false, faults: ['disconnected'], status: null, checkedAtMs: this.now() });
      return true;
    }
    await this.followLabelOut(address, link);
    return true;
  }

  /**
   * Asks ~HS after a label was sent, until the printer has taken it in (no partial format, no
   * format waiting in its buffer) or reports a fault, and publishes each answer: the last label
   * of a roll leaves the printer paper-out, and the screen must say so at once rather than "ready"
   * until the next probe. ~HS is answered at once, even mid-format, so the first answer may
   * predate the label; hence the few more asks (at most AFTER_PRINT_CHECKS, AFTER_PRINT_PAUSE_MS
   * apart). The job stays printed whatever comes back: its bytes are in the printer, which prints
   * a buffered format once it is ready again.
   */
  private async followLabelOut(address: string, link: PrinterLink): Promise<void> {
    if (!this.options.onPrinterState) return; // nobody shows the state (the CLI)
    for (let check = 0; check < AFTER_PRINT_CHECKS && this.running; check++) {
      if (check > 0) await this.pause(AFTER_PRINT_PAUSE_MS);
      const state = await link.status();
      this.options.onPrinterState?.(state);
      if (link.broken) {
        await this.drop(address, 'disconnected');
        return;
      }
      const inPrinter = state.status !== null && (state.status.partialFormat || state.status.formatsInBuffer > 0);
      if (!state.ready || !inPrinter) return;
    }
  }

  /** Waits ms, or less when kicked (a new job, stop). */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.wake = undefined));
  }

  private async link(address: string): Promise<PrinterLink | undefined> {
    const existing = this.links.get(address);
    if (existing && !existing.broken) return existing;
    if (existing) await this.drop(address, 'disconnected');
    try {
      const link = await this.options.connect(address);
      this.links.set(address, link);
      this.connection(address).connected();
      return link;
    } catch {
      return undefined;
    }
  }

  /** Closes a printer's link; `cause` is what the audit entry says ended it. */
  private async drop(address: string, cause: 'disconnected' | 'send-failed' | 'stopped'): Promise<void> {
    const link = this.links.get(address);
    this.links.delete(address);
    await link?.close().catch(() => undefined);
    if (link) this.connection(address).disconnected(cause);
  }

  private connection(address: string): ConnectionAudit {
    let audit = this.connections.get(address);
    if (!audit) {
      audit = new ConnectionAudit(this.options.queue.auditLog, { objectType: 'label-printer', address });
      this.connections.set(address, audit);
    }
    return audit;
  }
}
