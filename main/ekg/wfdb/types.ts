/** One signal (lead) of a WFDB record, in the ADC's digital units. */
export interface WfdbSignal {
  name: string;
  units: string;
  /** ADC units per physical unit (e.g. 200 adu/mV). */
  adcGain: number;
  /**
   * The header gave no gain (or 0, WFDB's "uncalibrated"): adcGain is WFDB's assumed default and
   * amplitudes in physical units are not known. Absent = calibrated.
   */
  uncalibrated?: true;
  /** Digital value that corresponds to 0 physical units. */
  baseline: number;
  adcResolutionBits: number;
  /** WFDB signal file format (8, 16, 24, 32, 61, 80, 160, 212, 310, 311). */
  format: number;
  /** Digital samples; the format's invalid-sample marker (see invalidSampleValue) means "no data". */
  digital: Int32Array;
  /** WFDB `fmtxN`: samples per frame when above 1 (then digital holds samples * N values). Absent = 1. */
  samplesPerFrame?: number;
}

export interface WfdbRecord {
  name: string;
  fsHz: number;
  /** Samples per signal. */
  samples: number;
  signals: WfdbSignal[];
  /** Header comment lines without the leading '#'. */
  comments: string[];
  /**
   * Disagreements between the header and the stored samples that do not make the samples
   * untrustworthy (see decodeRecord), in words for the person reading the result. Absent = none.
   */
  readNotices?: string[];
}

/** One MIT-format annotation (WFDB `WFDB_Annotation`). */
export interface Annotation {
  sample: number;
  code: number;
  symbol: string;
  subtype: number;
  chan: number;
  num: number;
  aux: string;
}

/**
 * The digital value each format reserves for "invalid sample" (WFDB signal(5) / wfdbio; lib/signal.c
 * getskewedframe). Format 8 (first differences) has none.
 */
export function invalidSampleValue(format: number): number | null {
  switch (format) {
    case 212:
      return -2048;
    case 310:
    case 311:
      return -512;
    case 16:
    case 61:
    case 160:
      return -32768;
    case 80:
      return -128;
    case 24:
      return -8388608;
    case 32:
      return -2147483648;
    default:
      return null;
  }
}

/**
 * Physical values (digital - baseline) / gain, usually mV. Invalid-sample markers become NaN so
 * that downstream code (quality) reports them as a gap instead of treating them as a voltage.
 */
export function toPhysical(signal: WfdbSignal): Float32Array {
  const { digital, baseline } = signal;
  const invalid = invalidSampleValue(signal.format);
  const scale = 1 / signal.adcGain;
  const out = new Float32Array(digital.length);
  for (let i = 0; i < digital.length; i++) {
    const d = digital[i]!;
    out[i] = d === invalid ? Number.NaN : (d - baseline) * scale;
  }
  return out;
}
