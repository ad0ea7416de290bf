import type { EkgInterpretation } from '../../domain/ekg-flags/summary.ts';
import type { AnalysisFilters } from '../../ekg/pipeline.ts';
import type { NewCapture } from '../../services/ekgReview.ts';
import type { CartCapture } from './capture.ts';
import { storedSettingsJson } from './storedSettings.ts';

/** What `ekg_records.device_id` holds for a cart capture (JSON): enough to get the counts back. */
export interface StoredCartDevice {
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  readonly address: string;
  readonly resolutionNvPerLsb: number;
}

/**
 * A cart capture as a row for the EKG review store (migration 0012, `ekg_records`, owned by the
 * review workflow): leads I, II, V1..V6 as Float32 mV, NaN where a frame never arrived.
 * Lossless: a 24-bit count (|c| < 2^23) times any scale, rounded to Float32's 24-bit significand,
 * is off by less than half a count, so counts = round(mV / resolution) exactly (property-tested).
 * Device identity (with the resolution) goes in device_id; completeness, gaps and lead-off go
 * with the settings JSON so a reviewer sees them (written and read back by ./storedSettings.ts).
 */
export function captureToNewCapture(capture: CartCapture, context: { patientId: number | null; interpretation: EkgInterpretation; analysisFilters?: AnalysisFilters | undefined }): NewCapture {
  const mvPerCount = capture.resolutionNvPerLsb / 1e6;
  const leads = capture.channels.map((name, ch) => {
    const counts = capture.counts[ch]!;
    const mv = new Float32Array(capture.samples);
    for (let i = 0; i < capture.samples; i++) {
      if (!capture.valid[i]) {
        mv[i] = Number.NaN;
        continue;
      }
      mv[i] = counts[i]! * mvPerCount;
    }
    return { name, mv };
  });
  const device: StoredCartDevice = {
    model: capture.device.model,
    serial: capture.device.serial,
    firmware: capture.device.firmware,
    address: capture.device.address,
    resolutionNvPerLsb: capture.resolutionNvPerLsb,
  };
  return {
    patientId: context.patientId,
    // The first sample's time, not the storing's (10 s or more later): the aECG dates every sample from it.
    capturedAtUtc: capture.startedAtUtc,
    deviceId: JSON.stringify(device),
    simulated: capture.simulated,
    fsHz: capture.fsHz,
    filterSettings: storedSettingsJson(capture, context.analysisFilters),
    leads,
    interpretation: context.interpretation,
  };
}

/** The cart's counts back from stored Float32 mV (NaN = missing -> valid 0). */
export function countsFromStoredMv(mv: Float32Array, resolutionNvPerLsb: number): { counts: Int32Array; valid: Uint8Array } {
  const mvPerCount = resolutionNvPerLsb / 1e6;
  const counts = new Int32Array(mv.length);
  const valid = new Uint8Array(mv.length);
  for (let i = 0; i < mv.length; i++) {
    if (Number.isNaN(mv[i]!)) continue;
    counts[i] = Math.round(mv[i]! / mvPerCount);
    valid[i] = 1;
  }
  return { counts, valid };
}
