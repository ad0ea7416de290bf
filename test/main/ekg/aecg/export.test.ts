import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordToCartSignal, SIM_RESOLUTION_NV_PER_LSB } from '../../../../drivers/simulators/cart/signal.ts';
import { CART_CHANNELS } from '../../../../drivers/protocols/cart/types.ts';
import { decodeAecg, encodeAecg, leadMv } from '../../../../main/ekg/aecg/aecg.ts';
import { digitsAt } from '../../../../main/ekg/aecg/digits.ts';
import { aecgFromCapture, AecgPrecisionError, measurementsFromAecg, type AecgMeasurementSource } from '../../../../main/ekg/aecg/export.ts';
import { loadEkg } from '../../../../main/io/ekgDatasets.ts';
import { readRecord } from '../../../../main/io/wfdb.ts';

const LUDB_1 = '../shared/ecg/ludb-dev/1.hea';
const noMeasurements: AecgMeasurementSource = {
  measurements: { heartRateBpm: null, prMs: null, qrsMs: null, qtMs: null, qtcMs: null, qtcFormula: 'fridericia', axisDeg: { p: null, qrs: null, t: null } },
  qtc: { bazettMs: null, fridericiaMs: null },
};

function exportAndRead(leads: readonly { name: string; mv: Float32Array }[], acquisitionStepMv: number | null, measurements = noMeasurements) {
  const xml = encodeAecg(
    aecgFromCapture({ id: 'st.ekg.1', capturedAtUtc: '2026-11-22T09:15:00.125Z', subject: null, simulated: true, fsHz: 500, leads, acquisitionStepMv, measurements }),
  );
  return decodeAecg(xml);
}

/** The stored Float32 bits of each lead (NaN payloads and -0 included), for bit-for-bit comparison. */
const bits = (mv: Float32Array) => Array.from(new Uint32Array(mv.buffer, mv.byteOffset, mv.length));

/** The cart's stored form of counts: Float32 mV = counts x resolution (main/devices/cart/storeCapture.ts). */
const storedMv = (counts: ArrayLike<number>, resolutionNvPerLsb: number) => Float32Array.from(counts, (c) => c * (resolutionNvPerLsb / 1e6));

describe('aECG export of stored captures', () => {
  it('a LUDB-derived capture reads back bit for bit (no recorded step: inferred per lead); 1 uV digits could not', async () => {
    const r = await loadEkg(LUDB_1);
    const leads = r.leads.map((l) => ({ name: l.name.toUpperCase().replace('AV', 'aV'), mv: l.mv }));
    const back = exportAndRead(leads, null);
    expect(back.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    back.leads.forEach((l, k) => {
      expect(l.unit).toBe('mV');
      expect(bits(leadMv(l))).toEqual(bits(leads[k]!.mv));
      // The old export's 1 uV per digit loses these samples (LUDB steps are 1/gain mV, e.g. 0.58 uV).
      expect(digitsAt(leads[k]!.mv, 0.001)).toBeNull();
    });
  });

  it('a simulated-cart capture reads back bit for bit at the cart resolution (47.7 nV)', async () => {
    const signal = recordToCartSignal(await readRecord(LUDB_1));
    const leads = CART_CHANNELS.map((name, ch) => ({
      name,
      mv: storedMv(Array.from({ length: signal.samples }, (_, i) => signal.counts[i * CART_CHANNELS.length + ch]!), SIM_RESOLUTION_NV_PER_LSB),
    }));
    const back = exportAndRead(leads, SIM_RESOLUTION_NV_PER_LSB / 1e6);
    back.leads.forEach((l, k) => {
      expect(l.scale).toBe(SIM_RESOLUTION_NV_PER_LSB / 1e6);
      expect(bits(leadMv(l))).toEqual(bits(leads[k]!.mv));
      expect(digitsAt(leads[k]!.mv, 0.001)).toBeNull();
    });
  });

  it('any 24-bit counts at any cart resolution read back bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8388607, max: 8388607 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (counts, resNv) => {
        const mv = storedMv(counts, resNv);
        const back = exportAndRead([{ name: 'V1', mv }], resNv / 1e6);
        expect(bits(leadMv(back.leads[0]!))).toEqual(bits(mv));
      }),
      { numRuns: 200 },
    );
  });

  it('a WFDB-like signal at any integer gain reads back bit for bit without a recorded step', () => {
    // A tracing moves in small steps from sample to sample (here a random walk of digital values).
    const walk = fc.tuple(fc.integer({ min: -20000, max: 20000 }), fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 50, maxLength: 400 }));
    fc.assert(
      fc.property(walk, fc.integer({ min: 1, max: 100000 }), ([start, steps], gain) => {
        let d = start;
        // main/ekg/wfdb/types.ts toPhysical: (digital - baseline) * (1 / gain), stored as Float32.
        const mv = Float32Array.from(steps, (step) => (d += step) * (1 / gain));
        const back = exportAndRead([{ name: 'II', mv }], null);
        expect(bits(leadMv(back.leads[0]!))).toEqual(bits(mv));
      }),
      { numRuns: 200 },
    );
  });

  it('never changes a sample: any Float32 lead reads back bit for bit or is refused with AecgPrecisionError', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), (values) => {
        const mv = Float32Array.from(values);
        try {
          expect(bits(leadMv(exportAndRead([{ name: 'V2', mv }], null).leads[0]!))).toEqual(bits(mv));
        } catch (e) {
          expect(e).toBeInstanceOf(AecgPrecisionError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses, with a typed error, a lead with gaps or one no digit scale carries exactly', () => {
    expect(() => exportAndRead([{ name: 'I', mv: Float32Array.of(0.1, Number.NaN) }], null)).toThrow(AecgPrecisionError);
    // 2^-40 and 1 mV: no scale fits both in 32-bit digits.
    expect(() => exportAndRead([{ name: 'I', mv: Float32Array.of(2 ** -40, 1) }], null)).toThrow(AecgPrecisionError);
  });

  it('reads back every measurement field, both QTc formulas and the one shown', () => {
    const ms = fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null });
    const deg = fc.option(fc.integer({ min: -180, max: 180 }), { nil: null });
    const sourceArb: fc.Arbitrary<AecgMeasurementSource> = fc.record({
      measurements: fc.record({
        heartRateBpm: fc.option(fc.double({ min: 10, max: 300, noNaN: true }), { nil: null }),
        prMs: ms,
        qrsMs: ms,
        qtMs: ms,
        qtcMs: ms,
        qtcFormula: fc.constantFrom('bazett' as const, 'fridericia' as const),
        axisDeg: fc.record({ p: deg, qrs: deg, t: deg }),
      }),
      qtc: fc.record({ bazettMs: ms, fridericiaMs: ms }),
    });
    fc.assert(
      fc.property(sourceArb, (source) => {
        const back = exportAndRead([{ name: 'I', mv: Float32Array.of(0) }], null, source);
        expect(measurementsFromAecg(back.measurements)).toEqual(source);
      }),
      { numRuns: 300 },
    );
    const codes = exportAndRead([{ name: 'I', mv: Float32Array.of(0) }], null, {
      measurements: { ...noMeasurements.measurements, qtcMs: 452, qtcFormula: 'bazett' },
      qtc: { bazettMs: 452, fridericiaMs: 431 },
    }).measurements;
    expect(codes).toContainEqual({ code: 'MDC_ECG_TIME_PD_QTc', value: 452, unit: 'ms', methodCode: 'MDC_ECG_TIME_PD_QTcB' });
    expect(codes).toContainEqual({ code: 'MDC_ECG_TIME_PD_QTcB', value: 452, unit: 'ms', methodCode: null });
    expect(codes).toContainEqual({ code: 'MDC_ECG_TIME_PD_QTcF', value: 431, unit: 'ms', methodCode: null });
  });
});
