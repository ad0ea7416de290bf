import { z } from 'zod';
import type { AnalysisFilters } from '../../ekg/pipeline.ts';
import type { CartCapture } from './capture.ts';

const sampleRange = z.object({ start: z.number().int(), end: z.number().int() });

/**
 * What `ekg_records.filter_settings` holds for a cart capture (JSON): the display filter it was
 * taken with, the capture's own account of itself (completeness, gaps, lead-off) so a reader
 * sees them, and the mains notch the analysis measured through (captures since session 14). Read in parts, failing closed: a capture that says it is incomplete is read as
 * incomplete whatever else of it cannot be read (a display filter of another shape once hid
 * "complete: false" with the whole row); parts that do not read are null.
 */
const displaySchema = z.object({
  highPassHz: z.number().optional(),
  lowPassHz: z.number().nullable().optional(),
  mainsHz: z.number().nullable().optional(),
});
const captureSchema = z.object({
  trigger: z.enum(['manual', 'auto']).optional(),
  startedAtUtc: z.string().optional(),
  complete: z.boolean(),
  incompleteReason: z.string().optional(),
  gaps: z.array(sampleRange).nullable().catch(null),
  leadOff: z.array(sampleRange.extend({ electrode: z.string() })).nullable().catch(null),
});

const analysisSchema = z.object({
  mainsNotchHz: z.number().nullable(),
  mainsNotchHeard: z.boolean(),
});

export interface StoredCaptureSettings {
  /** The display filter; null when it does not read as one. */
  readonly display: z.infer<typeof displaySchema> | null;
  /** The analysis's mains notch; null when not recorded (older captures) or not readable. */
  readonly analysis: z.infer<typeof analysisSchema> | null;
  /** The capture's account of itself; its gaps and lead-off null when they do not read. */
  readonly capture: z.infer<typeof captureSchema>;
}

/** The settings JSON of a cart capture, as captureToNewCapture stores it. */
export function storedSettingsJson(capture: CartCapture, analysis?: AnalysisFilters): string {
  return JSON.stringify({
    display: capture.filterSettings,
    ...(analysis !== undefined ? { analysis: { mainsNotchHz: analysis.mainsNotchHz, mainsNotchHeard: analysis.mainsNotchHeard } } : {}),
    capture: {
      trigger: capture.trigger,
      startedAtUtc: capture.startedAtUtc,
      complete: capture.complete,
      ...(capture.incompleteReason !== undefined ? { incompleteReason: capture.incompleteReason } : {}),
      gaps: capture.gaps,
      leadOff: capture.leadOffIntervals,
    },
  });
}

/**
 * A stored EKG's settings read back: the cart capture's settings, or null when they are not a cart
 * capture's (EKGs from files and the demo store a line of text, which readers show as it is).
 */
export function parseStoredSettings(text: string): StoredCaptureSettings | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // a line of text (files, demo)
  }
  if (typeof json !== 'object' || json === null) return null;
  const { capture, display, analysis } = json as { capture?: unknown; display?: unknown; analysis?: unknown };
  const c = captureSchema.safeParse(capture);
  if (!c.success) return null; // no completeness: not a cart capture's settings
  const d = displaySchema.safeParse(display);
  const a = analysisSchema.safeParse(analysis);
  return { display: d.success ? d.data : null, analysis: a.success ? a.data : null, capture: c.data };
}
