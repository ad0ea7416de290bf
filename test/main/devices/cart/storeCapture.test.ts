import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EkgInterpretation } from '../../../../main/domain/ekg-flags/summary.ts';
import { CaptureBuilder } from '../../../../main/devices/cart/capture.ts';
import { captureToNewCapture, countsFromStoredMv } from '../../../../main/devices/cart/storeCapture.ts';
import { EkgReviewService } from '../../../../main/services/ekgReview.ts';
import { migrate } from '../../../../main/storage/migrate.ts';
import { migration as m0012 } from '../../../../main/storage/migrations/0012_ekg_records.ts';
import { migrations } from '../../../../main/storage/migrations/index.ts';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { SIM_RESOLUTION_NV_PER_LSB } from '../../../../drivers/simulators/cart/signal.ts';

const interpretation: EkgInterpretation = {
  measurements: { heartRateBpm: 60, prMs: 150, qrsMs: 90, qtMs: 400, qtcMs: 400, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 400, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 990, maxRrMs: 1010 },
  flags: [],
};

function buildCapture(values: number[], resolutionNvPerLsb: number) {
  const b = new CaptureBuilder(0, values.length + 1, {
    trigger: 'manual',
    startedAtUtc: '2026-01-01T00:00:00.000Z',
    device: { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [500], resolutionNvPerLsb, address: 'serial:/dev/x' },
    simulated: true,
    fsHz: 500,
    resolutionNvPerLsb,
    filterSettings: { highPassHz: 0.05, mainsHz: 50, lowPassHz: 150 },
  });
  // Sample 0 is a gap; the rest carry the values on every channel.
  values.forEach((v, i) => b.put(i + 1, Int32Array.from({ length: 8 }, (_, ch) => (ch % 2 ? -v : v)), 0));
  return b.seal(true);
}

describe('storing a cart capture in ekg_records (real SQLite file)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cart-store-'));
    store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0 });
    // 0012 is registered by its owner (EKG review); until then apply it here as its own test does.
    if (!migrations.some((m) => m.version === 12)) migrate(store.db, [...migrations, m0012]);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every 24-bit count comes back exactly at any resolution; gaps come back as gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8388607, max: 8388607 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (values, resNv) => {
        const c = buildCapture(values, resNv);
        const row = captureToNewCapture(c, { patientId: null, interpretation });
        for (let ch = 0; ch < 8; ch++) {
          const back = countsFromStoredMv(row.leads[ch]!.mv, resNv);
          expect(back.valid).toEqual(c.valid);
          expect(back.counts).toEqual(c.counts[ch]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips through the review service and the database file', () => {
    const c = buildCapture([1, -2, 300000, -8388607, 8388607], SIM_RESOLUTION_NV_PER_LSB);
    const saved = new EkgReviewService(store).saveCapture({ id: 'ma1', role: 'ma' }, captureToNewCapture(c, { patientId: null, interpretation }));
    expect(saved.simulated).toBe(true);
    const device = JSON.parse(saved.deviceId) as { resolutionNvPerLsb: number; model: string };
    expect(device.model).toMatch(/SIMULATED/);
    expect(JSON.parse(saved.filterSettings)).toMatchObject({ capture: { complete: true, gaps: [{ start: 0, end: 1 }] } });
    const raw = store.db.prepare('SELECT raw_samples FROM ekg_records WHERE id = ?').pluck().get(saved.id) as Uint8Array;
    const all = new Float32Array(Uint8Array.from(raw).buffer);
    const v1 = countsFromStoredMv(all.subarray(2 * c.samples, 3 * c.samples), device.resolutionNvPerLsb);
    expect(v1.counts).toEqual(c.counts[2]);
    expect(v1.valid).toEqual(c.valid);
  });

});
