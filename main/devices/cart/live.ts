import { channelsAffected } from '../../../drivers/protocols/cart/leadOff.ts';
import { CART_CHANNEL_COUNT, CART_CHANNELS, type ElectrodeMask } from '../../../drivers/protocols/cart/types.ts';
import { StreamingRPeakDetector } from '../../ekg/detect/index.ts';
import { bridgedGapSamples } from '../../ekg/gaps.ts';
import { chainSpecs, designFilter, StreamingFilter, type FilterSettings } from '../../ekg/filters/index.ts';
import { assessQuality, type QualityKind } from '../../ekg/quality/index.ts';
import { STANDARD_LEADS } from '../../ekg/twelve-lead/leads.ts';

/** A batch of display samples: 12 filtered leads in mV, NaN = missing or electrode off. */
export interface LiveBlock {
  /** Absolute session sample index of leads[*][0]; a jump from the last block's end = discontinuity. */
  readonly startSample: number;
  readonly fsHz: number;
  readonly leadNames: typeof STANDARD_LEADS;
  readonly leads: readonly Float32Array[];
}

export interface LeadQuality {
  readonly lead: string;
  /** Problems seen in the last 2 s (empty = clean). */
  readonly kinds: readonly QualityKind[];
}

/** A longer hole than this starts a new display segment instead of being drawn as NaN. */
const MAX_FILL_SEC = 2;
const QUALITY_HISTORY_SEC = 4;
const QUALITY_RECENT_SEC = 2;
const HR_RR_HISTORY = 8;
const HR_STALE_SEC = 3;
/** The limb leads the station computes from I and II (finishBlock). */
const DERIVED_LIMB_LEADS = ['III', 'aVR', 'aVL', 'aVF'] as const;

/**
 * The live path for the screen: counts -> mV -> causal filters (main/ekg/filters) -> derived
 * limb leads (III = II - I, aVR = -(I+II)/2, aVL = I - II/2, aVF = II - I/2; standards-notes 4.7),
 * plus streaming R-peak detection (main/ekg/detect) for heart rate and windowed quality
 * (main/ekg/quality). Nothing is interpolated: missing samples are NaN.
 */
export class LivePipeline {
  private readonly mvPerCount: number;
  private readonly filters: StreamingFilter[];
  private detector: StreamingRPeakDetector;
  private detectorBase = -1;
  private readonly finished: LiveBlock[] = [];
  private readonly raw: Float32Array[];
  private blockStart = -1;
  private blockLen = 0;
  private nextAbs = -1;
  private readonly history: Float32Array[];
  private historyEnd = 0;
  private readonly peaks: number[] = [];
  private latestAbs = 0;

  constructor(
    readonly fsHz: number,
    resolutionNvPerLsb: number,
    private readonly filterSettings: FilterSettings,
  ) {
    this.mvPerCount = resolutionNvPerLsb / 1e6;
    const designs = chainSpecs(filterSettings).map((s) => designFilter(s, fsHz, 'causal'));
    this.filters = CART_CHANNELS.map(() => new StreamingFilter(designs));
    this.detector = new StreamingRPeakDetector(CART_CHANNEL_COUNT, fsHz);
    this.raw = CART_CHANNELS.map(() => new Float32Array(Math.ceil(fsHz * (MAX_FILL_SEC + 1))));
    this.history = CART_CHANNELS.map(() => new Float32Array(Math.round(fsHz * QUALITY_HISTORY_SEC)).fill(Number.NaN));
  }

  pushSample(abs: number, counts: Int32Array, leadOff: ElectrodeMask): void {
    if (abs < this.nextAbs) return;
    if (this.nextAbs >= 0 && abs - this.nextAbs > this.fsHz * MAX_FILL_SEC) this.restart();
    if (this.blockStart < 0) {
      this.blockStart = abs;
      this.nextAbs = abs;
    }
    if (this.detectorBase < 0) this.detectorBase = abs;
    while (this.nextAbs < abs) this.append(null, 0);
    this.append(counts, leadOff);
  }

  /** Samples [start, end) will never arrive: drawn as NaN (a long hole starts a new segment instead). */
  pushMissing(start: number, end: number): void {
    if (this.nextAbs < 0) {
      this.blockStart = start;
      this.nextAbs = start;
    }
    if (end - this.nextAbs > this.fsHz * MAX_FILL_SEC) {
      this.restart();
      return;
    }
    while (this.nextAbs < end) this.append(null, 0);
  }

  /** The samples gathered since the last call as display blocks (two if a segment ended), plus heart rate. */
  flush(): { blocks: LiveBlock[]; heartRateBpm: number | null } {
    const block = this.finishBlock();
    const blocks = this.finished.splice(0);
    if (block) blocks.push(block);
    return { blocks, heartRateBpm: this.heartRate() };
  }

  private finishBlock(): LiveBlock | undefined {
    if (this.blockLen === 0) return undefined;
    const n = this.blockLen;
    const acquired = this.raw.map((r) => r.slice(0, n));
    const detected = this.detector.push(acquired);
    for (const p of detected) this.peaks.push(p + this.detectorBase);
    if (this.peaks.length > HR_RR_HISTORY + 1) this.peaks.splice(0, this.peaks.length - HR_RR_HISTORY - 1);
    acquired.forEach((x, ch) => this.filters[ch]!.process(x, x));
    const [i, ii] = acquired as [Float32Array, Float32Array];
    const iii = new Float32Array(n);
    const avr = new Float32Array(n);
    const avl = new Float32Array(n);
    const avf = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const a = i[k]!;
      const b = ii[k]!;
      iii[k] = b - a;
      avr[k] = -(a + b) / 2;
      avl[k] = a - b / 2;
      avf[k] = b - a / 2;
    }
    const block: LiveBlock = {
      startSample: this.blockStart,
      fsHz: this.fsHz,
      leadNames: STANDARD_LEADS,
      leads: [i, ii, iii, avr, avl, avf, ...acquired.slice(2)],
    };
    this.blockStart += n;
    this.blockLen = 0;
    return block;
  }

  /**
   * Quality over the recent history (main/ekg/quality) of the 8 acquired leads, and of the 4 limb
   * leads computed from I and II (whatever spoils I or II spoils them). A bridged gap (a frame or two
   * lost on the link, main/ekg/gaps.ts) is no fault of a lead: with 1 % of frames lost every lead
   * had one in every 2 s and all 8 were greyed out as unusable; the frame counter reports the link.
   */
  quality(mainsHz: 50 | 60 | null): LeadQuality[] {
    const len = this.history[0]!.length;
    const ordered = this.history.map((h) => {
      const out = new Float32Array(len);
      const split = this.historyEnd % len;
      out.set(h.subarray(split), 0);
      out.set(h.subarray(0, split), len - split);
      return out;
    });
    const bridged = bridgedGapSamples(this.fsHz);
    const intervals = assessQuality(ordered, this.fsHz, [...CART_CHANNELS], { mainsHz }).filter((q) => !(q.kind === 'gap' && q.end - q.start <= bridged));
    const recentFrom = len - Math.round(this.fsHz * QUALITY_RECENT_SEC);
    const kindsOf = (leads: readonly string[]) => [...new Set(intervals.filter((q) => (q.lead === null || leads.includes(q.lead)) && q.end > recentFrom).map((q) => q.kind))];
    const acquired = CART_CHANNELS.map((lead) => ({ lead, kinds: kindsOf([lead]) }));
    const fromLimbs = kindsOf(['I', 'II']);
    return [...acquired, ...DERIVED_LIMB_LEADS.map((lead) => ({ lead, kinds: fromLimbs }))];
  }

  get settings(): FilterSettings {
    return this.filterSettings;
  }

  private heartRate(): number | null {
    const p = this.peaks;
    if (p.length < 3 || this.latestAbs - p[p.length - 1]! > this.fsHz * HR_STALE_SEC) return null;
    const rr = p.slice(1).map((v, k) => v - p[k]!).sort((a, b) => a - b);
    const median = rr[rr.length >> 1]!;
    return Math.round((60 * this.fsHz) / median);
  }

  private append(counts: Int32Array | null, leadOff: ElectrodeMask): void {
    if (this.blockLen >= this.raw[0]!.length) {
      for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) {
        const bigger = new Float32Array(this.raw[ch]!.length * 2);
        bigger.set(this.raw[ch]!);
        this.raw[ch] = bigger;
      }
    }
    const off = channelsAffected(leadOff);
    const hLen = this.history[0]!.length;
    const h = this.historyEnd % hLen;
    for (let ch = 0; ch < CART_CHANNEL_COUNT; ch++) {
      const mv = counts === null ? Number.NaN : counts[ch]! * this.mvPerCount;
      this.history[ch]![h] = mv;
      this.raw[ch]![this.blockLen] = off & (1 << ch) ? Number.NaN : mv;
    }
    this.historyEnd++;
    this.blockLen++;
    this.latestAbs = this.nextAbs;
    this.nextAbs++;
  }

  /** A long hole (reconnect): filters and detector start over; the next block starts a new segment. */
  private restart(): void {
    const last = this.finishBlock();
    if (last) this.finished.push(last);
    for (const f of this.filters) f.reset();
    this.detector = new StreamingRPeakDetector(CART_CHANNEL_COUNT, this.fsHz);
    this.detectorBase = -1;
    this.peaks.length = 0;
    this.blockStart = -1;
    this.nextAbs = -1;
    for (const h of this.history) h.fill(Number.NaN);
  }
}
