import { StationError } from '../errors.ts';

/**
 * A possible duplicate registration: a new patient whose names and date of birth match a patient
 * already on this station. A second chart for one person splits their results (a glucose on one,
 * the EKG on the other), so main refuses it until the operator confirms a different person.
 */
export const POSSIBLE_DUPLICATE = 'patient-possible-duplicate';

/**
 * The refusal's words. They name no patient (messages carry no patient data: common/errors.ts):
 * the form asks `records.patients.possibleDuplicates` for the patients it matched and offers them.
 */
export const POSSIBLE_DUPLICATE_MESSAGE = 'A patient with the same name and date of birth is already registered: open that patient, or confirm this is a different person.';

/**
 * Letters NFKD does not take apart (they are letters of their own, not a base letter plus a mark)
 * but that a clerk without the keyboard types as these Latin letters, or that are one letter
 * written two ways: "Strauß" is "Strauss", "Ørsted" "Orsted", "Łukasz" "Lukasz", and a Greek
 * sigma is ς only at the end of a word. Keys are lower case: nameMatchKey folds after lowercasing
 * (which already makes ẞ ß, Ø ø, Ł ł, Đ đ, Æ æ, Œ œ, Þ þ).
 */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
};
const FOLDED_LETTER = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/**
 * What does not count between letters: combining marks (accents), invisible format characters
 * (zero-width spaces, direction marks, soft hyphens), punctuation (apostrophes straight or curly,
 * hyphens and dashes, dots), spaces of every kind, modifier symbols and modifier-letter
 * apostrophes (` ´ ʼ ʻ, typed for an apostrophe), and any other white space.
 */
const NOT_COUNTED = /[\p{M}\p{Cf}\p{P}\p{Z}\p{Sk}\u02B9-\u02BD\s]/gu;

/**
 * A name as the duplicate check compares it: letter case, accents and other combining marks,
 * invisible format characters, punctuation and spaces do not count, and letters a keyboard may
 * lack are folded to the ones typed instead (LETTER_FOLDS). "TRIALMAN", " trialman " and
 * "Trialmän" are one name; so are "Nguyễn" and "Nguyen", as a clerk without a Vietnamese keyboard
 * types it; "O'Brien", "O’Brien", "OBrien" and "O Brien"; "Smith-Jones", "Smith–Jones" and
 * "Smith Jones"; "Mary Ann" and "Maryann"; "Strauß" and "Strauss". Wider than exact match on
 * purpose: a false match costs one confirmation, a missed one costs a second chart. A key, not a
 * comparison: Patients.create also compares the family and given names swapped.
 */
export function nameMatchKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(NOT_COUNTED, '')
    .replace(FOLDED_LETTER, (c) => LETTER_FOLDS[c] ?? c);
}

/** What separates the parts of a name ("O'Brien-Smith", "Van Dyke"): punctuation, spaces, modifier apostrophes. */
const PART_SEPARATOR = /[\p{P}\p{Z}\p{Sk}\u02B9-\u02BD\s]+/u;

/**
 * The keys a name is found by in a patient search (Patients.search matches a typed prefix against
 * them): the whole name's nameMatchKey, and that of each of its parts. "O'BRIEN-SMITH" gives
 * "obriensmith", "o", "brien" and "smith", so "obrien", "O'Brien" and "smith" all find it; "Zoë"
 * gives "zoe". The duplicate check's folding, so search is never stricter than that check (a tester's
 * "zoe" did not find Zoë). Distinct, never empty strings.
 */
export function nameSearchKeys(name: string): string[] {
  const keys = [name, ...name.split(PART_SEPARATOR)].map(nameMatchKey).filter((k) => k !== '');
  return [...new Set(keys)];
}

/** Thrown by Patients.create: `patientIds` are the matching patients', oldest first (for main's own use; never in the message). */
export class PossibleDuplicatePatientError extends StationError {
  constructor(readonly patientIds: readonly number[]) {
    super(POSSIBLE_DUPLICATE, POSSIBLE_DUPLICATE_MESSAGE);
    this.name = 'PossibleDuplicatePatientError';
  }
}
