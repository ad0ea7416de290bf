import { INT24_MAX } from '../../protocols/cart/messages.ts';
import { encodeAckFrame, encodeDataFrame, encodeIdentityFrame, encodeImpedanceFrame } from '../../protocols/cart/stationCartV1Device.ts';
import { channelsAffected } from '../../protocols/cart/leadOff.ts';
import { CART_CHANNEL_COUNT, ELECTRODES, type CartCommand, type CartIdentity, type Electrode } from '../../protocols/cart/types.ts';
import type { Fault } from './faults.ts';
import type { CartSignal } from './signal.ts';

/** What the simulator did on purpose, so tests can check the host saw exactly that. */
export type FaultLogEntry =
  | { readonly event: 'drop'; readonly seq: number }
  | { readonly event: 'corrupt'; readonly seq: number; readonly byteIndex: number }
  | { readonly event: 'unplug' | 'replug' | 'stall' | 'resume'; readonly streamS: number }
  /** `seq` is the first frame with (start) or without (end) the electrode off; an open-ended lead-off has no end. */
  | { readonly event: 'leadoff-start' | 'leadoff-end'; readonly electrode: Electrode; readonly seq: number; readonly streamS: number }
  | { readonly event: 'noise-start' | 'noise-end'; readonly amplitudeMv: number; readonly seq: number; readonly streamS: number };

export interface CartSimulatorOptions {
  readonly signal: CartSignal;
  readonly identity: CartIdentity;
  readonly faults: readonly Fault[];
  readonly random: () => number;
  readonly onFault?: (entry: FaultLogEntry) => void;
}

export type PumpResult = { readonly bytes?: Uint8Array; readonly unplugForMs?: number };

/**
 * The SIMULATED cart's behaviour without I/O: commands in, frames out, paced by the time the
 * caller passes in. One frame per sample instant; the recording loops; START restarts both the
 * sequence and the recording at 0, so frame `seq` carries recording sample `seq mod n`.
 */
export class CartSimulator {
  private streaming = false;
  private seq = 0;
  private nextFrameMs = 0;
  private streamT0Ms: number | undefined;
  private readonly fired = new Set<Fault>();
  /** Lead-off and noise faults in effect at the last frame, so the log gets their start and end once each. */
  private readonly inEffect = new Set<Fault>();
  private stalledUntilMs: number | undefined;
  private readonly frameMs: number;
  private readonly perMvCounts: number;

  constructor(private readonly options: CartSimulatorOptions) {
    this.frameMs = 1000 / options.signal.fsHz;
    this.perMvCounts = 1e6 / options.identity.resolutionNvPerLsb;
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  /** Handles one host command; returns the reply frame. */
  command(cmd: CartCommand, nowMs: number): Uint8Array {
    switch (cmd.type) {
      case 'identify':
        return encodeIdentityFrame(this.options.identity);
      case 'setRate':
        if (this.streaming) return encodeAckFrame('setRate', 'busy');
        return encodeAckFrame('setRate', this.options.identity.supportedRatesHz.includes(cmd.rateHz) ? 'ok' : 'unsupported');
      case 'start':
        this.streaming = true;
        this.seq = 0;
        this.nextFrameMs = nowMs;
        this.streamT0Ms ??= nowMs;
        return encodeAckFrame('start', 'ok');
      case 'stop':
        this.streaming = false;
        return encodeAckFrame('stop', 'ok');
      case 'impedanceCheck': {
        if (this.streaming) return encodeAckFrame('impedanceCheck', 'busy');
        const off = this.leadOffMask(nowMs);
        // Plausible wet-gel electrode impedances (a few kilo-ohms); off electrodes cannot be measured.
        return encodeImpedanceFrame(ELECTRODES.map((_, i) => (off & (1 << i) ? Number.NaN : 4700 + 250 * i)));
      }
    }
  }

  /** The frames due by `nowMs` (at most 1 s worth), with faults applied. */
  pump(nowMs: number): PumpResult {
    const t = this.streamT0Ms === undefined ? undefined : (nowMs - this.streamT0Ms) / 1000;
    if (t !== undefined) {
      for (const f of this.options.faults) {
        if ((f.kind === 'unplug' || f.kind === 'stall') && !this.fired.has(f) && t >= f.atS) {
          this.fired.add(f);
          this.options.onFault?.({ event: f.kind, streamS: t });
          if (f.kind === 'unplug') {
            this.streaming = false;
            return { unplugForMs: f.forS * 1000 };
          }
          this.stalledUntilMs = nowMs + f.forS * 1000;
        }
      }
    }
    if (this.stalledUntilMs !== undefined) {
      if (nowMs < this.stalledUntilMs) return {};
      this.stalledUntilMs = undefined;
      this.nextFrameMs = nowMs;
      this.options.onFault?.({ event: 'resume', streamS: t ?? 0 });
    }
    if (!this.streaming) return {};
    if (nowMs - this.nextFrameMs > 1000) this.nextFrameMs = nowMs - 1000;
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (this.nextFrameMs <= nowMs) {
      const frame = this.frame(this.nextFrameMs);
      this.nextFrameMs += this.frameMs;
      if (frame) {
        chunks.push(frame);
        total += frame.length;
      }
    }
    if (total === 0) return {};
    const bytes = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    return { bytes };
  }

  /** Called by the I/O layer when the port is back after an unplug: the cart powers up idle. */
  replugged(nowMs: number): void {
    this.streaming = false;
    this.options.onFault?.({ event: 'replug', streamS: this.streamT0Ms === undefined ? 0 : (nowMs - this.streamT0Ms) / 1000 });
  }

  private frame(atMs: number): Uint8Array | undefined {
    const { signal, faults, random, onFault } = this.options;
    const seq = this.seq++;
    const base = (seq % signal.samples) * CART_CHANNEL_COUNT;
    const counts = signal.counts.slice(base, base + CART_CHANNEL_COUNT);
    const t = (atMs - (this.streamT0Ms ?? atMs)) / 1000;
    const leadOff = this.leadOffMask(atMs);
    this.logTimedFaults(seq, t);
    for (const f of faults) {
      if (f.kind === 'noise' && t >= f.atS && t < f.atS + f.forS) {
        for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) counts[ch] = clamp(counts[ch]! + Math.round((random() * 2 - 1) * f.amplitudeMv * this.perMvCounts));
      }
    }
    // DC lead-off current drives an open input to the rail (ADS1298 lead-off detection).
    const railed = channelsAffected(leadOff);
    for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) if (railed & (1 << ch)) counts[ch] = INT24_MAX;
    for (const f of faults) {
      if (f.kind === 'drop' && random() < f.rate) {
        onFault?.({ event: 'drop', seq });
        return undefined;
      }
    }
    const bytes = encodeDataFrame(seq, leadOff, counts);
    for (const f of faults) {
      if (f.kind !== 'corrupt') continue;
      for (let i = 0; i < bytes.length; i++) {
        if (random() < f.rate) {
          bytes[i]! ^= 1 + Math.floor(random() * 255);
          onFault?.({ event: 'corrupt', seq, byteIndex: i });
        }
      }
    }
    return bytes;
  }

  /** Logged before a drop is decided: a lead-off or burst starts at its time even if that frame is then lost. */
  private logTimedFaults(seq: number, t: number): void {
    for (const f of this.options.faults) {
      if (f.kind !== 'leadoff' && f.kind !== 'noise') continue;
      const on = t >= f.atS && t < f.atS + f.forS;
      if (on === this.inEffect.has(f)) continue;
      if (on) this.inEffect.add(f);
      else this.inEffect.delete(f);
      const phase = on ? 'start' : 'end';
      this.options.onFault?.(
        f.kind === 'leadoff'
          ? { event: `leadoff-${phase}`, electrode: f.electrode, seq, streamS: t }
          : { event: `noise-${phase}`, amplitudeMv: f.amplitudeMv, seq, streamS: t },
      );
    }
  }

  private leadOffMask(atMs: number): number {
    if (this.streamT0Ms === undefined) return 0;
    const t = (atMs - this.streamT0Ms) / 1000;
    let mask = 0;
    for (const f of this.options.faults) {
      if (f.kind === 'leadoff' && t >= f.atS && t < f.atS + f.forS) mask |= 1 << ELECTRODES.indexOf(f.electrode);
    }
    return mask;
  }
}

function clamp(c: number): number {
  return Math.max(-INT24_MAX, Math.min(INT24_MAX, c));
}
