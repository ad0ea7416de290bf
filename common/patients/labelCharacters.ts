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
