import type { PatientContext } from './flags.ts';

/** A Map, not an object: a comment saying `Sex: constructor` must not find Object's own properties. */
const SEX_WORDS: ReadonlyMap<string, 'M' | 'F'> = new Map([
  ['m', 'M'],
  ['male', 'M'],
  ['f', 'F'],
  ['female', 'F'],
]);
/** Oldest age read as a person's; a larger figure is a typo or a placeholder, not an age. */
const MAX_AGE_YEARS = 130;

/**
 * Sex and age from WFDB header comments: LUDB (`<sex>: F`, `<age>: 51`) or CinC (`Sex: Male`,
 * `Age: 78`). Only the words M, Male, F and Female are a sex: the sex picks the QTc and V2-V3 ST
 * limits, and a first-letter reading took CinC's `Sex: Missing` for male (QTc limit 450 instead
 * of the unknown-sex 460). Two comments that disagree leave the value unknown rather than letting
 * the last one win.
 */
export function patientFromComments(comments: readonly string[]): PatientContext {
  const sexes = new Set<PatientContext['sex']>();
  const ages = new Set<number | null>();
  for (const c of comments) {
    const s = /^\s*<?sex>?:\s*(\S*)/i.exec(c);
    if (s) sexes.add(SEX_WORDS.get(s[1]!.toLowerCase()) ?? null);
    const a = /^\s*<?age>?:\s*(\S*)/i.exec(c);
    if (a) {
      const years = /^\d+$/.test(a[1]!) ? Number(a[1]) : null;
      ages.add(years !== null && years <= MAX_AGE_YEARS ? years : null);
    }
  }
  const only = <T>(values: Set<T | null>): T | null => (values.size === 1 ? ([...values][0] ?? null) : null);
  return { sex: only(sexes), ageYears: only(ages) };
}
