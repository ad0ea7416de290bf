import type { PatientContext } from './flags.ts';

/** Sex and age from WFDB header comments: LUDB (`<sex>: F`, `<age>: 51`) or CinC (`Sex: Male`, `Age: 78`). */
export function patientFromComments(comments: readonly string[]): PatientContext {
  let sex: PatientContext['sex'] = null;
  let ageYears: number | null = null;
  for (const c of comments) {
    const s = /^\s*<?sex>?:\s*(\w+)/i.exec(c);
    if (s) sex = /^m/i.test(s[1]!) ? 'M' : /^f/i.test(s[1]!) ? 'F' : null;
    const a = /^\s*<?age>?:\s*(\d+)/i.exec(c);
    if (a) ageYears = Number(a[1]);
  }
  return { sex, ageYears };
}
