// IIR filter design by the bilinear transform with frequency pre-warping (Oppenheim & Schafer,
// Discrete-Time Signal Processing, 3rd ed., sec. 7.2): Butterworth high/low-pass and a 2nd-order notch,
// as second-order sections. One design serves both forms: the causal streaming filter runs it once;
// the zero-phase batch filter runs it forward and backward, so its cutoff is pre-corrected to keep
// the -3 dB point where the spec says (Gustafsson 1996, IEEE Trans. Signal Process. 44:988).
import { StationError } from '../../../common/errors.ts';

export type FilterSpec =
  | { readonly kind: 'highpass'; readonly cutoffHz: number; readonly order: 1 | 2 }
  | { readonly kind: 'lowpass'; readonly cutoffHz: number; readonly order: 1 | 2 }
  | { readonly kind: 'notch'; readonly centerHz: number; readonly q: number };

export type FilterForm = 'causal' | 'zero-phase';

/** Coefficients as second-order sections: [b0, b1, b2, a1, a2] per section, a0 normalised to 1. */
export interface FilterDesign {
  readonly spec: FilterSpec;
  readonly fsHz: number;
  readonly form: FilterForm;
  readonly sos: Float64Array;
}

/** A filter that cannot be built for this sampling rate (cutoff at or above Nyquist, bad parameters). */
export class FilterDesignError extends StationError {
  constructor(message: string) {
    super('filter-design', message);
    this.name = 'FilterDesignError';
  }
}

/**
 * Pre-warped analog frequency (tan(pi f / fs)), corrected for the zero-phase form: running a
 * Butterworth of order n twice squares its magnitude, so the -3 dB point moves by (sqrt2 - 1)^(1/2n).
 */
function warped(spec: FilterSpec, cutoffHz: number, fsHz: number, form: FilterForm): number {
  const t = Math.tan((Math.PI * cutoffHz) / fsHz);
  if (form === 'causal' || spec.kind === 'notch') return t;
  const c = Math.pow(Math.SQRT2 - 1, 1 / (2 * spec.order));
  return spec.kind === 'highpass' ? t * c : t / c;
}

export function designFilter(spec: FilterSpec, fsHz: number, form: FilterForm): FilterDesign {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new FilterDesignError('sampling rate must be positive');
  const f = spec.kind === 'notch' ? spec.centerHz : spec.cutoffHz;
  if (!(f > 0) || f >= fsHz / 2) throw new FilterDesignError(`${spec.kind} at ${f} Hz needs a sampling rate above ${2 * f} Hz`);
  let sos: number[];
  if (spec.kind === 'notch') {
    if (!(spec.q > 0) || !Number.isFinite(spec.q)) throw new FilterDesignError('notch Q must be positive');
    // H(s) = (s^2 + w0^2) / (s^2 + (w0/Q) s + w0^2)
    const t = warped(spec, f, fsHz, form);
    const a0 = 1 + t / spec.q + t * t;
    const n = (1 + t * t) / a0;
    const m = (2 * (t * t - 1)) / a0;
    sos = [n, m, n, m, (1 - t / spec.q + t * t) / a0];
  } else {
    const t = warped(spec, f, fsHz, form);
    const hp = spec.kind === 'highpass';
    if (spec.order === 1) {
      // H(s) = s/(s+wc) or wc/(s+wc)
      const g = 1 / (1 + t);
      sos = hp ? [g, -g, 0, (t - 1) * g, 0] : [t * g, t * g, 0, (t - 1) * g, 0];
    } else {
      // Butterworth: H(s) = {s^2 | wc^2} / (s^2 + sqrt2 wc s + wc^2)
      const a0 = 1 + Math.SQRT2 * t + t * t;
      const a1 = (2 * (t * t - 1)) / a0;
      const a2 = (1 - Math.SQRT2 * t + t * t) / a0;
      sos = hp ? [1 / a0, -2 / a0, 1 / a0, a1, a2] : [(t * t) / a0, (2 * t * t) / a0, (t * t) / a0, a1, a2];
    }
  }
  return { spec, fsHz, form, sos: Float64Array.from(sos) };
}

/** Magnitude of the design's frequency response at `fHz` (for the zero-phase form, |H|^2). */
export function designMagnitude(design: FilterDesign, fHz: number): number {
  const w = (2 * Math.PI * fHz) / design.fsHz;
  const c1 = Math.cos(w);
  const s1 = Math.sin(w);
  const c2 = Math.cos(2 * w);
  const s2 = Math.sin(2 * w);
  let mag = 1;
  const s = design.sos;
  for (let k = 0; k + 4 < s.length; k += 5) {
    const br = s[k]! + s[k + 1]! * c1 + s[k + 2]! * c2;
    const bi = -(s[k + 1]! * s1 + s[k + 2]! * s2);
    const ar = 1 + s[k + 3]! * c1 + s[k + 4]! * c2;
    const ai = -(s[k + 3]! * s1 + s[k + 4]! * s2);
    mag *= Math.sqrt((br * br + bi * bi) / (ar * ar + ai * ai));
  }
  return design.form === 'zero-phase' ? mag * mag : mag;
}

/** Poles of every section lie strictly inside the unit circle (|a2| < 1 and |a1| < 1 + a2, Jury's test). */
export function isStable(design: FilterDesign): boolean {
  const s = design.sos;
  for (let k = 0; k + 4 < s.length; k += 5) {
    const a1 = s[k + 3]!;
    const a2 = s[k + 4]!;
    if (!(Math.abs(a2) < 1 && Math.abs(a1) < 1 + a2)) return false;
  }
  return true;
}
