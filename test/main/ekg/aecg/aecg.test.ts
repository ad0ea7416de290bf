import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AecgFormatError, decodeAecg, encodeAecg, type AecgDocument } from '../../../../main/ekg/aecg/aecg.ts';
import { aecgFromCapture } from '../../../../main/ekg/aecg/export.ts';
import { standardLeadName } from '../../../../main/ekg/twelve-lead/leads.ts';
import { loadEkg } from '../../../../main/io/ekgDatasets.ts';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

const docArb: fc.Arbitrary<AecgDocument> = fc
  .record({
    id: fc.string({ maxLength: 20 }),
    patientId: fc.string({ maxLength: 20 }),
    simulated: fc.boolean(),
    fsHz: fc.constantFrom(250, 300, 360, 500, 1000),
    n: fc.integer({ min: 1, max: 40 }),
    leadCount: fc.integer({ min: 1, max: 12 }),
    seed: fc.array(fc.integer({ min: -2147483648, max: 2147483647 }), { minLength: 40 * 12, maxLength: 40 * 12 }),
    scaleUv: fc.constantFrom(0.5, 1, 2.5, 4.88),
    originUv: fc.integer({ min: -1000, max: 1000 }),
    measurements: fc.array(fc.record({ code: fc.constantFrom('MDC_ECG_TIME_PD_PR', 'MDC_ECG_HEART_RATE'), value: fc.integer({ min: -180, max: 2000 }), unit: fc.constantFrom('ms' as const, 'bpm' as const, 'deg' as const) }), { maxLength: 8 }),
  })
  .map((r) => ({
    id: r.id,
    effectiveTime: '20261122091500.125',
    patientId: r.patientId,
    simulated: r.simulated,
    fsHz: r.fsHz,
    leads: LEADS.slice(0, r.leadCount).map((name, k) => ({ name, originUv: r.originUv, scaleUv: r.scaleUv, digits: Int32Array.from(r.seed.slice(k * 40, k * 40 + r.n)) })),
    measurements: r.measurements,
  }));

describe('HL7 aECG export and reader', () => {
  it('reads back a real 12-lead capture identically (digits, rate, measurements, SIMULATED)', async () => {
    const r = await loadEkg('../shared/ecg/ludb-dev/1.hea');
    const doc = aecgFromCapture({
      id: 'ekg-42',
      capturedAtUtc: '2026-11-22T09:15:00.125Z',
      patientId: 'SIM-000123',
      simulated: true,
      fsHz: r.fsHz,
      leads: r.leads.map((l) => ({ name: standardLeadName(l.name)!, mv: l.mv })),
      measurements: { heartRateBpm: 45, prMs: 140, qrsMs: 68, qtMs: 462, qtcMs: 403, axisDeg: { p: 27, qrs: 23, t: null } },
    });
    const xml = encodeAecg(doc);
    expect(xml).toContain('MDC_ECG_LEAD_aVF');
    expect(xml).toContain('<increment value="0.002" unit="s"/>');
    const back = decodeAecg(xml);
    expect(back).toEqual(doc);
    expect(back.leads).toHaveLength(12);
    // 1 uV digits keep the waveform to within half a microvolt.
    const ii = r.leads[1]!.mv;
    for (let i = 0; i < ii.length; i += 97) expect(Math.abs(back.leads[1]!.digits[i]! / 1000 - ii[i]!)).toBeLessThanOrEqual(0.0005 + 1e-6);
  });

  it('decode(encode(x)) == x for any document', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        expect(decodeAecg(encodeAecg(d))).toEqual(d);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects garbage and damaged files with AecgFormatError only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          decodeAecg(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AecgFormatError);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(docArb, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 5 }), (d, at, len, junk) => {
        const xml = encodeAecg(d);
        const p = at % xml.length;
        const damaged = xml.slice(0, p) + junk + xml.slice(p + len);
        try {
          decodeAecg(damaged);
        } catch (e) {
          expect(e).toBeInstanceOf(AecgFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
