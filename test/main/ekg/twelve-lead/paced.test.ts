import { describe, expect, it } from 'vitest';
import { pulseLeadSamples } from '../../../../main/ekg/twelve-lead/paced.ts';

const FS_HZ = 500;
const fiducials = Int32Array.from([500, 1000, 1500, 2000, 2500, 3000]);
const allDominant = [true, true, true, true, true, true];

describe('pulseLeadSamples', () => {
  it('gives the median lead of pulses locked to the dominant beats', () => {
    const leads = [60, 62, 59, 60, 61, 60];
    const pulses = Int32Array.from(fiducials, (f, b) => f - leads[b]!);
    expect(pulseLeadSamples(pulses, fiducials, allDominant, FS_HZ)).toBe(60);
  });

  it('takes the ventricular pulse, the last before each beat, when an atrial one precedes it', () => {
    const pulses = Int32Array.from([...fiducials].flatMap((f) => [f - 100, f - 30]));
    expect(pulseLeadSamples(pulses, fiducials, allDominant, FS_HZ)).toBe(30);
  });

  it('is null when the pulses are not locked to the beats, pace only a minority of them, or are absent', () => {
    const scattered = Int32Array.from(fiducials, (f, b) => f - [10, 40, 70, 100, 20, 90][b]!);
    expect(pulseLeadSamples(scattered, fiducials, allDominant, FS_HZ)).toBeNull();
    const twoOfSix = Int32Array.from([fiducials[0]! - 60, fiducials[1]! - 60]);
    expect(pulseLeadSamples(twoOfSix, fiducials, allDominant, FS_HZ)).toBeNull();
    // Three paced beats of seven: the median beat is of the conducted ones...
    const seven = Int32Array.from([...fiducials, 3500]);
    const pacedMinority = Int32Array.from([seven[0]! - 60, seven[2]! - 60, seven[4]! - 60]);
    expect(pulseLeadSamples(pacedMinority, seven, [...allDominant, true], FS_HZ)).toBeNull();
    // ...unless they are the dominant morphology.
    expect(pulseLeadSamples(pacedMinority, seven, [true, false, true, false, true, false, false], FS_HZ)).toBe(60);
    expect(pulseLeadSamples(new Int32Array(0), fiducials, allDominant, FS_HZ)).toBeNull();
    expect(pulseLeadSamples(undefined, fiducials, allDominant, FS_HZ)).toBeNull();
  });
});
