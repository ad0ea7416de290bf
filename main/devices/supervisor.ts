import type { StationError } from '../../common/errors.ts';

/** What the UI shows for a device. `message` is for staff (never patient data). */
export type DeviceStatus =
  | { readonly state: 'disconnected'; readonly message: string }
  | { readonly state: 'connecting'; readonly message: string; readonly attempt: number }
  | { readonly state: 'connected'; readonly message: string }
  | { readonly state: 'error'; readonly message: string; readonly code: string; readonly retryInMs: number };

/** Anything with a connect/disconnect lifecycle that can lose its device. */
export interface SupervisedDriver {
  readonly address: string;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Fires when an established connection is lost (unplug, stall, fatal transport error). */
  onLost(listener: (error: StationError) => void): () => void;
}

export interface SupervisorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SupervisorOptions {
  readonly driver: SupervisedDriver;
  readonly onStatus: (status: DeviceStatus) => void;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly timers?: SupervisorTimers;
}

const realTimers: SupervisorTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Owns one driver: connects, and after a failure or a lost connection retries with exponential
 * backoff (initialDelayMs doubling up to maxDelayMs; reset after a successful connect).
 * Every state change goes to onStatus, which the host forwards to the UI as an IPC event.
 */
export class DeviceSupervisor {
  private status: DeviceStatus = { state: 'disconnected', message: 'not started' };
  private running = false;
  private attempt = 0;
  private retryHandle: unknown;
  private readonly unsubscribe: () => void;
  private readonly timers: SupervisorTimers;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: SupervisorOptions) {
    this.timers = options.timers ?? realTimers;
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.unsubscribe = options.driver.onLost((e) => {
      if (!this.running || this.status.state !== 'connected') return;
      this.attempt = 0;
      this.scheduleRetry(e);
    });
  }

  get current(): DeviceStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.tryConnect();
  }

  /**
   * The device may be back (a hot-plug attach event for its address): retry now instead of
   * waiting out the backoff. No effect unless a retry is pending.
   */
  retryNow(): void {
    if (!this.running || this.retryHandle === undefined) return;
    this.timers.clearTimeout(this.retryHandle);
    void this.tryConnect();
  }

  /** Stops retrying and disconnects; the supervisor can be started again. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.retryHandle !== undefined) this.timers.clearTimeout(this.retryHandle);
    this.retryHandle = undefined;
    await this.options.driver.disconnect();
    this.emit({ state: 'disconnected', message: 'stopped' });
  }

  /** Stops for good and detaches from the driver. */
  async dispose(): Promise<void> {
    await this.stop();
    this.unsubscribe();
  }

  private async tryConnect(): Promise<void> {
    this.retryHandle = undefined;
    if (!this.running) return;
    this.attempt++;
    this.emit({ state: 'connecting', message: `connecting to ${this.options.driver.address}`, attempt: this.attempt });
    try {
      await this.options.driver.connect();
    } catch (e) {
      if (!this.running) return;
      await this.options.driver.disconnect().catch(() => undefined);
      this.scheduleRetry(e as StationError);
      return;
    }
    if (!this.running) {
      await this.options.driver.disconnect();
      return;
    }
    this.attempt = 0;
    this.emit({ state: 'connected', message: `connected to ${this.options.driver.address}` });
  }

  private scheduleRetry(error: StationError): void {
    const retryInMs = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.max(0, this.attempt - 1));
    this.emit({ state: 'error', message: error.message, code: error.code ?? 'unknown', retryInMs });
    this.retryHandle = this.timers.setTimeout(() => void this.tryConnect(), retryInMs);
  }

  private emit(status: DeviceStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }
}
