import { LabelError } from './errors.ts';
import { textWidthDots } from './fontMetrics.ts';

/**
 * Patient name on the label: `FAMILY, Given` (family name upper-cased, given names as entered).
 * Truncation rule (documented in docs/labels.md), tried in order until the text fits the width:
 *   1. full name at the regular size;          e.g. `ABERCROMBIE-SMYTHE, Anna Maria`
 *   2. first given name only, regular size;    `ABERCROMBIE-SMYTHE, Anna`
 *   3. full name, then first given name, at the reduced size;
 *   4. first given name cut one letter at a time, at the reduced size, down to its initial;
 *      a cut given name ends in `.` so a reader sees it is shortened (`ABERCROMBIE-SMYTHE, An.`)
 * The family name is never shortened: if `FAMILY, G.` does not fit at the reduced size the label
 * is refused (name-too-long) and must be written by hand per local policy.
 */
export interface NameFont {
  readonly heightDots: number;
  readonly charWidthDots: number;
}

export interface FittedName {
  readonly text: string;
  readonly font: NameFont;
  /** Which rule step produced `text` (1-4); > 1 means the name was shortened or shrunk. */
  readonly step: 1 | 2 | 3 | 4;
  readonly truncated: boolean;
}

export function familyGiven(familyName: string, givenName: string): string {
  const family = familyName.trim().replace(/\s+/g, ' ').toUpperCase();
  const given = givenName.trim().replace(/\s+/g, ' ');
  return given === '' ? family : `${family}, ${given}`;
}

export function fitPatientName(familyName: string, givenName: string, maxWidthDots: number, regular: NameFont, reduced: NameFont): FittedName {
  const family = familyName.trim().replace(/\s+/g, ' ').toUpperCase();
  const given = givenName.trim().replace(/\s+/g, ' ');
  if (family === '') throw new LabelError('invalid-input', 'patient family name is empty');
  const full = familyGiven(family, given);
  const firstGiven = given.split(' ')[0] ?? '';
  const short = familyGiven(family, firstGiven);
  const fits = (text: string, font: NameFont) => textWidthDots(text, font.charWidthDots) <= maxWidthDots;

  if (fits(full, regular)) return { text: full, font: regular, step: 1, truncated: false };
  if (fits(short, regular)) return { text: short, font: regular, step: 2, truncated: true };
  if (fits(full, reduced)) return { text: full, font: reduced, step: 3, truncated: false };
  if (fits(short, reduced)) return { text: short, font: reduced, step: 3, truncated: true };
  const letters = [...firstGiven];
  for (let n = letters.length - 1; n >= 1; n--) {
    const text = `${family}, ${letters.slice(0, n).join('')}.`;
    if (fits(text, reduced)) return { text, font: reduced, step: 4, truncated: true };
  }
  throw new LabelError('name-too-long', 'patient family name is too long to fit the label even with the given name cut to an initial');
}
