import { labelSpecimenSchema } from '../../common/ipc/channels/labels.ts';
import { IpcCallError } from '../ipc/client.ts';

/** The longest test code a label takes: the contract's own limit. */
const TEST_CODE_MAX_CHARS = labelSpecimenSchema.shape.tests.element.maxLength;

/**
 * What to do about a field the station's contract refused, in the words of the screen that sent
 * it. The contract's own message ("invalid request for records.session.signIn at pin: Invalid
 * string: must match pattern /^[0-9]{4,12}$/") reached medical assistants as it was (a UI tester).
 * Keyed by the refused field's name, the last part of its path.
 */
/** What an MRN may be (the contract's pattern), for every screen that takes one. */
export const MRN_ADVICE = 'The MRN is up to 32 letters, digits or hyphens, starting with a letter or a digit.';

const FIELD_ADVICE: Readonly<Record<string, string>> = {
  pin: 'The PIN is 4 to 12 digits: type it again.',
  badgeId: 'The badge was not read: scan it again.',
  mrn: MRN_ADVICE,
  familyName: 'Enter the family name (up to 100 characters).',
  givenName: 'Enter the given name (up to 100 characters).',
  birthDate: 'Enter the date of birth as a real date.',
  whom: 'Say whom you notified, in up to 120 characters.',
  notifiedName: 'Enter the name of the person you told (up to 80 characters).',
  tests: 'One label holds at most 12 tests: print a second label for the rest.',
  // One item of the list refused (a 200-character test name was told "at most 12 tests").
  'tests[]': `A test code is at most ${TEST_CODE_MAX_CHARS ?? 20} characters: type the test's code (such as CBC or BMP), not its full name, with commas between tests.`,
  comment: 'The comment is too long or holds characters that cannot be kept: shorten or reword it.',
  patientId: 'The patient id is 1 to 128 printable characters.',
  patientMrn: MRN_ADVICE,
  operatorId: 'The operator is 1 to 128 printable characters.',
  verb: 'The action is 1 to 48 printable characters.',
};

const REFUSED_FIELD = /^invalid request for \S+ at (\S+):/;

/** The text a screen shows for a failed call: the station's own words, or advice where the contract refused a field. */
export function plainErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (!(e instanceof IpcCallError) || e.error.code !== 'invalid-request') return e.message;
  const path = REFUSED_FIELD.exec(e.message)?.[1];
  const parts = path?.split('.') ?? [];
  const field = parts.filter((p) => !/^\d+$/.test(p)).at(-1);
  // `tests.3`: one item of a list, which may have words of its own (`tests[]`), else the list's.
  const item = /^\d+$/.test(parts.at(-1) ?? '') && field !== undefined ? FIELD_ADVICE[`${field}[]`] : undefined;
  return item ?? (field !== undefined ? FIELD_ADVICE[field] : undefined) ?? 'Something entered here was not accepted: check the form and try again.';
}
