import { STOPPED_BY_OPERATOR } from '../../../common/ekg/captureCompleteness.ts';
import { CartDriver } from '../../../drivers/cart/driver.ts';
import { CartError } from '../../../drivers/cart/errors.ts';
import { stationCartV1 } from '../../../drivers/protocols/cart/stationCartV1.ts';
import { CART_CHANNEL_COUNT, CART_CHANNELS, ELECTRODES, type CartIdentity, type CartProtocol, type Electrode } from '../../../drivers/protocols/cart/types.ts';
import type { Transport } from '../../../drivers/transports/transport.ts';
import type { StationError } from '../../../common/errors.ts';
import type { FilterSettings } from '../../ekg/filters/index.ts';
import { assessQuality, UNUSABLE_KINDS } from '../../ekg/quality/index.ts';
import { DeviceSupervisor, type DeviceStatus, type SupervisorTimers } from '../supervisor.ts';
import { CaptureBuilder, type CartCapture } from './capture.ts';
import { LivePipeline, type LeadQuality, type LiveBlock } from './live.ts';
import { CountsRing } from './ring.ts';

/** Everything the live screen needs, in the order it happens. Forward as one IPC event stream. */
export type AcquisitionEvent =
  | { readonly type: 'status'; readonly status: DeviceStatus }
  | { readonly type: 'identity'; readonly identity: CartIdentity; readonly address: string; readonly simulated: boolean; readonly rateHz: number }
  | { readonly type: 'block'; readonly block: LiveBlock }
  | { readonly type: 'leadOff'; readonly electrodesOff: readonly Electrode[]; readonly mask: number }
  | { readonly type: 'heartRate'; readonly bpm: number | null }
  | { readonly type: 'quality'; readonly leads: readonly LeadQuality[] }
  | { readonly type: 'counters'; readonly framesOk: number; readonly framesMissing: number; readonly crcErrors: number; readonly bytesDiscarded: number }
  /** Session samples [startSample, endSample) never arrived. */
  | { readonly type: 'gap'; readonly startSample: number; readonly endSample: number }
  | { readonly type: 'captureProgress'; readonly received: number; readonly samples: number }
  | { readonly type: 'capture'; readonly capture: CartCapture };

export interface AcquisitionTimers extends SupervisorTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface AcquisitionOptions {
  readonly transport: Transport;
  readonly protocol?: CartProtocol;
  /** Default: the cart's first supported rate. */
  readonly rateHz?: number;
  /** Display filters; the mains frequency is an explicit choice. */
  readonly filter: FilterSettings;
  readonly onEvent: (e: AcquisitionEvent) => void;
  readonly blockMs?: number;
  readonly captureSeconds?: number;
  /** Capture the first clean `captureSeconds` on its own (every lead clean, no gap, no lead-off). */
  readonly autoCapture?: boolean;
  readonly stallTimeoutMs?: number;
  readonly replyTimeoutMs?: number;
  readonly reconnectInitialDelayMs?: number;
  readonly timers?: AcquisitionTimers;
  readonly nowUtc?: () => Date;
}

const realTimers: AcquisitionTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

const RING_SECONDS = 12;
const QUALITY_EVERY_MS = 1000;
const BLOCK_MS = 40;
const VITALS_EVERY_MS = 200;

interface CaptureJob {
  builder: CaptureBuilder | undefined;
  readonly seconds: number;
  readonly resolve: (c: CartCapture) => void;
  readonly reject: (e: CartError) => void;
}

/**
 * One live acquisition from one cart: supervisor (reconnect with backoff) -> driver -> decoder
 * -> live pipeline (filters, R peaks, quality) -> batched events every `blockMs`; plus capture
 * of raw counts, manual or automatic. Main-process side; the UI only sees AcquisitionEvents.
 */
export class AcquisitionSession {
  readonly driver: CartDriver;
  private readonly supervisor: DeviceSupervisor;
  private readonly timers: AcquisitionTimers;
  private ring: CountsRing | undefined;
  private live: LivePipeline | undefined;
  private streamBase = 0;
  /** performance.now() of the last sample received, to place a restarted stream in time. */
  private lastSampleMs: number | undefined;
  private lastLeadOff = -1;
  private job: CaptureJob | undefined;
  private autoCaptured = false;
  /** Auto-capture on (the option at start, then setAutoCapture). */
  private autoCapture: boolean;
  /** Session sample from which an auto-capture may start: samples from before it was turned on are never taken. */
  private autoFrom = 0;
  private blockTimer: unknown;
  private flushesSinceVitals = 0;
  private qualityTimer: unknown;
  private fsHz = 0;
  private address: string;

  constructor(private readonly options: AcquisitionOptions) {
    this.timers = options.timers ?? realTimers;
    this.autoCapture = options.autoCapture ?? false;
    this.address = options.transport.address;
    this.driver = new CartDriver({
      transport: options.transport,
      protocol: options.protocol ?? stationCartV1,
      timers: this.timers,
      ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
      ...(options.replyTimeoutMs !== undefined ? { replyTimeoutMs: options.replyTimeoutMs } : {}),
    });
    this.driver.onEvent((e) => {
      switch (e.type) {
        case 'samples':
          this.onSample(this.streamBase + e.seq, e.counts, e.leadOff);
          break;
        case 'gap':
          this.onGap(this.streamBase + e.fromSeq, this.streamBase + e.toSeq + 1);
          break;
        case 'sequenceReset':
          // The cart restarted its stream on its own (reset, brown-out): continue the timeline.
          if (this.ring) this.streamBase = this.ring.end - e.seq;
          break;
        default:
          break;
      }
    });
    this.driver.onLost((e) => this.onLost(e));
    this.supervisor = new DeviceSupervisor({
      driver: {
        address: this.address,
        connect: () => this.connectAndStream(),
        disconnect: () => this.driver.disconnect(),
        onLost: (l) => this.driver.onLost(l),
      },
      onStatus: (status) => this.emit({ type: 'status', status }),
      timers: this.timers,
      ...(options.reconnectInitialDelayMs !== undefined ? { initialDelayMs: options.reconnectInitialDelayMs } : {}),
    });
  }

  get status(): DeviceStatus {
    return this.supervisor.current;
  }

  /** Connects (and keeps reconnecting) and streams; events flow to onEvent. */
  start(): void {
    this.blockTimer ??= this.timers.setInterval(() => this.flushBlock(), this.options.blockMs ?? BLOCK_MS);
    this.qualityTimer ??= this.timers.setInterval(() => this.onQualityTick(), QUALITY_EVERY_MS);
    this.supervisor.start();
  }

  /** Stops streaming and disconnects. A capture in progress is kept, marked incomplete. */
  async stop(): Promise<void> {
    if (this.blockTimer !== undefined) this.timers.clearInterval(this.blockTimer);
    if (this.qualityTimer !== undefined) this.timers.clearInterval(this.qualityTimer);
    this.blockTimer = undefined;
    this.qualityTimer = undefined;
    await this.supervisor.stop();
    this.flushBlock(true);
    this.finishJob(false, STOPPED_BY_OPERATOR);
  }

  /**
   * Captures the next `seconds` of raw counts (default captureSeconds, 10 s). Before the stream
   * runs, the capture starts with the stream's first frame. Resolves with the capture, complete
   * or, if the cart was lost or the session stopped, kept and marked incomplete.
   */
  capture(seconds = this.options.captureSeconds ?? 10): Promise<CartCapture> {
    if (this.job) return Promise.reject(new CartError('protocol', 'stream', 'a capture is already running'));
    return new Promise((resolve, reject) => {
      this.job = { builder: undefined, seconds, resolve, reject };
      if (this.ring && this.driver.streaming) this.job.builder = this.newBuilder(this.ring.end, seconds, 'manual');
    });
  }

  /** A hot-plug attach of this cart's address (drivers/transports/discovery.ts watchDevices): reconnect now. */
  deviceAttached(): void {
    this.supervisor.retryNow();
  }

  /**
   * Turns auto-capture on or off while the session runs. Turned on, it takes the first clean
   * `captureSeconds` made entirely of samples received from now on (never a stretch recorded
   * before), once.
   */
  setAutoCapture(enabled: boolean): void {
    if (enabled && !this.autoCapture) {
      this.autoFrom = this.ring?.end ?? 0;
      this.autoCaptured = false;
    }
    this.autoCapture = enabled;
  }

  /** Allows another automatic capture (after the previous one was taken or discarded). */
  rearmAutoCapture(): void {
    this.autoCaptured = false;
  }

  private async connectAndStream(): Promise<void> {
    const identity = await this.driver.connect();
    const rateHz = this.options.rateHz ?? identity.supportedRatesHz[0];
    if (rateHz === undefined) throw new CartError('protocol', 'identify', 'cart reports no sample rate');
    if (!this.ring || this.fsHz !== rateHz) {
      this.fsHz = rateHz;
      this.ring = new CountsRing(Math.round(rateHz * RING_SECONDS));
      this.live = new LivePipeline(rateHz, identity.resolutionNvPerLsb, this.options.filter);
    }
    // After a reconnect the new stream starts where the wall clock says, not right after the
    // last sample: the time the cart was away is a gap, so the sweep shows the hole.
    const awaySamples = this.lastSampleMs === undefined ? 0 : Math.round(((performance.now() - this.lastSampleMs) * rateHz) / 1000);
    this.streamBase = this.ring.end + awaySamples;
    if (awaySamples > 0) this.onGap(this.ring.end, this.streamBase);
    this.emit({ type: 'identity', identity, address: this.address, simulated: isSimulated(identity), rateHz });
    if (this.job && !this.job.builder) this.job.builder = this.newBuilder(this.streamBase, this.job.seconds, 'manual');
    await this.driver.start(rateHz);
  }

  /** `recordedSeconds`: how much of it is already in the ring (an auto-capture's clean 10 s just found), dated back from now. */
  private newBuilder(firstSample: number, seconds: number, trigger: 'manual' | 'auto', recordedSeconds = 0): CaptureBuilder {
    const identity = this.driver.identity!;
    const nowMs = (this.options.nowUtc?.() ?? new Date()).getTime();
    return new CaptureBuilder(firstSample, Math.round(seconds * this.fsHz), {
      trigger,
      // The first sample's time: the stored EKG, its report and its aECG are dated by it.
      startedAtUtc: new Date(nowMs - recordedSeconds * 1000).toISOString(),
      device: { ...identity, address: this.address },
      simulated: isSimulated(identity),
      fsHz: this.fsHz,
      resolutionNvPerLsb: identity.resolutionNvPerLsb,
      filterSettings: this.options.filter,
    });
  }

  private onSample(abs: number, counts: Int32Array, leadOff: number): void {
    // A cart still streaming from an earlier connection can send frames before identify has
    // answered and the timeline exists: they belong to no session and are dropped.
    const ring = this.ring;
    const live = this.live;
    if (!ring || !live) return;
    this.lastSampleMs = performance.now();
    ring.put(abs, counts, leadOff);
    live.pushSample(abs, counts, leadOff);
    if (leadOff !== this.lastLeadOff) {
      this.lastLeadOff = leadOff;
      this.emit({ type: 'leadOff', mask: leadOff, electrodesOff: ELECTRODES.filter((_, i) => leadOff & (1 << i)) });
    }
    const b = this.job?.builder;
    if (b) {
      b.put(abs, counts, leadOff);
      if (b.isPast(abs + 1)) this.finishJob(true);
    }
  }

  private onGap(start: number, end: number): void {
    this.ring!.skipTo(end);
    this.live!.pushMissing(start, end);
    this.emit({ type: 'gap', startSample: start, endSample: end });
    const b = this.job?.builder;
    if (b?.isPast(end)) this.finishJob(true);
  }

  private onLost(e: StationError): void {
    this.flushBlock(true);
    this.finishJob(false, e.message);
  }

  private finishJob(complete: boolean, reason?: string): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    if (!job.builder) {
      // The stream never started for this capture: there is nothing to keep.
      job.reject(new CartError('disconnected', 'stream', `no data captured (${reason ?? 'stopped'})`));
      return;
    }
    const capture = job.builder.seal(complete, reason);
    // Answered first: a listener that throws must not leave cart.capture's caller waiting forever.
    job.resolve(capture);
    this.emit({ type: 'capture', capture });
  }

  /** `final`: the stream ends here (stop, lost): the screen gets the last vitals at once. */
  private flushBlock(final = false): void {
    if (!this.live) return;
    const { blocks, heartRateBpm } = this.live.flush();
    for (const block of blocks) this.emit({ type: 'block', block });
    if (blocks.length === 0) return;
    // Heart rate, link counters and capture progress are read by a person: a few times a second
    // is enough, and each event costs a validation and a message per window.
    const everyFlushes = Math.max(1, Math.round(VITALS_EVERY_MS / (this.options.blockMs ?? BLOCK_MS)));
    if (++this.flushesSinceVitals < everyFlushes && !final) return;
    this.flushesSinceVitals = 0;
    this.emit({ type: 'heartRate', bpm: heartRateBpm });
    this.emit({ type: 'counters', ...this.driver.stats });
    const b = this.job?.builder;
    if (b) this.emit({ type: 'captureProgress', ...b.progress });
  }

  private onQualityTick(): void {
    if (!this.live || !this.driver.streaming) return;
    this.emit({ type: 'quality', leads: this.live.quality(this.options.filter.mainsHz) });
    if (this.autoCapture && !this.autoCaptured && !this.job) this.tryAutoCapture();
  }

  private tryAutoCapture(): void {
    const ring = this.ring!;
    const n = Math.round((this.options.captureSeconds ?? 10) * this.fsHz);
    const from = ring.end - n;
    if (from < this.autoFrom || !ring.clean(from, ring.end)) return;
    const mvPerCount = this.driver.identity!.resolutionNvPerLsb / 1e6;
    const leads = CART_CHANNELS.map(() => new Float32Array(n));
    ring.read(from, ring.end, (abs, counts) => {
      for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) leads[ch]![abs - from] = counts[ch]! * mvPerCount;
    });
    const problems = assessQuality(leads, this.fsHz, [...CART_CHANNELS], { mainsHz: this.options.filter.mainsHz }).filter((q) => UNUSABLE_KINDS.has(q.kind));
    if (problems.length > 0) return;
    // The window ends with the sample just received: it began n samples ago.
    const builder = this.newBuilder(from, n / this.fsHz, 'auto', n / this.fsHz);
    ring.read(from, ring.end, (abs, counts, valid, leadOff) => {
      if (valid) builder.put(abs, counts, leadOff);
    });
    this.autoCaptured = true;
    this.emit({ type: 'capture', capture: builder.seal(true) });
  }

  private emit(e: AcquisitionEvent): void {
    this.options.onEvent(e);
  }
}

function isSimulated(identity: CartIdentity): boolean {
  return /SIMULATED/i.test(identity.model) || /SIMULATED/i.test(identity.serial);
}
