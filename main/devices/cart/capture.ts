import { CART_CHANNEL_COUNT, CART_CHANNELS, ELECTRODES, type CartIdentity, type Electrode, type ElectrodeMask } from '../../../drivers/protocols/cart/types.ts';
import type { FilterSettings } from '../../ekg/filters/index.ts';

/** Sample ranges [start, end) relative to the capture's first sample. */
export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A capture as the cart sent it: raw 24-bit counts (lossless), which samples arrived, and the
 * lead-off state per sample. Physical value = counts * resolutionNvPerLsb / 1e6 mV. Missing
 * samples stay missing (valid = 0, counts = 0 there); nothing is interpolated.
 */
export interface CartCapture {
  readonly trigger: 'manual' | 'auto';
  readonly startedAtUtc: string;
  readonly device: CartIdentity & { readonly address: string };
  /** True for the SIMULATED cart: it must be marked so wherever the capture goes. */
  readonly simulated: boolean;
  readonly fsHz: number;
  readonly resolutionNvPerLsb: number;
  readonly channels: typeof CART_CHANNELS;
  readonly samples: number;
  /** Session sample index (as in LiveBlock.startSample) of the capture's first sample. */
  readonly firstSessionSample: number;
  /** One Int32Array per channel (CART_CHANNELS order). */
  readonly counts: readonly Int32Array[];
  /** 1 = that sample instant arrived. */
  readonly valid: Uint8Array;
  /** ElectrodeMask per sample instant (0 where missing). */
  readonly leadOff: Uint16Array;
  readonly gaps: readonly SampleRange[];
  readonly leadOffIntervals: ReadonlyArray<SampleRange & { readonly electrode: Electrode }>;
  /** False when the device was lost before the capture was full (it is kept anyway). */
  readonly complete: boolean;
  readonly incompleteReason?: string;
  /** The display filters the capture was taken with (the session's). */
  readonly filterSettings: FilterSettings;
}

/** Runs of `valid === 0`. */
export function gapRanges(valid: Uint8Array): SampleRange[] {
  const out: SampleRange[] = [];
  for (let i = 0; i < valid.length; ) {
    if (valid[i]) {
      i++;
      continue;
    }
    const start = i;
    while (i < valid.length && !valid[i]) i++;
    out.push({ start, end: i });
  }
  return out;
}

export function leadOffRanges(leadOff: Uint16Array): Array<SampleRange & { electrode: Electrode }> {
  const out: Array<SampleRange & { electrode: Electrode }> = [];
  ELECTRODES.forEach((electrode, bit) => {
    for (let i = 0; i < leadOff.length; ) {
      if (!(leadOff[i]! & (1 << bit))) {
        i++;
        continue;
      }
      const start = i;
      while (i < leadOff.length && leadOff[i]! & (1 << bit)) i++;
      out.push({ electrode, start, end: i });
    }
  });
  return out;
}

/** Fills a capture sample by sample (absolute session sample indices) and seals it. */
export class CaptureBuilder {
  private readonly counts: Int32Array[];
  private readonly valid: Uint8Array;
  private readonly leadOff: Uint16Array;
  private received = 0;
  private highest = -1;

  constructor(
    readonly firstSample: number,
    readonly samples: number,
    private readonly meta: Omit<CartCapture, 'samples' | 'firstSessionSample' | 'counts' | 'valid' | 'leadOff' | 'gaps' | 'leadOffIntervals' | 'complete' | 'incompleteReason' | 'channels'>,
  ) {
    this.counts = Array.from({ length: CART_CHANNEL_COUNT }, () => new Int32Array(samples));
    this.valid = new Uint8Array(samples);
    this.leadOff = new Uint16Array(samples);
  }

  /** Whether sample index `abs` is beyond the capture (then it is full or overtaken). */
  isPast(abs: number): boolean {
    return abs >= this.firstSample + this.samples;
  }

  put(abs: number, counts: Int32Array, leadOff: ElectrodeMask): void {
    const i = abs - this.firstSample;
    if (i < 0 || i >= this.samples || this.valid[i]) return;
    for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) this.counts[ch]![i] = counts[ch]!;
    this.valid[i] = 1;
    this.leadOff[i] = leadOff;
    this.received++;
    this.highest = Math.max(this.highest, i);
  }

  get progress(): { received: number; samples: number } {
    return { received: this.received, samples: this.samples };
  }

  /** Complete: every sample slot was passed (gaps inside stay gaps). Incomplete: truncated after the last sample received. */
  seal(complete: boolean, incompleteReason?: string): CartCapture {
    const n = complete ? this.samples : this.highest + 1;
    const valid = this.valid.slice(0, n);
    const leadOff = this.leadOff.slice(0, n);
    return {
      ...this.meta,
      channels: CART_CHANNELS,
      samples: n,
      firstSessionSample: this.firstSample,
      counts: this.counts.map((c) => c.slice(0, n)),
      valid,
      leadOff,
      gaps: gapRanges(valid),
      leadOffIntervals: leadOffRanges(leadOff),
      complete,
      ...(complete || incompleteReason === undefined ? {} : { incompleteReason }),
    };
  }
}
