// How old a downloaded meter reading is, and when that needs the assistant's confirmation (main enforces it, the assign form asks).
/**
 * A downloaded reading older than this is assigned only with the assistant's explicit confirmation
 * that they took it from this patient (`confirmReadingAge` in poc.pending.match; the assign form
 * asks for it). A point-of-care test is read at the visit and the meter downloaded during it:
 * 60 minutes covers a clinic visit from fingerstick to download, while a reading from an earlier
 * visit (another patient, or this morning's) is older. Main enforces it; the renderer reads the
 * same constant to ask before Assign is enabled.
 */
export const READING_AGE_CONFIRM_AFTER_MS = 60 * 60_000;

/**
 * How long ago a reading was taken, in plain words for "taken … ago" ("25 min", "1 h 20 min",
 * "18 h", "3 days"): rounded down, so a reading is never said to be younger than it is by more
 * than the unit shown. The assign form and main's refusal use the same words.
 */
export function readingAgeWords(ageMs: number): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 10) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
