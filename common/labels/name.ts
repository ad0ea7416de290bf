import { LabelError } from './errors.ts';
import { fitPrefix, textWidthDots } from './fontMetrics.ts';

/**
 * Patient name on the label: `FAMILY, Given` (family name upper-cased, given names as entered).
 * Truncation rule (docs/labels.md, "Name truncation rule"), tried in order until the text fits:
 *   1. full name at the regular size;          e.g. `ABERCROMBIE-SMYTHE, Anna Maria`
 *   2. first given name only, regular size;    `ABERCROMBIE-SMYTHE, Anna`
 *   3. full name, then first given name, at the reduced size (the smallest name type we print);
 *   4. first given name cut, at the reduced size, ending in the cut marker (`ABERCROMBIE-SMYTHE, An...`),
 *      down to its initial (`ABERCROMBIE-SMYTHE, A.`);
 *   5. family name cut, ending in the cut marker, with the given initial (`WOLFESCHLEGELSTEIN..., H.`).
 * The family name is cut last because it is what the lab matches first (last name, then first name
 * or initial). A cut is always marked, never silent; the MRN and date of birth, the identifiers
 * the label is checked against, are never shortened (layout.ts) and the barcode holds the accession.
 */
export interface NameFont {
  readonly heightDots: number;
  readonly charWidthDots: number;
}

/**
 * What ends a cut name (and a cut collector login, layout.ts). Three ASCII full stops rather than
 * U+2026 `…`: the label charset (charset.ts) is what we know font 0 prints; a glyph the printer
 * lacks would print as a box or nothing, and the cut would go unmarked.
 */
export const NAME_CUT_MARKER = '...';

export interface FittedName {
  readonly text: string;
  readonly font: NameFont;
  /** Which rule step produced `text` (1-5); > 1 means the name was shortened or shrunk. */
  readonly step: 1 | 2 | 3 | 4 | 5;
  /** Some of the name is not on the label (given names dropped, or a name cut). */
  readonly truncated: boolean;
}

/**
 * The longest start of `text` that fits `maxWidthDots` at `charWidthDots` with `before` and `after`
 * around it ('' when none does). Also cuts the collector's login (layout.ts), with the same marker.
 */
export function cutToFit(before: string, text: string, after: string, charWidthDots: number, maxWidthDots: number): string {
  // fitPrefix rounds each part up, so the parts together never exceed the width.
  return (
    fitPrefix(text, charWidthDots, maxWidthDots - textWidthDots(before, charWidthDots) - textWidthDots(after, charWidthDots))
      // A cut ending in a space, hyphen, full stop or underscore reads as a complete part (or, before
      // the marker, as a longer marker): take it off.
      .replace(/[ ._-]+$/, '')
  );
}

function familyGiven(family: string, given: string): string {
  return given === '' ? family : `${family}, ${given}`;
}

export function fitPatientName(familyName: string, givenName: string, maxWidthDots: number, regular: NameFont, reduced: NameFont): FittedName {
  const family = familyName.trim().replace(/\s+/g, ' ').toUpperCase();
  const given = givenName.trim().replace(/\s+/g, ' ');
  if (family === '') throw new LabelError('invalid-input', "The patient's family name is empty: complete the patient record before printing a label.");
  const full = familyGiven(family, given);
  const firstGiven = given.split(' ')[0] ?? '';
  const short = familyGiven(family, firstGiven);
  const fits = (text: string, font: NameFont) => textWidthDots(text, font.charWidthDots) <= maxWidthDots;
  const cut = (before: string, text: string, after: string) => cutToFit(before, text, after, reduced.charWidthDots, maxWidthDots);

  if (fits(full, regular)) return { text: full, font: regular, step: 1, truncated: false };
  if (fits(short, regular)) return { text: short, font: regular, step: 2, truncated: true };
  if (fits(full, reduced)) return { text: full, font: reduced, step: 3, truncated: false };
  if (fits(short, reduced)) return { text: short, font: reduced, step: 3, truncated: true };

  const initial = [...firstGiven][0];
  if (initial !== undefined) {
    // Two letters at least: fewer is the initial, written the usual way.
    const givenCut = cut(`${family}, `, firstGiven, NAME_CUT_MARKER);
    if ([...givenCut].length >= 2) return { text: `${family}, ${givenCut}${NAME_CUT_MARKER}`, font: reduced, step: 4, truncated: true };
    const withInitial = `${family}, ${initial}.`;
    if (fits(withInitial, reduced)) return { text: withInitial, font: reduced, step: 4, truncated: true };
  }
  const givenPart = initial === undefined ? '' : `, ${initial}.`;
  const familyCut = cut('', family, `${NAME_CUT_MARKER}${givenPart}`);
  if (familyCut !== '') return { text: `${familyCut}${NAME_CUT_MARKER}${givenPart}`, font: reduced, step: 5, truncated: true };
  // Only a label far narrower than ours gets here (ours holds about 28 letters at the reduced size).
  throw new LabelError('name-too-long', "The patient's name does not fit the label even when cut. Label this tube by hand, as your clinic's policy for hand-written labels says.");
}
