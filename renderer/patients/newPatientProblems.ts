import { recordsChannels } from '../../common/ipc/channels/records.ts';
import type { RequestOf } from '../../common/ipc/contract.ts';
import { hiddenCharacterProblem } from '../../common/hiddenCharacters.ts';
import { birthDateProblem, typedBirthDateProblem } from '../../common/patients/birthDate.ts';
import { MRN_ADVICE } from '../format/requestError.ts';

type NewPatient = RequestOf<'records.patients.create'>;

/** The contract's own field rules: what main accepts is what the form checks, from one place. */
const fields = recordsChannels['records.patients.create'].request.shape;

/** A name field as the form checks it: `Enter the family name.`, or null when main would take it. */
function nameProblem(value: string, what: string, schema: typeof fields.familyName): string | null {
  if (value.trim() === '') return `Enter the ${what}.`;
  // Main's own rule and words (a pasted U+202E scrambled every banner).
  const hidden = hiddenCharacterProblem(value.trim(), what);
  if (hidden !== null) return hidden;
  return schema.safeParse(value.trim()).success ? null : `The ${what} is up to 100 characters.`;
}

/**
 * Everything wrong with a New patient form, in the form's order and in words for the person typing
 * it: all at once, so one Save shows every field to fix (a UI tester got the date of birth alone,
 * then the next field, one Save at a time). Empty: the form can be sent; main still decides.
 * `birthDateText` is what the date-of-birth field shows (BirthDateInput's onTextChange): the form's
 * value stays '' until that is a real date, and "Enter the date of birth." under a field holding
 * 1957-02-29 or 03/04/1956 hid the real reason.
 */
export function newPatientProblems(form: NewPatient, todayIso: string, birthDateText: string = form.birthDate): string[] {
  const mrn = form.mrn.trim();
  const problems = [
    mrn === '' ? 'Enter the MRN (from the wristband).' : (hiddenCharacterProblem(mrn, 'MRN') ?? (fields.mrn.safeParse(mrn).success ? null : MRN_ADVICE)),
    nameProblem(form.familyName, 'family name', fields.familyName),
    nameProblem(form.givenName, 'given name', fields.givenName),
    form.birthDate === '' ? (typedBirthDateProblem(birthDateText, todayIso) ?? 'Enter the date of birth.') : birthDateProblem(form.birthDate, todayIso),
  ];
  return problems.filter((p): p is string => p !== null);
}
