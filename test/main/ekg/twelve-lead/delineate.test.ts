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

describe('P wave after the previous T wave', () => {
  const RR_MS = 545; // 110/min
  /** Median beats at 110/min: P 160 ms before a QRS starting 40 ms before the fiducial, T ending 320 ms after it, and the previous beat's T wave one RR earlier. */
  function fastBeats(previousTEndMs: number): Float32Array[] {
    return [1, 0.8, 0.6].map((gain) => {
      const x = new Float32Array(FID + ms(700));
      addWave(x, 0, 40, gain);
      addWave(x, 200, 120, 0.35 * gain);
      addWave(x, previousTEndMs - 120, 120, 0.35 * gain);
      addWave(x, -150, 50, 0.15 * gain); // P wave from -200 to -100 ms
      return x;
    });
  }
  const fiducials = (b: Float32Array[]) => delineate(b, spatialVelocity(b, 1), FID, RR_MS, FS_HZ, false);

  it('is searched after the previous T wave ends: its down-slope is not taken for the P wave at a fast rate', () => {
    // The previous T wave ends 25 ms before the P wave (QT 360 ms at RR 545 ms, QTcF about 440 ms).
    const f = fiducials(fastBeats(320 - RR_MS));
    expect(f.pOn).not.toBeNull();
    expect(Math.abs(((f.pOn! - FID) * 1000) / FS_HZ - -200)).toBeLessThanOrEqual(10);
  });

  it('is not measured when the P wave starts on the previous T wave (T-P fusion)', () => {
    // The previous T wave ends 15 ms after the P wave starts: no onset to see, so no PR.
    expect(fiducials(fastBeats(-185)).pOn).toBeNull();
  });
});

describe('QRS onset of a paced beat', () => {
  /** Median beats with a wide QRS (-80..+80 ms) and, 20 ms before it, a pacemaker pulse whose recovery (time constant 8 ms) runs into the QRS. */
  function pacedBeats(): Float32Array[] {
    return [1, 0.8, -0.6].map((gain) => {
      const x = new Float32Array(FID + ms(700));
      addWave(x, 0, 80, gain);
      for (let i = FID + ms(-100); i < FID + ms(-40); i++) x[i]! += 0.5 * gain * Math.exp(-(i - FID - ms(-100)) / ms(8));
      return x;
    });
  }
  const onsetMs = (pulse: number | null) => {
    const b = pacedBeats();
    return ((delineate(b, spatialVelocity(b, 1), FID, 800, FS_HZ, false, pulse).qrsOn - FID) * 1000) / FS_HZ;
  };

  it('is not placed on the pacemaker artefact when the pulse is known', () => {
    // Without the pulse, the pulse and its recovery read as the start of the QRS.
    expect(onsetMs(null)).toBeLessThanOrEqual(-100);
    // With it, the QRS starts no sooner than 10 ms after the pulse.
    expect(onsetMs(FID + ms(-100))).toBe(-90);
  });
});
