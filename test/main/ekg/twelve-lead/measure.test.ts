import { describe, expect, it } from 'vitest';
import { frontalAxisDeg } from '../../../../main/ekg/twelve-lead/measure.ts';

/** Leads I and aVF of a frontal heart vector of fixed direction whose size follows a smooth wave (Einthoven's triangle). */
function leadsOfVector(axisDeg: number, fsHz: number): { leadI: Float32Array; leadAvf: Float32Array; from: number; to: number; qrsOn: number } {
  const n = Math.round(0.6 * fsHz);
  const theta = (axisDeg * Math.PI) / 180;
  const leadI = new Float32Array(n);
  const leadAvf = new Float32Array(n);
  const from = Math.round(0.3 * fsHz);
  const to = Math.round(0.4 * fsHz);
  for (let i = from; i <= to; i++) {
    const sizeMv = Math.sin((Math.PI * (i - from)) / (to - from));
    const leadIIMv = sizeMv * Math.cos(theta - Math.PI / 3);
    leadI[i] = sizeMv * Math.cos(theta);
    // Goldberger: aVF = II - I/2, which is (sqrt(3)/2) |H| sin(theta).
    leadAvf[i] = leadIIMv - leadI[i]! / 2;
  }
  return { leadI, leadAvf, from, to, qrsOn: from };
}

describe('frontal axis', () => {
  it('reads the direction of the heart vector, aVF scaled to the length of lead I', () => {
    for (let axisDeg = -165; axisDeg <= 180; axisDeg += 15) {
      const { leadI, leadAvf, from, to, qrsOn } = leadsOfVector(axisDeg, 500);
      const got = frontalAxisDeg(leadI, leadAvf, from, to, qrsOn, 500)!;
      // Compared on the circle (180 and -180 are one direction).
      const errorDeg = Math.abs(((got - axisDeg + 540) % 360) - 180);
      expect(errorDeg, `axis ${axisDeg}`).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps an axis just past the -30 deg limit past it (atan2(aVF, I) read -33 deg as -29)', () => {
    const { leadI, leadAvf, from, to, qrsOn } = leadsOfVector(-33, 500);
    expect(frontalAxisDeg(leadI, leadAvf, from, to, qrsOn, 500)).toBe(-33);
  });

  it('no axis without both leads or a window, or with no deflection', () => {
    const { leadI, leadAvf, from, to, qrsOn } = leadsOfVector(60, 500);
    expect(frontalAxisDeg(undefined, leadAvf, from, to, qrsOn, 500)).toBeNull();
    expect(frontalAxisDeg(leadI, leadAvf, null, to, qrsOn, 500)).toBeNull();
    expect(frontalAxisDeg(new Float32Array(leadI.length), new Float32Array(leadI.length), from, to, qrsOn, 500)).toBeNull();
  });
});
