/**
 * Streaming multi-lead R-peak detector.
 *
 * Method: the Pan & Tompkins feature chain (IEEE TBME 1985;32:230-236) -- band-pass, derivative,
 * squaring, moving-window integration -- with Hamilton & Tompkins' median-based adaptive thresholds,
 * refractory period and T-wave slope test (IEEE TBME 1986;33:1157-1165), extended to several leads:
 * - each lead's band-passed |slope| is normalised by its own QRS level (median of its peak slope in
 *   the last 8 beats) and clipped, so no lead dominates by amplitude alone;
 * - leads are averaged with weights from their signal-to-noise ratio (QRS level against the slope
 *   between beats and the running slope), then squared: a missing, flat, QRS-free or noisy lead
 *   loses its weight instead of steering detection, and an event seen in one lead counts less;
 * - a beat must show in every well-weighted lead (one in four may abstain), which rejects
 *   single-lead glitches and P waves; a lead of low weight where the candidate reaches the lead's
 *   full QRS level counts as agreeing (a morphology missed so far, e.g. the sinus beats of
 *   ventricular bigeminy, must not be vetoed by its own isoelectric lead);
 * - search-back is replaced by bounded-latency rules: low-slope (aberrant) beats well above the
 *   noise outside the T-wave zone are accepted when two leads corroborate them, and weaker
 *   candidates when the RR history says a beat is overdue;
 * - a beat must stand 3x above the median noise peak and 6x above the median fused energy of the
 *   last 2 s, so stationary noise and flat lines give no beats.
 * The R peak is the largest deviation from the local baseline in the best-weighted lead.
 *
 * Latency: a candidate is decided LOOK_AHEAD_SEC after the peak of its integrated feature, and its
 * R peak lies at most QRS_SEARCH_SEC before that peak, so an R peak is reported at most 300 ms after
 * the sample that carries it arrives (`latencyMs`, rounded down to whole samples).
 *
 * All durations are physiological constants in seconds converted with fsHz, so the detector works
 * at any rate from 250 to 1000 Hz.
 */
import { designHighPass, designLowPass } from './biquad.ts';
import { ExtractPairSimd, type PairState } from './extract-pair-kernel.ts';
import { belowFactorOfKth, HISTORY, median, pushHistory } from './stats.ts';
import { bridgedGapSamples } from '../gaps.ts';

/** An interval where a lead (or every lead, `lead: null`) must not be used; samples [start, end). */
export interface UnusableInterval {
  readonly lead: number | null;
  readonly start: number;
  readonly end: number;
}

export interface DetectorOptions {
  readonly unusable?: readonly UnusableInterval[];
  /** Feature extraction of lead pairs in WebAssembly SIMD (the default, where the engine has it) or in JavaScript: the same values. */
  readonly extraction?: 'wasm-simd' | 'scalar';
}

// Feature band: the QRS energy band (Pan-Tompkins 5-15 Hz, widened to keep wide ventricular beats).
const BAND_LOW_HZ = 5;
const BAND_HIGH_HZ = 20;
const INTEGRATION_SEC = 0.1; // moving-window integration, about one QRS width
const QRS_SEARCH_SEC = 0.15; // R peak lies within this span before the integrated-feature peak
const LOOK_AHEAD_SEC = 0.15; // wait this long after a feature peak before deciding on it
const LEARNING_SEC = 0.5; // no beat whose feature peaks in the first half second of a stream (levels settle) ...
const LEARNED_HOLD_SEC = 0.2; // ... or, after a learning phase (restartLearned), in the first 0.2 s, where a complex may have begun before the record (its R peak, up to QRS_SEARCH_SEC before the feature peak, may then be reported from about 0.05 s)
const REFRACTORY_SEC = 0.2; // no two beats closer than this (300 bpm)
// A P wave's slope peak precedes its QRS's by the PR interval (0.12-0.3 s, longer in marked
// first-degree block) plus the time to the R peak. On mitdb-ds1 strips 0.36-0.45 s gave the same
// beats; a real beat followed by a premature one came 0.5 s apart or more there.
const PROVISIONAL_P_TO_R_SEC = 0.4;
const T_WAVE_WINDOW_SEC = 0.36; // Hamilton-Tompkins: a late, low-slope candidate is a T wave
const T_WAVE_SLOPE_RATIO = 0.5; // ... whose peak slope is under half that of the last QRS
const NOISE_GAP_SEC = 0.25; // noise is measured from this long after a beat ...
const NOISE_SPAN_SEC = 2; // ... over at most this long
const MISSING_HOLD_SEC = 0.3; // a lead returning from a gap longer than a bridged one (gaps.ts) is ignored while its filters settle
const FLAT_SEC = 3; // no slope above ACTIVE_SLOPE for this long: lead is flat / off (HR >= 20 bpm)
const ACTIVE_SLOPE_MV_S = 2; // band-passed slope of even a 0.2 mV QRS; quantisation and sub-0.05 mV noise stay below
const START_LEVEL_DECAY_SEC = 2; // before its first beat a lead's level is its decaying peak slope
const Z_CAP = 3; // one lead's normalised slope is clipped: an artifact cannot outvote the others
const START_SIGNAL_LEVEL = 0.15; // integrated feature of a typical QRS, before any beat is measured
const THRESHOLD_COEF = 0.3; // detection threshold = noise + coef * (signal - noise)
const LOW_NOISE_RATIO = 8; // outside the T-wave zone, a candidate 8x the noise peaks ...
const LOW_SIGNAL_RATIO = 0.05; // ... and 5 % of the signal peaks is a (low-slope, aberrant) beat
const MIN_SNR = 3; // beat peak / median noise peak
const MIN_PEAK_TO_BACKGROUND = 6; // beat peak / median fused energy of the last seconds
const BACKGROUND_POINTS = 128; // samples of the fused energy used for that median
const QRS_SIZED_SHARE = 0.2; // a slope of this share of the lead's QRS level is QRS-sized (a lead shows a beat)
const AGREEMENT_WEIGHT_SHARE = 0.25; // leads below this share of the best weight do not vote
const WEAK_THRESHOLD_COEF = 0.08; // weaker candidates are accepted when a beat is overdue
const BEAT_DUE_RR_FRACTION = 0.75; // a beat is overdue from 3/4 of the median RR
const ACTIVITY_NOISE_SHARE = 0.5; // share of the running mean slope counted as noise
const ACTIVITY_TIME_CONSTANT_SEC = 1; // running mean |slope| per lead
// Lead weights and fusion run at >= 120 Hz (every fuseStride-th sample, held in between): the fused
// feature is a squared 5-20 Hz slope whose energy lies below ~40 Hz (Pan & Tompkins ran their whole
// detector at 200 Hz), and the 100 ms integration averages over 12 or more of its values. Filters,
// the decision tests and the R peak itself stay at the full rate.
const FEATURE_RATE_HZ = 120;
const EXTRACT_BLOCK = 256; // samples per lead extracted ahead of fusion
const SNR_NOISE_WEIGHT = 10; // lead weight = (S / (S + 10 N))^4, N = mean inter-beat slope

export class StreamingRPeakDetector {
  /** Upper bound of the delay between an R peak sample's arrival and its report. */
  readonly latencyMs: number;
  readonly leadCount: number;
  readonly fsHz: number;

  // Feature band-pass coefficients (high-pass section h*, low-pass sections l*, see biquad.ts).
  private readonly hb0: number;
  private readonly hb1: number;
  private readonly hb2: number;
  private readonly ha1: number;
  private readonly ha2: number;
  private readonly lb0: number;
  private readonly lb1: number;
  private readonly lb2: number;
  private readonly la1: number;
  private readonly la2: number;
  private readonly integrationLen: number;
  private readonly qrsSearchLen: number;
  private readonly lookAheadLen: number;
  private readonly refractoryLen: number;
  private readonly tWaveLen: number;
  private readonly pToRLen: number;
  private readonly noiseGapLen: number;
  private readonly noiseSpanLen: number;
  private readonly missingHoldLen: number;
  private readonly bridgeLen: number;
  private readonly flatLen: number;
  private readonly learningLen: number;
  private readonly learnedHoldLen: number;
  /** No beat whose feature peaks before this sample is reported: learningLen, or learnedHoldLen after restartLearned (set by reset). */
  private startHoldLen = 0;
  /** Whether this stream restarted learned (restartLearned) and has not reset since. */
  private learnedStart = false;
  /** The first beat after a learned restart, held back while it may be a P wave (see decide), or -1. */
  private provisionalR = -1;
  private provisionalPeakIdx = -1;
  private readonly ringMask: number;
  private readonly activityAlpha: number;
  private readonly startLevelDecay: number;
  private readonly fuseStride: number;
  private readonly unusable: UnusableInterval[];

  // Per-lead state, indexed by lead.
  private readonly offset: Float64Array;
  private readonly needInit: Uint8Array;
  private readonly hpState: Float64Array; // 2 per lead
  private readonly lpState: Float64Array; // 2 per lead
  private readonly lp2State: Float64Array;
  private readonly prevY: Float64Array;
  private readonly lastActive: Float64Array;
  private readonly missingUntil: Float64Array;
  private readonly lastX: Float64Array; // last finite sample, held through a bridged gap
  private readonly gapRun: Int32Array; // missing samples in a row up to now
  private readonly qrsLevel: Float64Array; // S: median peak |slope| of the last beats (mV/s)
  private readonly noiseLevel: Float64Array; // N: median inter-beat mean |slope| (mV/s)
  private readonly activity: Float64Array; // running mean |slope| (all samples)
  private readonly weight: Float64Array;
  private readonly qrsHist: Float64Array; // HISTORY per lead
  private readonly noiseHist: Float64Array;
  private readonly levelCount: Int32Array;
  private readonly noiseCount: Int32Array;
  private readonly usableNow: Uint8Array;
  private readonly votingNow: Uint8Array; // usable and showing QRS-sized slopes
  private readonly lastQrsSized: Float64Array;
  private readonly blockedUntil: Float64Array;
  private readonly nextBlockCheck: Float64Array;

  // Rings indexed by sample & ringMask.
  private readonly rawRing: Float32Array; // per lead: lead * ringLen + i
  private readonly energyRing: Float32Array; // per lead band-passed |slope| (mV/s)
  private readonly activityRing: Float32Array; // per lead running mean |slope| at each sample
  private readonly inputOkRing: Uint8Array; // per lead: present, settled and not flat at each sample
  private readonly fusedRing: Float32Array; // squared weighted mean of normalised slopes
  private readonly ringLen: number;
  // The pair extraction in WebAssembly SIMD, whose memory holds the rings (null: JavaScript).
  private readonly simd: ExtractPairSimd | null;
  private readonly pairState: PairState;

  // Global state.
  private n = 0; // samples consumed
  private integSum = 0;
  private heldFused = 0; // fused feature of the last fused sample
  private lastInteg = 0; // integrated feature of the last sample (Float32)
  private pendingIdx = -1;
  private pendingVal = 0;
  private rising = false;
  private lastBeatIdx = -1; // feature-peak index of the last beat
  private lastBeatSlope = 0;
  private scaleSince = 0; // sample from which the fused feature uses measured lead levels
  private ringFloor = 0; // oldest sample still held by every ring
  private readonly spkHist = new Float64Array(HISTORY);
  private spkCount = 0;
  private readonly npkHist = new Float64Array(HISTORY);
  private npkCount = 0;
  private readonly rrHist = new Float64Array(HISTORY);
  private rrCount = 0;
  // Their medians (0, 0 and Infinity while empty), updated where the histories change: decide()
  // reads them for every candidate, and most candidates change one history or none.
  private spkMedian = 0;
  private npkMedian = 0;
  private rrMedian = Infinity;
  private readonly scratch = new Float64Array(HISTORY);
  private readonly backgroundScratch = new Float64Array(BACKGROUND_POINTS);
  // fuseLeads' result: written here rather than returned, as a returned double is boxed on the heap
  // (an allocation per fused sample) when the call is not inlined.
  private readonly fusedNow = new Float64Array(1);
  private out = new Int32Array(64);
  private outCount = 0;

  constructor(leadCount: number, fsHz: number, options: DetectorOptions = {}) {
    if (!Number.isInteger(leadCount) || leadCount < 1) throw new RangeError('leadCount must be a positive integer');
    if (!Number.isFinite(fsHz) || fsHz < 50) throw new RangeError('fsHz must be a finite rate of at least 50 Hz');
    this.leadCount = leadCount;
    this.fsHz = fsHz;
    [this.hb0, this.hb1, this.hb2, this.ha1, this.ha2] = designHighPass(BAND_LOW_HZ, fsHz);
    [this.lb0, this.lb1, this.lb2, this.la1, this.la2] = designLowPass(Math.min(BAND_HIGH_HZ, fsHz / 4), fsHz);
    const len = (sec: number): number => Math.max(1, Math.round(sec * fsHz));
    this.integrationLen = len(INTEGRATION_SEC);
    this.qrsSearchLen = len(QRS_SEARCH_SEC);
    // Rounded down so that search span + look-ahead never exceeds the stated latency.
    this.lookAheadLen = Math.max(1, Math.floor((QRS_SEARCH_SEC + LOOK_AHEAD_SEC) * fsHz) - this.qrsSearchLen);
    this.refractoryLen = len(REFRACTORY_SEC);
    this.tWaveLen = len(T_WAVE_WINDOW_SEC);
    this.pToRLen = len(PROVISIONAL_P_TO_R_SEC);
    this.noiseGapLen = len(NOISE_GAP_SEC);
    this.noiseSpanLen = len(NOISE_SPAN_SEC);
    this.missingHoldLen = len(MISSING_HOLD_SEC);
    this.bridgeLen = bridgedGapSamples(fsHz);
    this.flatLen = len(FLAT_SEC);
    this.learningLen = len(LEARNING_SEC);
    this.learnedHoldLen = len(LEARNED_HOLD_SEC);
    this.activityAlpha = 1 / (ACTIVITY_TIME_CONSTANT_SEC * fsHz);
    this.fuseStride = Math.max(1, Math.floor(fsHz / FEATURE_RATE_HZ));
    // Per fused sample, so the start-up level decays at the same rate in seconds.
    this.startLevelDecay = Math.exp(-this.fuseStride / (START_LEVEL_DECAY_SEC * fsHz));
    this.latencyMs = ((this.qrsSearchLen + this.lookAheadLen) * 1000) / fsHz;
    let ring = 1;
    // History any decision looks back over, plus one extraction block written ahead of fusion.
    while (ring < this.noiseSpanLen + this.qrsSearchLen + this.lookAheadLen + this.integrationLen + EXTRACT_BLOCK + 8) ring <<= 1;
    this.ringLen = ring;
    this.ringMask = ring - 1;
    this.unusable = [...(options.unusable ?? [])];

    this.offset = new Float64Array(leadCount);
    this.needInit = new Uint8Array(leadCount);
    this.hpState = new Float64Array(2 * leadCount);
    this.lpState = new Float64Array(2 * leadCount);
    this.lp2State = new Float64Array(2 * leadCount);
    this.prevY = new Float64Array(leadCount);
    this.lastActive = new Float64Array(leadCount);
    this.missingUntil = new Float64Array(leadCount);
    this.lastX = new Float64Array(leadCount);
    this.gapRun = new Int32Array(leadCount);
    this.qrsLevel = new Float64Array(leadCount);
    this.noiseLevel = new Float64Array(leadCount);
    this.activity = new Float64Array(leadCount);
    this.weight = new Float64Array(leadCount);
    this.qrsHist = new Float64Array(HISTORY * leadCount);
    this.noiseHist = new Float64Array(HISTORY * leadCount);
    this.levelCount = new Int32Array(leadCount);
    this.noiseCount = new Int32Array(leadCount);
    this.usableNow = new Uint8Array(leadCount);
    this.votingNow = new Uint8Array(leadCount);
    this.lastQrsSized = new Float64Array(leadCount);
    this.blockedUntil = new Float64Array(leadCount);
    this.nextBlockCheck = new Float64Array(leadCount);
    this.pairState = { hpState: this.hpState, lpState: this.lpState, lp2State: this.lp2State, offset: this.offset, prevY: this.prevY, activity: this.activity, lastActive: this.lastActive, missingUntil: this.missingUntil };
    const constants = [this.hb0, this.hb1, this.hb2, this.ha1, this.ha2, this.lb0, this.lb1, this.lb2, this.la1, this.la2, fsHz, this.activityAlpha, this.flatLen, ACTIVE_SLOPE_MV_S];
    this.simd = leadCount < 2 || options.extraction === 'scalar' ? null : ExtractPairSimd.create(ring, leadCount, constants);
    this.rawRing = this.simd?.rawRing ?? new Float32Array(ring * leadCount);
    this.energyRing = this.simd?.energyRing ?? new Float32Array(ring * leadCount);
    this.activityRing = this.simd?.activityRing ?? new Float32Array(ring * leadCount);
    this.inputOkRing = this.simd?.inputOkRing ?? new Uint8Array(ring * leadCount);
    this.fusedRing = new Float32Array(ring);
    this.reset();
  }

  /**
   * Starts again from sample 0 keeping what was learned about this patient's complexes: the lead QRS
   * and noise levels and weights, the signal, noise and RR histories. Pan & Tompkins (IEEE TBME
   * 1985) set their thresholds in a learning phase over the first seconds and then detect from the
   * start; without it the first beats of a short recording meet start-up levels that do not yet
   * know the QRS size (in 10-s strips of mitdb-ds1, 38 % of the beats in 0.5-0.6 s were missed).
   */
  restartLearned(): void {
    const learned = [this.qrsLevel, this.noiseLevel, this.weight, this.qrsHist, this.noiseHist, this.levelCount, this.noiseCount, this.spkHist, this.npkHist, this.rrHist];
    const kept = learned.map((a) => a.slice());
    const { spkCount, npkCount, rrCount, lastBeatSlope } = this;
    this.reset(); // refills these arrays in place
    learned.forEach((a, k) => a.set(kept[k]!));
    this.spkCount = spkCount;
    this.npkCount = npkCount;
    this.rrCount = rrCount;
    this.lastBeatSlope = lastBeatSlope;
    this.spkMedian = spkCount > 0 ? median(this.spkHist, 0, spkCount, this.scratch) : 0;
    this.npkMedian = median(this.npkHist, 0, npkCount, this.scratch);
    this.rrMedian = rrCount > 0 ? median(this.rrHist, 0, rrCount, this.scratch) : Infinity;
    // The levels are known, so only a complex cut by the record's start is left to keep out: in 10-s
    // strips of mitdb-ds1, 995 of 1,501 beats in 0.2-0.5 s were missed with the half-second hold, 7 now.
    this.startHoldLen = this.learnedHoldLen;
    this.learnedStart = true;
  }

  /** Forget all signal history (new patient / new recording); unusable intervals are kept. */
  reset(): void {
    this.n = 0;
    this.startHoldLen = this.learningLen;
    this.learnedStart = false;
    this.provisionalR = -1;
    this.provisionalPeakIdx = -1;
    this.integSum = 0;
    this.heldFused = 0;
    this.lastInteg = 0;
    this.pendingIdx = -1;
    this.pendingVal = 0;
    this.rising = false;
    this.lastBeatIdx = -1;
    this.lastBeatSlope = 0;
    this.scaleSince = 0;
    this.ringFloor = 0;
    this.spkCount = 0;
    this.npkCount = 0;
    this.rrCount = 0;
    this.spkMedian = 0;
    this.npkMedian = 0;
    this.rrMedian = Infinity;
    this.outCount = 0;
    this.needInit.fill(1);
    this.nextBlockCheck.fill(0);
    this.blockedUntil.fill(-1);
    this.hpState.fill(0);
    this.lpState.fill(0);
    this.lp2State.fill(0);
    this.prevY.fill(0);
    this.lastActive.fill(-Infinity);
    this.lastQrsSized.fill(0); // every lead is presumed to show QRS complexes at the start
    this.votingNow.fill(0);
    this.missingUntil.fill(0);
    this.lastX.fill(0);
    this.gapRun.fill(0);
    this.qrsLevel.fill(ACTIVE_SLOPE_MV_S);
    this.noiseLevel.fill(0);
    this.activity.fill(0);
    this.weight.fill(1);
    this.levelCount.fill(0);
    this.noiseCount.fill(0);
    this.rawRing.fill(Number.NaN);
    this.energyRing.fill(0);
    this.activityRing.fill(0);
    this.inputOkRing.fill(0);
    this.fusedRing.fill(0);
  }

  /** Declares an interval where a lead (or all leads) must be ignored; affects samples not yet pushed. */
  addUnusable(interval: UnusableInterval): void {
    this.unusable.push(interval);
    this.nextBlockCheck.fill(0);
  }

  /**
   * Consumes the next samples of every lead (mV, NaN = missing; all chunks the same length) and
   * returns the R peaks (absolute sample indices, ascending) decided while consuming them.
   */
  push(chunk: readonly Float32Array[]): Int32Array {
    if (chunk.length !== this.leadCount) throw new RangeError('push needs one array per lead');
    const len = chunk[0]?.length ?? 0;
    for (const c of chunk) if (c.length !== len) throw new RangeError('all leads must have the same chunk length');
    this.outCount = 0;
    this.consume(chunk, len);
    return this.out.slice(0, this.outCount);
  }

  /** End of the recording: decides the candidate still waiting for its look-ahead. */
  flush(): Int32Array {
    this.outCount = 0;
    if (this.pendingIdx >= 0) this.decide(this.pendingIdx, this.pendingVal);
    this.pendingIdx = -1;
    if (this.provisionalR >= 0) this.emit(this.provisionalR);
    this.provisionalR = -1;
    return this.out.slice(0, this.outCount);
  }

  /** Whether `lead` is declared unusable at sample n (n never decreases between calls). */
  private blockedAt(lead: number, n: number): boolean {
    if (n >= (this.nextBlockCheck[lead] ?? 0)) {
      // Re-evaluated only where an interval starts or ends, not at every sample.
      let until = -1;
      let next = Infinity;
      for (const u of this.unusable) {
        if (u.lead !== null && u.lead !== lead) continue;
        if (n >= u.start && n < u.end) until = Math.max(until, u.end);
        else if (u.start > n) next = Math.min(next, u.start);
      }
      this.blockedUntil[lead] = until;
      this.nextBlockCheck[lead] = until > n ? until : next;
    }
    return n < (this.blockedUntil[lead] ?? -1);
  }

  private leadBlocked(lead: number, sample: number): boolean {
    for (const u of this.unusable) {
      if ((u.lead === null || u.lead === lead) && sample >= u.start && sample < u.end) return true;
    }
    return false;
  }

  /**
   * Feature extraction lead by lead over the whole chunk (filter state stays in locals), then
   * fusion sample by sample. The first pass depends on the input only, so results do not depend on
   * how the stream is chunked.
   */
  private consume(chunk: readonly Float32Array[], len: number): void {
    for (let from = 0; from < len; from += EXTRACT_BLOCK) {
      const blockLen = Math.min(EXTRACT_BLOCK, len - from);
      const n0 = this.n;
      let lead = 0;
      for (; lead + 1 < this.leadCount; lead += 2) {
        if (this.simd === null ? this.extractPair(lead, chunk[lead], chunk[lead + 1], from, n0, blockLen) : this.extractPairSimd(this.simd, lead, chunk[lead], chunk[lead + 1], from, n0, blockLen)) {
          // The pair kernels see finite samples only: the block's last sample is each lead's last value.
          this.lastX[lead] = chunk[lead]![from + blockLen - 1]!;
          this.lastX[lead + 1] = chunk[lead + 1]![from + blockLen - 1]!;
          this.gapRun[lead] = 0;
          this.gapRun[lead + 1] = 0;
          continue;
        }
        this.extractLead(lead, chunk[lead], from, n0, blockLen);
        this.extractLead(lead + 1, chunk[lead + 1], from, n0, blockLen);
      }
      for (; lead < this.leadCount; lead++) this.extractLead(lead, chunk[lead], from, n0, blockLen);
      this.ringFloor = Math.max(0, n0 + blockLen - this.ringLen);
      if (this.leadCount === 2) this.fuseBlockPair(n0, blockLen);
      else this.fuseBlock(n0, blockLen);
    }
  }

  /**
   * Fusion, integration and candidate tracking, sample by sample, over an extracted block. The lead
   * weights and the fused feature are computed every fuseStride-th sample and held in between (see
   * FEATURE_RATE_HZ); integration and candidates run at the full rate. The integration and
   * candidate state live in locals for the block and go back to the detector at its end; before
   * each decision only the sample count is written back (decisions read nothing else of it).
   */
  private fuseBlock(n0: number, len: number): void {
    const { ringMask, fusedRing, integrationLen, lookAheadLen, fuseStride } = this;
    let { integSum, pendingIdx, pendingVal, rising, heldFused, lastInteg } = this;
    // n % fuseStride, kept by counting (an integer division per sample costs more than the fusion saves).
    let phase = n0 % fuseStride;
    for (let i = 0; i < len; i++) {
      const n = n0 + i;
      const slot = n & ringMask;
      if (phase === 0) {
        this.fuseLeads(n, slot);
        heldFused = this.fusedNow[0]!;
      }
      if (++phase === fuseStride) phase = 0;
      const fused = heldFused;
      const oldFused = fusedRing[(n - integrationLen) & ringMask]!;
      fusedRing[slot] = fused;
      integSum += fused - (n >= integrationLen ? oldFused : 0);
      if (integSum < 0) integSum = 0; // rounding drift
      const integ = integSum / integrationLen;
      // The previous sample's integrated feature, as Float32 (it was kept in a Float32 ring).
      const prev = lastInteg;
      lastInteg = Math.fround(integ);

      // Candidate = running maximum of the integrated feature since it last started rising; any
      // higher value within the look-ahead supersedes it (a P wave never pre-empts its QRS).
      if (rising) {
        if (integ > pendingVal) {
          pendingIdx = n;
          pendingVal = integ;
        }
      } else if (n >= 1 && integ > prev) {
        rising = true;
        pendingIdx = n;
        pendingVal = integ;
      }
      if (pendingIdx >= 0 && n - pendingIdx >= lookAheadLen) {
        this.n = n + 1;
        this.decide(pendingIdx, pendingVal);
        pendingIdx = -1;
        pendingVal = 0;
        rising = false;
      }
    }
    this.n = n0 + len;
    this.integSum = integSum;
    this.heldFused = heldFused;
    this.lastInteg = lastInteg;
    this.pendingIdx = pendingIdx;
    this.pendingVal = pendingVal;
    this.rising = rising;
  }

  /**
   * fuseBlock for exactly two leads, with fuseLeads written out per lead and the per-lead state it
   * reads and writes (QRS and noise levels, block check, last QRS-sized slope, weight, usable and
   * voting flags) held in locals over the block: fuseLeads touched ~15 typed arrays a lead per call.
   * The locals go back to the arrays before each decision (which reads them and updates the levels,
   * read back after it) and at the block's end. The same operations in the same order as fuseBlock
   * and fuseLeads, so the same values (test/main/ekg/detect/fuse-pair.test.ts).
   */
  private fuseBlockPair(n0: number, len: number): void {
    const { ringMask, ringLen, fusedRing, integrationLen, lookAheadLen, fuseStride, startLevelDecay, flatLen } = this;
    const { rawRing, energyRing, activityRing, inputOkRing, nextBlockCheck, blockedUntil } = this;
    const { usableNow, votingNow, qrsLevel, levelCount, noiseLevel, weight, lastQrsSized } = this;
    let { integSum, pendingIdx, pendingVal, rising, heldFused, lastInteg } = this;
    // Lead A (0) and B (1): QRS level, no beat measured yet, noise level, interval check and the
    // interval's end, last QRS-sized sample, weight, usable and voting at the last fused sample.
    let levelA = qrsLevel[0]!, startA = levelCount[0] === 0, noiseA = noiseLevel[0]!, checkA = nextBlockCheck[0]!, untilA = blockedUntil[0]!;
    let levelB = qrsLevel[1]!, startB = levelCount[1] === 0, noiseB = noiseLevel[1]!, checkB = nextBlockCheck[1]!, untilB = blockedUntil[1]!;
    let sizedA = lastQrsSized[0]!, weightA = weight[0]!, usableA = usableNow[0]!, votingA = votingNow[0]!;
    let sizedB = lastQrsSized[1]!, weightB = weight[1]!, usableB = usableNow[1]!, votingB = votingNow[1]!;
    let phase = n0 % fuseStride;
    for (let i = 0; i < len; i++) {
      const n = n0 + i;
      const slot = n & ringMask;
      if (phase === 0) {
        let acc = 0;
        let wsum = 0;
        let accShowing = 0;
        let wsumShowing = 0;
        votingA = 0;
        const rawA = rawRing[slot]!;
        if (rawA !== rawA) {
          usableA = 0;
        } else {
          const e = energyRing[slot]!;
          if (startA) levelA = Math.max(e, levelA * startLevelDecay, ACTIVE_SLOPE_MV_S);
          let usable = inputOkRing[slot] === 1;
          if (usable) {
            if (n >= checkA) {
              usable = !this.blockedAt(0, n);
              checkA = nextBlockCheck[0]!;
              untilA = blockedUntil[0]!;
            } else {
              usable = !(n < untilA);
            }
          }
          usableA = usable ? 1 : 0;
          if (usable) {
            if (e >= QRS_SIZED_SHARE * levelA) sizedA = n;
            const noise = Math.max(noiseA, ACTIVITY_NOISE_SHARE * activityRing[slot]!);
            const q = levelA / (levelA + SNR_NOISE_WEIGHT * noise);
            const w = q * q * q * q;
            weightA = w;
            const wz = w * Math.min(e / levelA, Z_CAP);
            acc += wz;
            wsum += w;
            if (n - sizedA < flatLen) {
              accShowing += wz;
              wsumShowing += w;
              votingA = 1;
            }
          }
        }
        const slotB = ringLen + slot;
        votingB = 0;
        const rawB = rawRing[slotB]!;
        if (rawB !== rawB) {
          usableB = 0;
        } else {
          const e = energyRing[slotB]!;
          if (startB) levelB = Math.max(e, levelB * startLevelDecay, ACTIVE_SLOPE_MV_S);
          let usable = inputOkRing[slotB] === 1;
          if (usable) {
            if (n >= checkB) {
              usable = !this.blockedAt(1, n);
              checkB = nextBlockCheck[1]!;
              untilB = blockedUntil[1]!;
            } else {
              usable = !(n < untilB);
            }
          }
          usableB = usable ? 1 : 0;
          if (usable) {
            if (e >= QRS_SIZED_SHARE * levelB) sizedB = n;
            const noise = Math.max(noiseB, ACTIVITY_NOISE_SHARE * activityRing[slotB]!);
            const q = levelB / (levelB + SNR_NOISE_WEIGHT * noise);
            const w = q * q * q * q;
            weightB = w;
            const wz = w * Math.min(e / levelB, Z_CAP);
            acc += wz;
            wsum += w;
            if (n - sizedB < flatLen) {
              accShowing += wz;
              wsumShowing += w;
              votingB = 1;
            }
          }
        }
        if (wsumShowing > 0) {
          acc = accShowing;
          wsum = wsumShowing;
        } else {
          votingA = usableA;
          votingB = usableB;
        }
        const meanSlope = wsum > 0 ? acc / wsum : 0;
        heldFused = meanSlope * meanSlope;
      }
      if (++phase === fuseStride) phase = 0;
      const fused = heldFused;
      const oldFused = fusedRing[(n - integrationLen) & ringMask]!;
      fusedRing[slot] = fused;
      integSum += fused - (n >= integrationLen ? oldFused : 0);
      if (integSum < 0) integSum = 0; // rounding drift
      const integ = integSum / integrationLen;
      const prev = lastInteg;
      lastInteg = Math.fround(integ);

      if (rising) {
        if (integ > pendingVal) {
          pendingIdx = n;
          pendingVal = integ;
        }
      } else if (n >= 1 && integ > prev) {
        rising = true;
        pendingIdx = n;
        pendingVal = integ;
      }
      if (pendingIdx >= 0 && n - pendingIdx >= lookAheadLen) {
        this.n = n + 1;
        qrsLevel[0] = levelA;
        qrsLevel[1] = levelB;
        lastQrsSized[0] = sizedA;
        lastQrsSized[1] = sizedB;
        weight[0] = weightA;
        weight[1] = weightB;
        usableNow[0] = usableA;
        usableNow[1] = usableB;
        votingNow[0] = votingA;
        votingNow[1] = votingB;
        this.decide(pendingIdx, pendingVal);
        // A beat updates the lead levels (updateLeadLevels).
        levelA = qrsLevel[0]!;
        levelB = qrsLevel[1]!;
        startA = levelCount[0] === 0;
        startB = levelCount[1] === 0;
        noiseA = noiseLevel[0]!;
        noiseB = noiseLevel[1]!;
        pendingIdx = -1;
        pendingVal = 0;
        rising = false;
      }
    }
    qrsLevel[0] = levelA;
    qrsLevel[1] = levelB;
    lastQrsSized[0] = sizedA;
    lastQrsSized[1] = sizedB;
    weight[0] = weightA;
    weight[1] = weightB;
    usableNow[0] = usableA;
    usableNow[1] = usableB;
    votingNow[0] = votingA;
    votingNow[1] = votingB;
    this.n = n0 + len;
    this.integSum = integSum;
    this.heldFused = heldFused;
    this.lastInteg = lastInteg;
    this.pendingIdx = pendingIdx;
    this.pendingVal = pendingVal;
    this.rising = rising;
  }

  /**
   * Lead states, weights and the fused feature at sample n: the weighted mean of the leads'
   * normalised slopes, squared (Pan-Tompkins' squaring), so an event seen in one lead only counts
   * for less than one seen in all of them.
   */
  private fuseLeads(n: number, slot: number): void {
    const { ringLen, leadCount, rawRing, energyRing, activityRing, inputOkRing, nextBlockCheck, blockedUntil } = this;
    const { usableNow, votingNow, qrsLevel, levelCount, noiseLevel, weight, lastQrsSized, startLevelDecay, flatLen } = this;
    let acc = 0;
    let wsum = 0;
    let accShowing = 0;
    let wsumShowing = 0;
    for (let lead = 0; lead < leadCount; lead++) {
      const ringIdx = lead * ringLen + slot;
      votingNow[lead] = 0;
      const raw = rawRing[ringIdx]!;
      if (raw !== raw) {
        usableNow[lead] = 0;
        continue;
      }
      const e = energyRing[ringIdx]!;
      let level = qrsLevel[lead]!;
      if (levelCount[lead] === 0) {
        // No beat measured yet: the lead's level is its recent peak slope (decaying, so that a
        // start-up artifact does not hide the first complexes).
        level = Math.max(e, level * startLevelDecay, ACTIVE_SLOPE_MV_S);
        qrsLevel[lead] = level;
      }
      // blockedAt, whose interval search runs only where an interval starts or ends.
      const usable = inputOkRing[ringIdx] === 1 && !(n >= nextBlockCheck[lead]! ? this.blockedAt(lead, n) : n < blockedUntil[lead]!);
      usableNow[lead] = usable ? 1 : 0;
      if (!usable) continue;
      if (e >= QRS_SIZED_SHARE * level) lastQrsSized[lead] = n;
      // Lead weight from its QRS level against its noise: the beat-synchronous inter-beat level,
      // or the running activity when that is higher (a lead that turns noisy loses its weight at
      // once, without waiting for beats that the noise itself may hide).
      const noise = Math.max(noiseLevel[lead]!, ACTIVITY_NOISE_SHARE * activityRing[ringIdx]!);
      const q = level / (level + SNR_NOISE_WEIGHT * noise);
      const w = q * q * q * q;
      weight[lead] = w;
      const wz = w * Math.min(e / level, Z_CAP);
      acc += wz;
      wsum += w;
      // A lead without a single QRS-sized slope for FLAT_SEC (saturated and recovering, lead off
      // with drift, or its QRS gone) does not vote while other leads still show complexes.
      if (n - lastQrsSized[lead]! < flatLen) {
        accShowing += wz;
        wsumShowing += w;
        votingNow[lead] = 1;
      }
    }
    if (wsumShowing > 0) {
      acc = accShowing;
      wsum = wsumShowing;
    } else {
      votingNow.set(usableNow);
    }
    // Integration: leads are averaged in slope units, then squared (Pan-Tompkins' squaring), so an
    // event seen in one lead only counts for less than one seen in all of them.
    const meanSlope = wsum > 0 ? acc / wsum : 0;
    this.fusedNow[0] = meanSlope * meanSlope;
  }

  /** Band-passed |slope|, running activity and input validity of one lead over a chunk. */
  private extractLead(lead: number, src: Float32Array | undefined, from: number, n0: number, len: number): void {
    const { hb0, hb1, hb2, ha1, ha2, lb0, lb1, lb2, la1, la2, ringMask, fsHz: fs, activityAlpha, flatLen, missingHoldLen, bridgeLen } = this;
    const { rawRing, energyRing, activityRing, inputOkRing, hpState, lpState, lp2State } = this;
    const base = lead * this.ringLen;
    const k = 2 * lead;
    // Filter state in locals for the whole chunk.
    let h1 = hpState[k] ?? 0;
    let h2 = hpState[k + 1] ?? 0;
    let l1 = lpState[k] ?? 0;
    let l2 = lpState[k + 1] ?? 0;
    let m1 = lp2State[k] ?? 0;
    let m2 = lp2State[k + 1] ?? 0;
    let offset = this.offset[lead] ?? 0;
    let prevY = this.prevY[lead] ?? 0;
    let act = this.activity[lead] ?? 0;
    let lastActive = this.lastActive[lead] ?? -Infinity;
    let missingUntil = this.missingUntil[lead] ?? 0;
    let needInit = this.needInit[lead] === 1;
    let lastX = this.lastX[lead] ?? 0;
    let gapRun = this.gapRun[lead] ?? 0;
    for (let i = 0; i < len; i++) {
      const n = n0 + i;
      const ringIdx = base + (n & ringMask);
      let x = src?.[from + i] ?? Number.NaN;
      if (!Number.isFinite(x)) {
        gapRun++;
        if (needInit || gapRun > bridgeLen) {
          rawRing[ringIdx] = Number.NaN;
          energyRing[ringIdx] = 0;
          activityRing[ringIdx] = act;
          inputOkRing[ringIdx] = 0;
          needInit = true;
          missingUntil = n + missingHoldLen;
          continue;
        }
        // A bridged gap (gaps.ts): the filters run on through it on the lead's last value, inside the
        // detector only. The lead stays usable on its held value (were it not, a frame lost in every lead
        // at the sample where a candidate is decided would leave no lead to vote). The held value
        // repeats a real sample, which wins a tie for the R peak (locateRPeak keeps the first).
        x = lastX;
      } else {
        gapRun = 0;
        lastX = x;
      }
      if (needInit) {
        // Start the filters at steady state for this level: no step transient on (re)connection.
        offset = x;
        h1 = h2 = l1 = l2 = m1 = m2 = 0;
        prevY = 0;
        needInit = false;
      }
      rawRing[ringIdx] = x;
      // Transposed direct form II biquads: high-pass, then two low-pass sections (a 4th-order
      // roll-off keeps muscle noise out of the slope).
      const u = x - offset;
      const hy = hb0 * u + h1;
      h1 = hb1 * u - ha1 * hy + h2;
      h2 = hb2 * u - ha2 * hy;
      const y1 = lb0 * hy + l1;
      l1 = lb1 * hy - la1 * y1 + l2;
      l2 = lb2 * hy - la2 * y1;
      const y = lb0 * y1 + m1;
      m1 = lb1 * y1 - la1 * y + m2;
      m2 = lb2 * y1 - la2 * y;
      const e = Math.abs((y - prevY) * fs); // |slope|, mV/s
      prevY = y;
      energyRing[ringIdx] = e;
      act += activityAlpha * (e - act);
      activityRing[ringIdx] = act;
      if (e > ACTIVE_SLOPE_MV_S) lastActive = n;
      inputOkRing[ringIdx] = n >= missingUntil && n - lastActive < flatLen ? 1 : 0;
    }
    hpState[k] = h1;
    hpState[k + 1] = h2;
    lpState[k] = l1;
    lpState[k + 1] = l2;
    lp2State[k] = m1;
    lp2State[k + 1] = m2;
    this.offset[lead] = offset;
    this.prevY[lead] = prevY;
    this.activity[lead] = act;
    this.lastActive[lead] = lastActive;
    this.missingUntil[lead] = missingUntil;
    this.needInit[lead] = needInit ? 1 : 0;
    this.lastX[lead] = lastX;
    this.gapRun[lead] = gapRun;
  }

  /**
   * extractLead for leads `lead` and `lead + 1` side by side, when both are running (filters started)
   * and have only finite samples in this block; otherwise returns false with the leads' state
   * untouched (their ring slots of this block are then rewritten by extractLead). The filter
   * recursions are latency-bound, so two independent ones in one loop run in about the time of one.
   * Same arithmetic as extractLead, so the same values.
   */
  private extractPair(lead: number, srcA: Float32Array | undefined, srcB: Float32Array | undefined, from: number, n0: number, len: number): boolean {
    if (srcA === undefined || srcB === undefined || this.needInit[lead] === 1 || this.needInit[lead + 1] === 1) return false;
    const { hb0, hb1, hb2, ha1, ha2, lb0, lb1, lb2, la1, la2, ringMask, fsHz: fs, activityAlpha, flatLen } = this;
    const { rawRing, energyRing, activityRing, inputOkRing, hpState, lpState, lp2State } = this;
    const baseA = lead * this.ringLen;
    const baseB = baseA + this.ringLen;
    const k = 2 * lead; // lead + 1's filter states follow at k + 2, k + 3
    // Lead A: filter states h, l, m; lead B: g, j, o.
    let h1 = hpState[k]!, h2 = hpState[k + 1]!, l1 = lpState[k]!, l2 = lpState[k + 1]!, m1 = lp2State[k]!, m2 = lp2State[k + 1]!;
    let g1 = hpState[k + 2]!, g2 = hpState[k + 3]!, j1 = lpState[k + 2]!, j2 = lpState[k + 3]!, o1 = lp2State[k + 2]!, o2 = lp2State[k + 3]!;
    const offsetA = this.offset[lead]!;
    const offsetB = this.offset[lead + 1]!;
    const missingUntilA = this.missingUntil[lead]!;
    const missingUntilB = this.missingUntil[lead + 1]!;
    let prevA = this.prevY[lead]!;
    let prevB = this.prevY[lead + 1]!;
    let actA = this.activity[lead]!;
    let actB = this.activity[lead + 1]!;
    let lastActiveA = this.lastActive[lead]!;
    let lastActiveB = this.lastActive[lead + 1]!;
    // x - x is 0 for a finite sample and NaN otherwise: the sum says whether the block was all
    // finite, checked once at its end instead of in a pass of its own before it.
    let notFinite = 0;
    for (let i = 0; i < len; i++) {
      const n = n0 + i;
      const ringA = baseA + (n & ringMask);
      const ringB = baseB + (n & ringMask);
      const xa = srcA[from + i]!;
      const xb = srcB[from + i]!;
      notFinite += xa - xa + (xb - xb);
      rawRing[ringA] = xa;
      rawRing[ringB] = xb;
      const ua = xa - offsetA;
      const ub = xb - offsetB;
      const ha = hb0 * ua + h1;
      const hb = hb0 * ub + g1;
      h1 = hb1 * ua - ha1 * ha + h2;
      g1 = hb1 * ub - ha1 * hb + g2;
      h2 = hb2 * ua - ha2 * ha;
      g2 = hb2 * ub - ha2 * hb;
      const la = lb0 * ha + l1;
      const lb = lb0 * hb + j1;
      l1 = lb1 * ha - la1 * la + l2;
      j1 = lb1 * hb - la1 * lb + j2;
      l2 = lb2 * ha - la2 * la;
      j2 = lb2 * hb - la2 * lb;
      const ya = lb0 * la + m1;
      const yb = lb0 * lb + o1;
      m1 = lb1 * la - la1 * ya + m2;
      o1 = lb1 * lb - la1 * yb + o2;
      m2 = lb2 * la - la2 * ya;
      o2 = lb2 * lb - la2 * yb;
      const ea = Math.abs((ya - prevA) * fs);
      const eb = Math.abs((yb - prevB) * fs);
      prevA = ya;
      prevB = yb;
      energyRing[ringA] = ea;
      energyRing[ringB] = eb;
      actA += activityAlpha * (ea - actA);
      actB += activityAlpha * (eb - actB);
      activityRing[ringA] = actA;
      activityRing[ringB] = actB;
      if (ea > ACTIVE_SLOPE_MV_S) lastActiveA = n;
      if (eb > ACTIVE_SLOPE_MV_S) lastActiveB = n;
      inputOkRing[ringA] = n >= missingUntilA && n - lastActiveA < flatLen ? 1 : 0;
      inputOkRing[ringB] = n >= missingUntilB && n - lastActiveB < flatLen ? 1 : 0;
    }
    if (notFinite !== 0) return false;
    hpState[k] = h1;
    hpState[k + 1] = h2;
    hpState[k + 2] = g1;
    hpState[k + 3] = g2;
    lpState[k] = l1;
    lpState[k + 1] = l2;
    lpState[k + 2] = j1;
    lpState[k + 3] = j2;
    lp2State[k] = m1;
    lp2State[k + 1] = m2;
    lp2State[k + 2] = o1;
    lp2State[k + 3] = o2;
    this.prevY[lead] = prevA;
    this.prevY[lead + 1] = prevB;
    this.activity[lead] = actA;
    this.activity[lead + 1] = actB;
    this.lastActive[lead] = lastActiveA;
    this.lastActive[lead + 1] = lastActiveB;
    return true;
  }

  /** extractPair in WebAssembly SIMD (extract-pair-kernel.ts), under the same conditions, with the same values. */
  private extractPairSimd(simd: ExtractPairSimd, lead: number, srcA: Float32Array | undefined, srcB: Float32Array | undefined, from: number, n0: number, len: number): boolean {
    if (srcA === undefined || srcB === undefined || this.needInit[lead] === 1 || this.needInit[lead + 1] === 1) return false;
    return simd.run(lead, srcA, srcB, from, n0, len, this.pairState);
  }

  private decide(peakIdx: number, value: number): void {
    if (value <= 0) return;
    const spk = this.spkMedian;
    const npk = this.npkMedian;
    const sinceLast = this.lastBeatIdx >= 0 ? peakIdx - this.lastBeatIdx : Infinity;
    if (sinceLast < this.refractoryLen) return;
    // The first moments carry filter start-up and partial complexes: they teach nothing.
    if (peakIdx < this.startHoldLen) return;

    // Peak normalised slope within the QRS search span (for the T-wave test).
    const searchStart = Math.max(0, peakIdx - this.qrsSearchLen, this.ringFloor);
    let slopeMax = 0;
    for (let k = searchStart; k <= peakIdx; k++) {
      const f = this.fusedRing[k & this.ringMask] ?? 0;
      if (f > slopeMax) slopeMax = f;
    }
    // Before any beat: a signal level typical of a QRS in normalised units.
    const signal = this.spkCount > 0 ? spk : START_SIGNAL_LEVEL;
    const threshold = npk + THRESHOLD_COEF * (signal - npk);
    // Whether two leads corroborate the candidate: asked by up to three rules below, computed once.
    let twoAgreeing: boolean | undefined;
    const twoLeadsAgree = (): boolean => (twoAgreeing ??= this.leadsAgree(peakIdx, QRS_SIZED_SHARE, 2));
    // Hamilton-Tompkins T-wave test, except for a candidate above the detection threshold, far
    // above the usual noise peaks (which include this patient's T waves) and corroborated by two
    // leads: an early ectopic.
    const isTWave =
      sinceLast < this.tWaveLen &&
      Math.sqrt(slopeMax) < T_WAVE_SLOPE_RATIO * Math.sqrt(this.lastBeatSlope) &&
      !(this.rrCount > 0 && value >= threshold && value >= LOW_NOISE_RATIO * npk && twoLeadsAgree());
    // Low-slope beats (aberrant, wide) stand far above a quiet baseline: outside the T-wave zone a
    // candidate well above the noise peaks is accepted even below the Hamilton threshold, when at
    // least two good leads corroborate it (one lead alone cannot tell it from a glitch).
    const lowThreshold = Math.max(LOW_NOISE_RATIO * npk, LOW_SIGNAL_RATIO * signal);
    const weakThreshold = npk + WEAK_THRESHOLD_COEF * (signal - npk);
    const rrMed = this.rrMedian;
    const beatDue = sinceLast >= BEAT_DUE_RR_FRACTION * rrMed || sinceLast === Infinity;
    const strong =
      !isTWave &&
      ((value >= threshold && this.leadsAgree(peakIdx, QRS_SIZED_SHARE, 1)) ||
        (sinceLast >= this.tWaveLen && value >= lowThreshold && twoLeadsAgree()));
    const isBeat = strong || (!isTWave && beatDue && this.rrCount > 0 && value >= weakThreshold);
    if (!isBeat) {
      // A candidate QRS-sized in two agreeing leads, outside the T-wave zone, is no noise peak,
      // even when it is not taken: counted as one, a recurring complex that failed once (the PVCs
      // of bigeminy in the cart's eight leads, a quarter of the sinus beats' feature) raised the
      // threshold above itself and was missed for the rest of the record.
      if (!isTWave && twoLeadsAgree()) return;
      this.npkCount = pushHistory(this.npkHist, 0, this.npkCount, value);
      this.npkMedian = median(this.npkHist, 0, this.npkCount, this.scratch);
      return;
    }
    // A beat stands well above the noise peaks; in pure noise every peak is like its neighbours.
    // Such candidates are dropped without entering the noise history, so a real rhythm that
    // briefly fails this test cannot lock the thresholds up.
    if ((this.spkCount > 0 && value < MIN_SNR * npk) || this.belowBackground(peakIdx, value)) return;
    const rPeak = this.locateRPeak(peakIdx);
    if (rPeak < 0) return; // no usable lead carries this candidate
    // The first beat after a learned restart taken on the weak threshold alone is held back
    // (provisional): with no beat before it in the record, "due" was only assumed. When a beat
    // above the full thresholds follows within PROVISIONAL_P_TO_R_SEC, the provisional one was the
    // P wave of that beat (or a bump before it) and is dropped (mitdb 101 strips: a "beat" at
    // 0.10-0.33 s, 0.2-0.4 s before the first QRS, put the rate 4-5/min too high); otherwise it is
    // reported before this one. Judging it "not due" outright instead lost real beats where the
    // learned levels are too high for the strip's complexes (mitdb 208, levels from large PVCs),
    // and so did dropping it whenever the next beat came before 3/4 of a median RR (a real first
    // beat followed by a premature one, 0.5 s later, in 106 and 208). Only whole recordings restart
    // learned, so holding a beat back costs no live latency.
    let dropProvisional = false;
    if (this.provisionalR >= 0) {
      dropProvisional = strong && peakIdx - this.provisionalPeakIdx <= this.pToRLen;
      if (!dropProvisional) this.emit(this.provisionalR);
      this.provisionalR = -1;
    }
    if (this.lastBeatIdx >= 0 && !dropProvisional) {
      this.rrCount = pushHistory(this.rrHist, 0, this.rrCount, sinceLast);
      this.rrMedian = median(this.rrHist, 0, this.rrCount, this.scratch);
    }
    // Until the first beat the leads were normalised by their running peak slope; the noise peaks
    // and fused energy measured on that scale are dropped once the measured QRS levels take over.
    if (this.spkCount === 0) {
      this.npkCount = 0;
      this.npkMedian = 0;
      this.scaleSince = this.n;
    }
    this.updateLeadLevels(peakIdx);
    // The beat's feature peak re-expressed with the updated lead levels, so that the signal
    // level history and the next candidates are on the same scale.
    this.spkCount = pushHistory(this.spkHist, 0, this.spkCount, this.integratedAt(peakIdx));
    this.spkMedian = median(this.spkHist, 0, this.spkCount, this.scratch);
    const provisional = !strong && sinceLast === Infinity && this.learnedStart;
    this.lastBeatIdx = peakIdx;
    this.lastBeatSlope = slopeMax;
    if (provisional) {
      this.provisionalR = rPeak;
      this.provisionalPeakIdx = peakIdx;
    } else {
      this.emit(rPeak);
    }
  }

  /**
   * Whether the candidate shows in the leads carrying real weight: a lead agrees when its peak
   * slope in the QRS span reaches `share` of its own QRS level. All voting leads must agree, except
   * one in four (a QRS is isoelectric in a lead at right angles to its axis, and a ventricular beat
   * can be in a few of 12 leads); a glitch or a P wave usually shows in one lead only.
   * A lead under the weight share still counts, as an agreeing voter, when the candidate reaches its
   * full QRS level there. Its weight is low because its slope between the beats found was high, and
   * that slope can be this very morphology's complexes, missed: in ventricular bigeminy, levels and
   * weights learned from the ectopic beats make the leads where the sinus QRS is large look noisy
   * and leave as voters only leads where the ectopic QRS is large, among them the lead at right
   * angles to the sinus axis, where the sinus QRS is isoelectric and vetoes it. Such leads never make
   * up `minVoters`, and with two leads they change nothing (every voter must then agree).
   */
  private leadsAgree(peakIdx: number, share: number, minVoters: number): boolean {
    let maxW = 0;
    for (let lead = 0; lead < this.leadCount; lead++) {
      if (this.votingNow[lead] === 1) maxW = Math.max(maxW, this.weight[lead] ?? 0);
    }
    const start = Math.max(0, peakIdx - this.qrsSearchLen, this.ringFloor);
    let voters = 0;
    let agreeing = 0;
    let fullSized = 0; // leads under the weight share where the candidate reaches the QRS level
    for (let lead = 0; lead < this.leadCount; lead++) {
      if (this.votingNow[lead] !== 1) continue;
      const weighted = (this.weight[lead] ?? 0) >= AGREEMENT_WEIGHT_SHARE * maxW;
      const base = lead * this.ringLen;
      let peak = 0;
      for (let k = start; k <= peakIdx; k++) peak = Math.max(peak, this.energyRing[base + (k & this.ringMask)] ?? 0);
      const level = this.qrsLevel[lead] ?? 1;
      if (weighted) {
        voters++;
        if (peak >= share * level) agreeing++;
      } else if (peak >= level) {
        fullSized++;
      }
    }
    const all = voters + fullSized;
    return voters >= minVoters && agreeing + fullSized >= all - Math.floor(all / 4);
  }

  /**
   * Whether `value` is below MIN_PEAK_TO_BACKGROUND times the median fused energy over the noise
   * span before `idx` (a stride keeps it to BACKGROUND_POINTS): between QRS complexes an ECG's slope
   * is near zero, while noise keeps it up all the time. The fused energy is a square of finite
   * weighted means (never NaN), so the test is answered by counting (belowFactorOfKth) instead of
   * selecting the median: the same answer.
   */
  private belowBackground(idx: number, value: number): boolean {
    // Only samples fused on the current lead scale (the first beat replaces the start-up scale).
    const start = Math.max(0, idx - this.noiseSpanLen, this.ringFloor, this.scaleSince);
    if (idx - start < this.integrationLen) return false;
    const stride = Math.max(1, Math.ceil((idx - start + 1) / BACKGROUND_POINTS));
    let count = 0;
    for (let k = start; k <= idx && count < BACKGROUND_POINTS; k += stride) {
      this.backgroundScratch[count++] = this.fusedRing[k & this.ringMask] ?? 0;
    }
    if (count === 0) return false;
    return belowFactorOfKth(this.backgroundScratch, count, count >> 1, value, MIN_PEAK_TO_BACKGROUND);
  }

  /** Integrated fused feature ending at `idx`, recomputed with the current lead levels and weights. */
  private integratedAt(idx: number): number {
    const start = Math.max(0, idx - this.integrationLen + 1, this.ringFloor);
    let total = 0;
    for (let k = start; k <= idx; k++) {
      let acc = 0;
      let wsum = 0;
      for (let lead = 0; lead < this.leadCount; lead++) {
        if (this.votingNow[lead] !== 1) continue;
        const w = this.weight[lead] ?? 0;
        const e = this.energyRing[lead * this.ringLen + (k & this.ringMask)] ?? 0;
        acc += w * Math.min(e / (this.qrsLevel[lead] ?? 1), Z_CAP);
        wsum += w;
      }
      if (wsum > 0) total += (acc / wsum) * (acc / wsum);
    }
    return total / this.integrationLen;
  }

  /**
   * R peak = largest deviation from the local baseline in the best usable lead that shows this
   * complex (QRS-sized slope in the search span), else in the best usable lead: a complex is
   * isoelectric in a lead at right angles to its axis, where the largest deviation is the
   * neighbouring T or P wave (ventricular bigeminy: the best lead by the ectopic beats' levels can
   * be the sinus beats' isoelectric lead).
   */
  private locateRPeak(peakIdx: number): number {
    const start = Math.max(0, peakIdx - this.qrsSearchLen, this.ringFloor);
    let best = -1;
    let bestW = 0;
    let bestShowing = -1;
    let bestShowingW = 0;
    for (let lead = 0; lead < this.leadCount; lead++) {
      const w = this.weight[lead] ?? 0;
      if (this.votingNow[lead] !== 1) continue;
      if (w > bestW) {
        best = lead;
        bestW = w;
      }
      if (w > bestShowingW) {
        const ringBase = lead * this.ringLen;
        let peak = 0;
        for (let k = start; k <= peakIdx; k++) peak = Math.max(peak, this.energyRing[ringBase + (k & this.ringMask)] ?? 0);
        if (peak >= QRS_SIZED_SHARE * (this.qrsLevel[lead] ?? 1)) {
          bestShowing = lead;
          bestShowingW = w;
        }
      }
    }
    if (best < 0) return -1;
    if (bestShowing >= 0) best = bestShowing;
    const base = best * this.ringLen;
    const first = this.rawRing[base + (start & this.ringMask)] ?? Number.NaN;
    const last = this.rawRing[base + (peakIdx & this.ringMask)] ?? Number.NaN;
    const baseline = Number.isFinite(first) && Number.isFinite(last) ? (first + last) / 2 : Number.NaN;
    let at = -1;
    let dev = -1;
    for (let k = start; k <= peakIdx; k++) {
      const x = this.rawRing[base + (k & this.ringMask)] ?? Number.NaN;
      if (!Number.isFinite(x) || !Number.isFinite(baseline)) continue;
      const d = Math.abs(x - baseline);
      if (d > dev) {
        dev = d;
        at = k;
      }
    }
    if (this.unusable.length > 0 && at >= 0 && this.leadBlocked(-1, at)) return -1;
    return at;
  }

  /** Beat-synchronous per-lead QRS and noise levels, and the lead weights derived from them. */
  private updateLeadLevels(peakIdx: number): void {
    const qrsStart = Math.max(0, peakIdx - this.qrsSearchLen);
    const noiseEnd = qrsStart - 1;
    const noiseStart = Math.max(
      this.lastBeatIdx >= 0 ? this.lastBeatIdx + this.noiseGapLen : 0,
      noiseEnd - this.noiseSpanLen,
      this.ringFloor,
      0,
    );
    // Two usable leads: both noise sums in one loop, two independent addition chains side by side
    // (each in its own order, so the same sums); one chain alone waits on each addition's latency.
    const paired = this.leadCount === 2 && this.usableNow[0] === 1 && this.usableNow[1] === 1 && noiseEnd > noiseStart;
    let pairSumA = 0;
    let pairSumB = 0;
    if (paired) {
      const { energyRing, ringMask, ringLen } = this;
      for (let k = noiseStart; k <= noiseEnd; k++) {
        const slot = k & ringMask;
        pairSumA += energyRing[slot] ?? 0;
        pairSumB += energyRing[ringLen + slot] ?? 0;
      }
    }
    for (let lead = 0; lead < this.leadCount; lead++) {
      if (this.usableNow[lead] !== 1) continue;
      const base = lead * this.ringLen;
      let qrsMax = 0;
      for (let k = qrsStart; k <= peakIdx; k++) {
        const e = this.energyRing[base + (k & this.ringMask)] ?? 0;
        if (e > qrsMax) qrsMax = e;
      }
      const offset = lead * HISTORY;
      this.levelCount[lead] = pushHistory(this.qrsHist, offset, this.levelCount[lead] ?? 0, qrsMax);
      const level = median(this.qrsHist, offset, this.levelCount[lead] ?? 0, this.scratch);
      this.qrsLevel[lead] = Math.max(level, ACTIVE_SLOPE_MV_S);
      if (noiseEnd > noiseStart) {
        // Mean slope between beats: muscle noise and wander raise it, the P and T waves barely do.
        let noiseSum = 0;
        if (paired) noiseSum = lead === 0 ? pairSumA : pairSumB;
        else for (let k = noiseStart; k <= noiseEnd; k++) noiseSum += this.energyRing[base + (k & this.ringMask)] ?? 0;
        const mean = noiseSum / (noiseEnd - noiseStart + 1);
        this.noiseCount[lead] = pushHistory(this.noiseHist, offset, this.noiseCount[lead] ?? 0, mean);
        this.noiseLevel[lead] = median(this.noiseHist, offset, this.noiseCount[lead] ?? 0, this.scratch);
      }
    }
  }

  private emit(sample: number): void {
    if (this.outCount === this.out.length) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.outCount++] = sample;
  }
}
