import type { QualityInterval } from '../../ekg/quality/index.ts';
import { UNUSABLE_KINDS } from '../../ekg/quality/index.ts';
import { patientFromComments } from './patient.ts';
import { analyzeEkg, type EkgMeasurements } from './summary.ts';
import type { EkgFlag } from './flags.ts';

/**
 * Resting-EKG analysis applies to strips up to this long; longer (Holter-like) records keep only the
 * pipeline's rate. 5 min covers resting and rhythm-strip recordings, which run past 2 min (PTB
 * diagnostic records reach 120 s and a little more at 1000 Hz), and stays far below a Holter-type
 * 30-minute record, for which one median beat and whole-record rate flags would mean nothing.
 */
export const MAX_RESTING_SECONDS = 300;

/** Stretches where no lead is usable (the pipeline's `lead: null` intervals of an unusable kind). */
export function unusableStretches(quality: readonly QualityInterval[]): { start: number; end: number }[] {
  return quality.filter((q) => q.lead === null && UNUSABLE_KINDS.has(q.kind)).map((q) => ({ start: q.start, end: q.end }));
}

/** Seconds of the record outside every unusable stretch. */
export function usableSeconds(quality: readonly QualityInterval[], samples: number, fsHz: number): number {
  const marks = new Uint8Array(samples);
  for (const u of unusableStretches(quality)) marks.fill(1, Math.max(0, u.start), Math.min(samples, u.end));
  let n = 0;
  for (const m of marks) n += m;
  return (samples - n) / fsHz;
}

/**
 * The measurements and review flags `station analyze` reports for a resting recording, from the
 * pipeline's filtered leads, beats and quality intervals. Null for records longer than MAX_RESTING_SECONDS.
 */
export function recordFindings(input: {
  leads: readonly Float32Array[];
  names: readonly string[];
  fsHz: number;
  beats: Int32Array;
  quality: readonly QualityInterval[];
  comments: readonly string[];
}): { measurements: EkgMeasurements; flags: EkgFlag[]; notes: string[] } | null {
  const samples = input.leads[0]?.length ?? 0;
  if (samples === 0 || samples / input.fsHz > MAX_RESTING_SECONDS) return null;
  const { interpretation } = analyzeEkg(
    {
      fsHz: input.fsHz,
      leads: input.leads.map((mv, i) => ({ name: input.names[i] ?? `lead${i}`, mv })),
      rPeaks: input.beats,
      unusable: unusableStretches(input.quality),
    },
    patientFromComments(input.comments),
    { usableSeconds: usableSeconds(input.quality, samples, input.fsHz) },
  );
  return { measurements: interpretation.measurements, flags: interpretation.flags, notes: interpretation.notes ?? [] };
}
