/**
 * Units as people read them. The catalogue, the database and HL7 keep UCUM codes (`{INR}`, `[pH]`,
 * `1`); a screen or a message never shows one: an INR is "INR 5.1", a pH "pH 6.5", a specific
 * gravity a bare number ("1.020"). The one place a unit is turned into words: the POC screens and
 * main's refusals all say units through these functions.
 */

/** How a UCUM unit is said: words before the number, after it, and as a choice in a unit list. */
interface UnitWords {
  readonly before: string;
  readonly after: string;
  readonly choice: string;
}

/** UCUM codes that are not said as written (the catalogue's arbitrary and dimensionless units). */
const SAID: Readonly<Record<string, UnitWords>> = {
  '{INR}': { before: 'INR', after: '', choice: 'INR' },
  '[pH]': { before: 'pH', after: '', choice: 'pH' },
  '1': { before: '', after: '', choice: 'no unit' },
  '': { before: '', after: '', choice: 'no unit' },
};

function wordsOf(ucum: string): UnitWords {
  const known = SAID[ucum.trim()];
  if (known) return known;
  // Any other UCUM annotation (`{ratio}`) or bracketed unit is said without its brackets.
  const bare = ucum.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\[(.*)\]$/, '$1');
  return { before: '', after: bare, choice: bare };
}

/** A number (or a range such as `0.8 to 8`) with its unit in words: `88 mg/dL`, `INR 5.1`, `pH 6.5`, `1.020`. */
export function quantityText(amount: string, ucum: string): string {
  const w = wordsOf(ucum);
  return [w.before, amount.trim(), w.after].filter((s) => s !== '').join(' ');
}

/** A unit as a list of unit choices names it: `mg/dL`, `INR`, `no unit`. */
export function unitChoiceText(ucum: string): string {
  return wordsOf(ucum).choice;
}

/** A unit as a field's label adds it (`Corrected value (mg/dL)`): '' for a number without a unit. */
export function unitLabelText(ucum: string): string {
  const w = wordsOf(ucum);
  return w.before === '' && w.after === '' ? '' : w.choice;
}

/** A list of units in words, for "choose the unit the meter shows (mg/dL or mmol/L)". */
export function unitListText(ucums: readonly string[]): string {
  return ucums.map(unitChoiceText).join(' or ');
}
