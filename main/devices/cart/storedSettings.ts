import { z } from 'zod';
import type { CartCapture } from './capture.ts';

const sampleRange = z.object({ start: z.number().int(), end: z.number().int() });

/**
 * What `ekg_records.filter_settings` holds for a cart capture (JSON): the display filter it was
 * taken with, and the capture's own account of itself (completeness, gaps, lead-off) so a reader
 * sees them. Display fields are optional: the cart session's filter is passed through as given
 * (CartCapture.filterSettings is not typed), and a reader prints what is there.
 */
const storedSettingsSchema = z.object({
  display: z.object({
    highPassHz: z.number().optional(),
    lowPassHz: z.number().nullable().optional(),
    mainsHz: z.number().nullable().optional(),
  }),
  capture: z.object({
    trigger: z.enum(['manual', 'auto']),
    startedAtUtc: z.string(),
    complete: z.boolean(),
    incompleteReason: z.string().optional(),
    gaps: z.array(sampleRange),
    leadOff: z.array(sampleRange.extend({ electrode: z.string() })),
  }),
});

export type StoredCaptureSettings = z.infer<typeof storedSettingsSchema>;

/** The settings JSON of a cart capture, as captureToNewCapture stores it. */
export function storedSettingsJson(capture: CartCapture): string {
  return JSON.stringify({
    display: capture.filterSettings,
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
  const parsed = storedSettingsSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
