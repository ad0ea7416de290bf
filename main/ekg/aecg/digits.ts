/**
 * Lossless aECG digits for stored captures. The station stores every lead as Float32 mV made by
 * one rounding of (integer x step): a cart's counts x its resolution (main/devices/cart/storeCapture.ts)
 * or a record's digital values x 1/gain (main/ekg/wfdb/types.ts toPhysical). So a step exists for
 * which every sample is Math.fround(digit * step) with an integer digit; written as the lead's
 * scale in mV, the reader's `leadMv` repeats that one rounding and gives back the stored bits.
 * A lead that fits no such step is refused by the caller, never rounded.
 */

const INT32_MAX = 2147483647;

/** The Float32 mV sample an aECG digit stands for: origin + digit x scale, rounded once (as stored). */
export function sampleMv(originMv: number, scaleMv: number, digit: number): number {
  return Math.fround(originMv + digit * scaleMv);
}

/** Digits of `mv` at `scaleMv` (origin 0) when every sample comes back bit for bit, else null. */
export function digitsAt(mv: Float32Array, scaleMv: number): Int32Array | null {
  if (!(scaleMv > 0) || !Number.isFinite(scaleMv)) return null;
  const d = new Int32Array(mv.length);
  for (let i = 0; i < mv.length; i++) {
    const x = mv[i]!;
    const k = Math.round(x / scaleMv);
    // Object.is: -0 and NaN are not samples a digit can stand for.
    if (!(Math.abs(k) <= INT32_MAX) || !Object.is(sampleMv(0, scaleMv, k), x)) return null;
    d[i] = k;
  }
  return d;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The neighbouring Float32 values of a positive finite Float32 `x` (below, above). */
function neighbours(x: number): [number, number] {
  f32[0] = x;
  const bits = u32[0]!;
  u32[0] = bits - 1;
  const below = f32[0]!;
  u32[0] = bits + 1;
  return [below, f32[0]!];
}

function approximateGcd(a: number, b: number, noise: number): number {
  let x = Math.max(a, b);
  let y = Math.min(a, b);
  while (y > noise) {
    const r = x % y;
    x = y;
    y = r > y - noise ? 0 : r;
  }
  return x;
}

/**
 * The step of a lead whose source step is not recorded (a demo capture from a WFDB record): an
 * approximate greatest common divisor of the magnitudes guesses it (Euclid, remainders within
 * Float32 noise count as zero), then every sample, smallest first, narrows the interval of steps
 * whose product with its digit rounds to it (Float32 round-to-nearest: within half a Float32 ulp
 * either side). Null when the samples fit no common step.
 */
export function inferStepMv(mv: Float32Array): number | null {
  const mags = Array.from(new Set(Array.from(mv, (x) => Math.abs(x)))).filter((a) => a > 0 && Number.isFinite(a));
  if (mags.length === 0) return null;
  mags.sort((a, b) => a - b);
  // Float32 keeps 24 bits: remainders this small relative to the largest sample are rounding noise.
  const noise = mags[mags.length - 1]! * 2 ** -20;
  let guess = mags[0]!;
  for (const a of mags) {
    // Re-anchored on the sample itself so Euclid's remainder errors do not pile up from one sample to the next.
    const g = approximateGcd(a, guess, noise);
    guess = a / Math.round(a / g);
  }
  let lo = 0;
  let hi = Infinity;
  for (const a of mags) {
    const k = Math.round(a / guess);
    if (k < 1) return null;
    const [below, above] = neighbours(a);
    lo = Math.max(lo, (a + below) / 2 / k);
    hi = Math.min(hi, (a + above) / 2 / k);
    if (lo > hi) return null;
    guess = (lo + hi) / 2;
  }
  return guess;
}

/**
 * The finest Float32 spacing among the samples (a power of two): every Float32 sample is a whole
 * multiple of it, so it is exact whenever the lead's range fits 31 bits of digits.
 */
export function float32GridMv(mv: Float32Array): number | null {
  let minExponent = Infinity;
  for (const x of mv) {
    if (x === 0 || !Number.isFinite(x)) continue;
    f32[0] = x;
    // Biased exponent field; 0 is subnormal, whose spacing is that of exponent field 1.
    minExponent = Math.min(minExponent, Math.max(1, (u32[0]! >>> 23) & 0xff));
  }
  return minExponent === Infinity ? null : 2 ** (minExponent - 127 - 23);
}

/**
 * Scale (mV per digit, origin 0) and digits that give back every sample of `mv` exactly: the
 * acquisition step when it is known, else the inferred one, else the Float32 grid. Null when none does.
 */
export function exactDigits(mv: Float32Array, knownStepMv: number | null): { scaleMv: number; digits: Int32Array } | null {
  for (const step of [knownStepMv, inferStepMv(mv), float32GridMv(mv)]) {
    if (step === null) continue;
    const digits = digitsAt(mv, step);
    if (digits !== null) return { scaleMv: step, digits };
  }
  // A lead of zeros has no step to find; any scale is exact.
  if (mv.every((x) => Object.is(x, 0))) return { scaleMv: knownStepMv ?? 0.001, digits: new Int32Array(mv.length) };
  return null;
}
