// The station's filter settings (standards-notes sec. 4.7; IEC 60601-2-25 diagnostic bandwidth 0.05-150 Hz,
// monitoring 0.5-40 Hz). The mains frequency is always an explicit choice, never a default.
import type { FilterSpec } from './design.ts';

export type MainsHz = 50 | 60;
export type HighPassHz = 0.05 | 0.5;
export type LowPassHz = 40 | 100 | 150;

/** 0.05 Hz is first order so the AHA/IEC 3 mV x 100 ms impulse leaves <= 0.1 mV offset; 0.5 Hz is 2nd-order Butterworth. */
export function highPass(cutoffHz: HighPassHz): FilterSpec {
  return { kind: 'highpass', cutoffHz, order: cutoffHz === 0.05 ? 1 : 2 };
}

export function lowPass(cutoffHz: LowPassHz): FilterSpec {
  return { kind: 'lowpass', cutoffHz, order: 2 };
}

/** Q = 30: -3 dB width ~1.7 Hz at 50 Hz, narrow enough to leave QRS energy next to it. */
export function mainsNotch(mainsHz: MainsHz): FilterSpec {
  return { kind: 'notch', centerHz: mainsHz, q: 30 };
}

/** Settings of one filter chain: high-pass, optional notch, optional low-pass (absent if fs is too low for it). */
export interface FilterSettings {
  readonly highPassHz: HighPassHz;
  /** null = no notch. Required so a caller must decide. */
  readonly mainsHz: MainsHz | null;
  readonly lowPassHz: LowPassHz | null;
}

export function chainSpecs(settings: FilterSettings): FilterSpec[] {
  const specs = [highPass(settings.highPassHz)];
  if (settings.mainsHz !== null) specs.push(mainsNotch(settings.mainsHz));
  if (settings.lowPassHz !== null) specs.push(lowPass(settings.lowPassHz));
  return specs;
}
