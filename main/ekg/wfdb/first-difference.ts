// Format 8: each stored byte is a signed 8-bit difference from the previous sample of the same
// signal (signal(5); in a multiplexed file, differences are taken within each signal). The
// header's initial value is decoder state, not a copy of sample 0: the WFDB library sets the
// running value to it and adds every byte, so sample k = initial value + bytes 0..k of the signal
// (lib/signal.c, getskewedframe, `case 8: is->samp += r8(ig)`). Its writer (putvec) sets the
// initial value to the first sample, so byte 0 is 0 in files it wrote. Reading neither clamps nor
// wraps: a sum past the ADC range is what the file says, and format 8 has no invalid-sample code.
import { WfdbFormatError } from './errors.ts';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Running sums of `differences` in place, seeded with `initialValue`. */
export function integrateFirstDifferences(differences: Int32Array, initialValue: number): void {
  if (!Number.isSafeInteger(initialValue) || initialValue < INT32_MIN || initialValue > INT32_MAX) {
    throw new WfdbFormatError('format 8 initial value is outside the 32-bit range');
  }
  let value = initialValue;
  for (let i = 0; i < differences.length; i++) {
    value += differences[i]!;
    // Only a file of over 16 M bytes of one sign, or an extreme initial value, gets here: refused
    // rather than wrapped, since the digital samples are 32-bit.
    if (value < INT32_MIN || value > INT32_MAX) throw new WfdbFormatError('format 8 samples run outside the 32-bit range');
    differences[i] = value;
  }
}

/**
 * First differences of `samples` from `initialValue` (the inverse of integrateFirstDifferences).
 * WFDB's writer clamps a step beyond -128..127 and catches up later, which alters the signal; here
 * such a step is refused with the typed error instead, so a record written is the record read.
 */
export function firstDifferences(samples: Int32Array, initialValue: number, signalLabel: string): Int32Array {
  const out = new Int32Array(samples.length);
  let previous = initialValue;
  for (let i = 0; i < samples.length; i++) {
    const step = samples[i]! - previous;
    if (step < -128 || step > 127) {
      throw new WfdbFormatError(`format 8 stores steps of -128..127 between consecutive samples; ${signalLabel} has a step of ${step} at sample ${i}`);
    }
    out[i] = step;
    previous = samples[i]!;
  }
  return out;
}
