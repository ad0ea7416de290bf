import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EkgInterpretation } from '../../../../main/domain/ekg-flags/summary.ts';
import { storeCartCapture } from '../../../../main/app/ekgCapture.ts';
import { CaptureBuilder } from '../../../../main/devices/cart/capture.ts';
import { decodeAecg } from '../../../../main/ekg/aecg/aecg.ts';
import { EkgReviewService } from '../../../../main/services/ekgReview.ts';
import { Patients } from '../../../../main/services/patients.ts';
import { openStore, type Store } from '../../../../main/storage/store.ts';
import { SIM_RESOLUTION_NV_PER_LSB } from '../../../../drivers/simulators/cart/signal.ts';

// A tester found every "Recorded" time 10-12 s after Capture was pressed, and the aECG dating each
// sample that much late (a lead-off event fell after the EKG was stored): the storing time was
// written as the capture's. The cart capture knows when its first sample came: startedAtUtc.
const STARTED = '2026-11-23T09:42:18.250Z';
const STORED_MS = Date.parse(STARTED) + 11_600; // 10 s of samples, then analysis and storing
const FS_HZ = 500;
const filter = { highPassHz: 0.05, mainsHz: 60, lowPassHz: 150 } as const;

function cartCapture() {
  const samples = 10 * FS_HZ;
  const b = new CaptureBuilder(0, samples, {
    trigger: 'manual',
    startedAtUtc: STARTED,
    device: { model: 'SIMULATED 12-LEAD CART', serial: 'SIMULATED-0001', firmware: 'sim', supportedRatesHz: [FS_HZ], resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB, address: 'tcp:127.0.0.1:1' },
    simulated: true,
    fsHz: FS_HZ,
    resolutionNvPerLsb: SIM_RESOLUTION_NV_PER_LSB,
    filterSettings: filter,
  });
  for (let i = 0; i < samples; i++) b.put(i, Int32Array.from({ length: 8 }, (_, ch) => Math.round(2000 * Math.sin((2 * Math.PI * i) / FS_HZ + ch))), 0);
  return b.seal(true);
}

describe("a stored cart capture's time is its first sample's", () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cart-capture-time-'));
    store = openStore({ dataDir: dir, auditHeadMaxLagMs: 0, clockMs: () => STORED_MS });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('capturedAtUtc is startedAtUtc (not the storing time), and the aECG dates its first sample there', () => {
    const ma = { id: 'ma1', role: 'ma' as const };
    const patient = new Patients(store).create({ mrn: 'T-1', familyName: 'Time', givenName: 'Ann', birthDate: '1960-01-01', sex: 'female' }, ma);
    const review = new EkgReviewService(store);
    const id = storeCartCapture(cartCapture(), { actor: ma, patient, filter, review });
    const stored = review.get(id);
    expect(stored.capturedAtUtc).toBe(STARTED);
    // The providers' worklist reads the same column.
    expect(review.worklist({ id: 'dr1', role: 'provider' }, 10).entries.map((e) => e.capturedAtUtc)).toEqual([STARTED]);
    const { xml } = review.exportAecg(id, ma);
    const hl7 = '20261123094218.250';
    expect(decodeAecg(xml).effectiveTime).toBe(hl7);
    // The sample sequence's own clock (TIME_ABSOLUTE head) starts at the first sample too.
    expect(/<code code="TIME_ABSOLUTE"[^>]*\/><value xsi:type="GLIST_TS"><head value="([^"]+)"/.exec(xml)?.[1]).toBe(hl7);
    // Storing is still audited when it happened.
    const auditedAt = store.db.prepare("SELECT at_utc FROM audit_log WHERE verb = 'ekg-capture'").pluck().get();
    expect(auditedAt).toBe(new Date(STORED_MS).toISOString());
  });

  it('a capture that gives no start (demo, other callers) is dated when stored; a start that is no time is refused', () => {
    const review = new EkgReviewService(store);
    const base = { patientId: null, deviceId: 'demo', simulated: true, fsHz: FS_HZ, filterSettings: 'demo', leads: [{ name: 'I', mv: Float32Array.of(0, 1) }], interpretation };
    expect(review.saveCapture({ id: 'ma1', role: 'ma' }, base).capturedAtUtc).toBe(new Date(STORED_MS).toISOString());
    expect(() => review.saveCapture({ id: 'ma1', role: 'ma' }, { ...base, capturedAtUtc: 'soon' })).toThrow(expect.objectContaining({ code: 'invalid-capture' }));
  });
});

const interpretation: EkgInterpretation = {
  measurements: { heartRateBpm: 60, prMs: 150, qrsMs: 90, qtMs: 400, qtcMs: 400, qtcFormula: 'bazett', axisDeg: { p: 50, qrs: 40, t: 30 } },
  qtc: { bazettMs: 400, fridericiaMs: 400 },
  rrVariability: { sdnnMs: 10, rmssdMs: 8, irregularity: 0.02, minRrMs: 990, maxRrMs: 1010 },
  flags: [],
};
