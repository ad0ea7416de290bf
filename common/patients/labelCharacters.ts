import { printableNames } from '../labels/content.ts';
import { LabelError } from '../labels/errors.ts';

/**
 * The characters of a patient's names that the label printer cannot print, each once, in the order
 * typed (grapheme clusters, so a letter keeps its accents). The rule is the label content's own
 * (`printableNames`, common/labels/content.ts), asked one character at a time so the form can say
 * which: registration warns, and the patient is still registered with the name as it is.
 */
export function unprintableNameCharacters(familyName: string, givenName: string): string[] {
  const found: string[] = [];
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(`${familyName} ${givenName}`)) {
    if (found.includes(segment)) continue;
    try {
      printableNames(segment, '');
    } catch (e) {
      if (e instanceof LabelError && e.reason === 'unsupported-character') found.push(segment);
      else throw e;
    }
  }
  return found;
}

/**
 * A character as the warning shows it: itself, or its code point when it shows nothing (a
 * zero-width space, a direction mark) so the person sees there is something there.
 */
export function shownCharacter(ch: string): string {
  const visible = /[^\p{Cf}\p{Cc}\p{Z}\p{M}]/u.test(ch);
  const codes = [...ch].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  return visible ? ch : `an invisible character (${codes})`;
}

/** The registration warning for names a label cannot carry, or null when every character prints. */
export function labelNameWarning(familyName: string, givenName: string): string | null {
  const chars = unprintableNameCharacters(familyName, givenName);
  if (chars.length === 0) return null;
  const shown = chars.slice(0, 8).map(shownCharacter).join(', ') + (chars.length > 8 ? ` and ${chars.length - 8} more` : '');
  return `Labels cannot print ${shown}: specimen labels for this patient will have to be written by hand.`;
}

/**
 * Main's refusal of a registration whose names the labels or the EKG report cannot print, until the
 * operator confirms (NewPatient.confirmedUnprintableName): the EMR is the source of truth, so the
 * name is saved as typed once she knows what will not work.
 */
export const UNPRINTABLE_NAME = 'patient-name-unprintable';

/**
 * What will not work for a patient whose names `outputs` cannot print, in plain words. Names no
 * character (messages carry no patient data): the form shows which, from labelNameWarning.
 */
export function unprintableNameMessage(outputs: readonly ('labels' | 'report')[]): string {
  const labels = outputs.includes('labels');
  const report = outputs.includes('report');
  const what = [
    labels ? 'the label printer cannot print it, so specimen labels for this patient must be written by hand' : null,
    report ? 'the EKG report cannot print it, so no EKG report (PDF) can be made for this patient' : null,
  ].filter((w): w is string => w !== null);
  return `This name has letters the station cannot print: ${what.join('; and ')}. Check the spelling against the wristband. If it is right, save the patient as typed.`;
}
