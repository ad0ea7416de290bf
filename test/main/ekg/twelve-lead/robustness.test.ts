// The analysis never throws on odd input (empty, flat, NaN-filled leads, beats at the edges):
// it answers with nulls and POOR_SIGNAL instead.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeEkg } from '../../../../main/domain/ekg-flags/summary.ts';

const UNKNOWN = { sex: null, ageYears: null } as const;

describe('12-lead analysis on odd input', () => {
  it('returns POOR_SIGNAL with null measurements for flat, empty and missing data', () => {
    for (const mv of [new Float32Array(5000), new Float32Array(5000).fill(Number.NaN), new Float32Array(0)]) {
      const { interpretation } = analyzeEkg({ fsHz: 500, leads: [{ name: 'I', mv }, { name: 'II', mv }], rPeaks: new Int32Array(0) }, UNKNOWN);
      expect(interpretation.flags.map((f) => f.code)).toEqual(['POOR_SIGNAL']);
      expect(interpretation.measurements.heartRateBpm).toBeNull();
    }
  });

  it('gives no infinite irregularity and no QRS of 0 ms or less when beats are given twice at the record edge (a fast-check counterexample)', () => {
    const mv = Float32Array.from({ length: 491 }, (_, i) => (i % 2 === 0 ? 0 : -8.4e-45));
    const { interpretation } = analyzeEkg({ fsHz: 500, leads: [{ name: 'I', mv }], rPeaks: Int32Array.from([-2, -1, 0, 0, 483]) }, UNKNOWN);
    expect(interpretation.rrVariability.irregularity).toBeNull();
    expect(interpretation.measurements.qrsMs).toBeNull();
  });

  it('never throws for random signals and beat positions (including out of range)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.integer({ min: -100, max: 3100 }), { maxLength: 30 }),
        fc.array(fc.oneof(fc.float({ min: -5, max: 5, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 64 }),
        (leadCount, n, peaks, pattern) => {
          const leads = Array.from({ length: leadCount }, (_, l) => ({
            name: ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'aVR', 'aVL', 'aVF'][l]!,
            mv: Float32Array.from({ length: n }, (_, i) => pattern[(i * (l + 1)) % pattern.length]!),
          }));
          const rPeaks = Int32Array.from([...peaks].sort((a, b) => a - b));
          const { interpretation } = analyzeEkg({ fsHz: 500, leads, rPeaks }, UNKNOWN);
          for (const f of interpretation.flags) expect(['routine', 'prompt', 'immediate']).toContain(f.urgency);
          const m = interpretation.measurements;
          for (const v of [m.heartRateBpm, m.prMs, m.qrsMs, m.qtMs, m.qtcMs, m.axisDeg.p, m.axisDeg.qrs, m.axisDeg.t, ...Object.values(interpretation.rrVariability)]) {
            expect(v === null || Number.isFinite(v)).toBe(true);
          }
          for (const d of [m.prMs, m.qrsMs, m.qtMs]) expect(d === null || d > 0).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
