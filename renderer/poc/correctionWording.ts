/**
 * Why a stored result was corrected: main keeps a short code (`transcription-error`, the
 * `poc.result.correct` contract's pattern); the assistant only ever reads the words. One list
 * serves the Correct form's choices and the results table's "corrected (...)".
 */
export const CORRECTION_REASONS: readonly { readonly code: string; readonly text: string }[] = [
  { code: 'transcription-error', text: 'Transcription error (typed or copied wrong)' },
  { code: 'wrong-unit', text: 'Wrong unit' },
  { code: 'instrument-error', text: 'Instrument error (meter or analyzer)' },
];

/**
 * The reason in plain words. A code this station version does not list (written by another
 * version) is shown as words too, never as the machine code: `wrong-patient-id` -> `Wrong patient id`.
 */
export function correctionReasonText(code: string | null): string {
  if (code === null || code.trim() === '') return 'no reason recorded';
  const known = CORRECTION_REASONS.find((r) => r.code === code);
  if (known) return known.text;
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
