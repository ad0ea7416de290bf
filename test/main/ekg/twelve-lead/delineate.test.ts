import { describe, expect, it } from 'vitest';
import { spatialVelocity } from '../../../../main/ekg/twelve-lead/beats.ts';
import { delineate } from '../../../../main/ekg/twelve-lead/delineate.ts';

const FS_HZ = 500;
const FID = 200;
const ms = (v: number) => Math.round((v * FS_HZ) / 1000);

/** Half-cosine bump (zero outside centre +- half width), so the wave's end is known exactly. */
function addWave(x: Float32Array, centreMs: number, halfWidthMs: number, amplitudeMv: number): void {
  for (let i = FID + ms(centreMs - halfWidthMs); i <= FID + ms(centreMs + halfWidthMs); i++) {
    const phase = ((i - FID - ms(centreMs)) / ms(halfWidthMs)) * (Math.PI / 2);
    x[i]! += amplitudeMv * Math.cos(phase);
  }
}

/** Median beats of three leads: a QRS, an inverted T wave ending 300 ms after the fiducial, optionally a later wave of the other polarity. */
function beats(afterTWaveMv: number): Float32Array[] {
  return [1, 0.8, 0.6].map((gain) => {
    const x = new Float32Array(FID + ms(700));
    addWave(x, 0, 40, gain);
    addWave(x, 200, 100, -0.15 * gain);
    if (afterTWaveMv !== 0) addWave(x, 400, 25, afterTWaveMv * gain);
    return x;
  });
}

function tEndMs(b: Float32Array[], irregular: boolean): number {
  const f = delineate(b, spatialVelocity(b, 1), FID, 700, FS_HZ, irregular);
  return ((f.tOff! - FID) * 1000) / FS_HZ;
}

describe('T-wave end', () => {
  it('in an irregular rhythm ends where the T wave returns to the isoelectric level, not on a later fibrillatory wave', () => {
    // A coarse fibrillatory wave (> 0.1 mV) of the other polarity 100 ms after the T wave has ended.
    const withFWave = beats(0.12);
    expect(Math.abs(tEndMs(withFWave, true) - 300)).toBeLessThanOrEqual(10);
    // The area method alone, right for an isoelectric T-P segment, is drawn to the later wave.
    expect(tEndMs(withFWave, false)).toBeGreaterThan(340);
  });

  it('is the same with or without the isoelectric bound when nothing follows the T wave', () => {
    const clean = beats(0);
    expect(Math.abs(tEndMs(clean, false) - 300)).toBeLessThanOrEqual(10);
    expect(Math.abs(tEndMs(clean, true) - tEndMs(clean, false))).toBeLessThanOrEqual(4);
  });
});
