import { describe, expect, it } from 'vitest';
import { designFilter, filterZeroPhaseInPlace } from '../../../main/ekg/filters/index.ts';
import { pacerArtefactSpans, pacerPulses, withoutPacerArtefacts } from '../../../main/ekg/pacer-pulses.ts';

const FS_HZ = 500;
const ms = (v: number, fsHz = FS_HZ) => Math.round((v * fsHz) / 1000);

/** Three leads of smooth QRS complexes (Gaussian, sigma 12 ms) peaking at `peaks`, on a baseline with a little noise. */
function leadsWithQrs(peaks: number[], n: number, fsHz = FS_HZ): Float32Array[] {
  let seed = 7;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32 - 0.5) * 0.004;
  };
  return [1, 0.7, -0.5].map((gain) => {
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let v = noise();
      for (const p of peaks) v += gain * Math.exp(-0.5 * ((i - p) / ms(12, fsHz)) ** 2);
      x[i] = v;
    }
    return x;
  });
}

/** A pacemaker pulse from `at`: a one-sample jump of `mv` in every lead, then the amplifier's recovery (0.6 of the deflection per 2 ms). */
function addPulse(leads: Float32Array[], at: number, mv: number, fsHz = FS_HZ): void {
  const perSample = 0.6 ** (500 / fsHz);
  leads.forEach((x, k) => {
    for (let j = 0; j < ms(60, fsHz); j++) x[at + j]! += (k === 2 ? -mv : mv) * perSample ** j;
  });
}

const PEAKS = [400, 900, 1400, 1900];
const N = 2300;

describe('pacerPulses', () => {
  it('finds a pulse before each paced QRS, at its first sample', () => {
    const leads = leadsWithQrs(PEAKS, N);
    const pulses = PEAKS.map((p) => p - ms(60));
    for (const p of pulses) addPulse(leads, p, 0.5);
    expect([...pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))]).toEqual(pulses);
  });

  it('finds an atrial and a ventricular pulse before the same QRS, also at 1000 Hz (a 2-ms edge spans two samples there)', () => {
    for (const fsHz of [500, 1000]) {
      const peaks = PEAKS.map((p) => ms((p * 1000) / FS_HZ, fsHz));
      const leads = leadsWithQrs(peaks, ms((N * 1000) / FS_HZ, fsHz), fsHz);
      const expected = peaks.flatMap((p) => [p - ms(200, fsHz), p - ms(50, fsHz)]);
      for (const p of expected) addPulse(leads, p, 0.5, fsHz);
      expect([...pacerPulses(leads, fsHz, Int32Array.from(peaks))]).toEqual(expected);
    }
  });

  it('finds nothing in unpaced beats, however steep, nor in a jump after samples held inside the QRS (LUDB 43, 99, 109)', () => {
    const leads = leadsWithQrs(PEAKS, N);
    expect(pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))).toHaveLength(0);
    // The cart held the samples for 14 ms on the upstroke, then jumped to the signal's present value.
    for (const p of PEAKS) {
      for (const x of leads) {
        const held = x[p - ms(16)]!;
        for (let i = p - ms(16); i < p - ms(2); i++) x[i] = held;
      }
    }
    expect(pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))).toHaveLength(0);
  });

  it('does not take the sharp corner of a triangular (test-waveform) QRS for a pulse', () => {
    // Triangular QRS complexes (18 ms up, 18 ms down) on a perfectly quiet baseline: the first step
    // rises out of nothing, but the signal carries on rising.
    const triangles = [1, 0.7, -0.5].map((gain) => {
      const x = new Float32Array(N);
      for (const p of PEAKS) for (let k = -9; k <= 9; k++) x[p + k]! += gain * (1 - Math.abs(k) / 9);
      return x;
    });
    expect(pacerPulses(triangles, FS_HZ, Int32Array.from(PEAKS))).toHaveLength(0);
  });

  it('finds a pulse the anti-aliasing filter spread over two samples (the first at a fifth of the jump)', () => {
    const leads = leadsWithQrs(PEAKS, N);
    const pulses = PEAKS.map((p) => p - ms(60));
    for (const p of pulses) {
      leads.forEach((x, k) => (x[p]! += (k === 2 ? -0.1 : 0.1)));
      addPulse(leads, p + 1, 0.5);
    }
    // Found at its steep sample; the artefact's span (from 2 ms before) takes the first one in.
    expect([...pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))]).toEqual(pulses.map((p) => p + 1));
  });

  it("finds pulses a recorder's 150 Hz low-pass spread and made ring before them when they recur before every QRS, and not such an edge before one beat only", () => {
    // A linear-phase (zero-phase) low-pass rings before the edge too: the quiet span up to it is not quiet.
    const lowPassed = (leads: Float32Array[]) => {
      const design = [designFilter({ kind: 'lowpass', cutoffHz: 150, order: 2 }, FS_HZ, 'zero-phase')];
      for (const x of leads) filterZeroPhaseInPlace(design, x);
      return leads;
    };
    const pulses = PEAKS.map((p) => p - ms(60));
    for (const mv of [0.3, 1]) {
      const paced = leadsWithQrs(PEAKS, N);
      for (const p of pulses) addPulse(paced, p, mv);
      const found = [...pacerPulses(lowPassed(paced), FS_HZ, Int32Array.from(PEAKS))];
      // The ringing before the edge may start the artefact a sample early.
      expect(found, `${mv} mV`).toHaveLength(PEAKS.length);
      found.forEach((f, k) => expect(Math.abs(f - pulses[k]!)).toBeLessThanOrEqual(1));
      // The same edge before one beat of four: the QRS's own sharp start is as likely, so nothing.
      const once = leadsWithQrs(PEAKS, N);
      addPulse(once, pulses[2]!, mv);
      expect(pacerPulses(lowPassed(once), FS_HZ, Int32Array.from(PEAKS)), `${mv} mV`).toHaveLength(0);
    }
  });

  it('finds a second pulse within 30 ms of the first (biventricular pacing) once the first is known', () => {
    for (const apartMs of [6, 16]) {
      const leads = leadsWithQrs(PEAKS, N);
      const first = PEAKS.map((p) => p - ms(80));
      const second = first.map((p) => p + ms(apartMs));
      for (const p of [...first, ...second]) addPulse(leads, p, 0.5);
      const once = pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS));
      // Not the first pulse's recovery taken for a second one either (within PACER.ringingMs of it).
      expect([...once], `${apartMs} ms apart`).toEqual(first);
      const again = pacerPulses(withoutPacerArtefacts(leads, pacerArtefactSpans(leads, once, FS_HZ)), FS_HZ, Int32Array.from(PEAKS), once);
      expect([...again], `${apartMs} ms apart`).toEqual([...first, ...second].sort((a, b) => a - b));
    }
  });

  it('does not take a small step on the baseline for a pulse: it must be as steep as half the QRS', () => {
    const leads = leadsWithQrs(PEAKS, N);
    for (const p of PEAKS) addPulse(leads, p - ms(60), 0.02);
    expect(pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))).toHaveLength(0);
  });

  it('finds pulses at 250 and 360 Hz, looks for none below 250 Hz, and reads past missing samples', () => {
    for (const fsHz of [200, 250, 360]) {
      const peaks = [ms(600, fsHz), ms(1300, fsHz), ms(2000, fsHz)];
      const leads = leadsWithQrs(peaks, ms(2400, fsHz), fsHz);
      for (const p of peaks) addPulse(leads, p - ms(60, fsHz), 0.5, fsHz);
      expect([...pacerPulses(leads, fsHz, Int32Array.from(peaks))]).toEqual(fsHz < 250 ? [] : peaks.map((p) => p - ms(60, fsHz)));
    }

    const leads = leadsWithQrs(PEAKS, N);
    for (const p of PEAKS) addPulse(leads, p - ms(60), 0.5);
    leads[1]!.fill(Number.NaN, 1000, 1100);
    expect([...pacerPulses(leads, FS_HZ, Int32Array.from(PEAKS))]).toEqual(PEAKS.map((p) => p - ms(60)));
  });
});

describe('withoutPacerArtefacts', () => {
  it('replaces the pulse and its recovery by a line and leaves the QRS and the rest untouched', () => {
    const clean = leadsWithQrs(PEAKS, N);
    const paced = clean.map((x) => Float32Array.from(x));
    const pulses = PEAKS.map((p) => p - ms(60));
    for (const p of pulses) addPulse(paced, p, 1);
    const out = withoutPacerArtefacts(paced, pacerArtefactSpans(paced, Int32Array.from(pulses), FS_HZ));
    for (let k = 0; k < clean.length; k++) {
      for (const p of pulses) {
        // The artefact is gone: within 0.06 mV of the clean baseline (the pulse was 1 mV; its
        // recovery beyond the blanked span is under 0.6^6 of it).
        for (let i = p - ms(4); i < p + ms(30); i++) expect(Math.abs(out[k]![i]! - clean[k]![i]!)).toBeLessThan(0.06);
      }
      // The QRS peaks are the clean ones, and so is every sample away from the pulses.
      for (const p of PEAKS) expect(out[k]![p]).toBe(paced[k]![p]);
      expect(out[k]!.subarray(0, pulses[0]! - ms(4))).toEqual(paced[k]!.subarray(0, pulses[0]! - ms(4)));
    }
  });
});
