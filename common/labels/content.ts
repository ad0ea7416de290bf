import { isBeforeBirth, isIsoDate, isoCalendarMs, parseIsoCalendar } from '../calendar.ts';
import { parseAccession } from './accession.ts';
import { findContainer, findSpecimenType, type Container, type SpecimenType } from './catalogue.ts';
import { checkSupportedText, isSupportedText } from './charset.ts';
import { LabelError } from './errors.ts';
import type { LabelInput } from './input.ts';

/**
 * What to do when the patient's own identifiers cannot be printed: no label for this patient, so
 * the tube is labelled by hand. Nothing is printed instead of the name (no blank, no boxes).
 */
const UNPRINTABLE_PATIENT =
  "No label can be printed for this patient. Label the tube by hand, copying the name, date of birth and MRN from the patient's wristband, as your clinic's policy for hand-written labels says.";

/** Clock skew we tolerate between the collector's device and the station before "future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** What goes on the label, checked and formatted; the layout only places it. */
export interface LabelContent {
  readonly familyName: string;
  readonly givenName: string;
  readonly dobText: string;
  readonly mrn: string;
  /** `YYYY-MM-DD HH:MM` wall-clock time as written (in the input's offset, or the station's local time without one). */
  readonly collectedText: string;
  readonly collectedAtMs: number;
  readonly collector: string;
  readonly specimenText: string;
  readonly tests: readonly string[];
  readonly accession: string;
  /**
   * The accession is the preview number (sequence 0, never issued): the label is a preview and
   * carries no barcode, only the PREVIEW mark (layout.ts), so no tube can be scanned under it.
   */
  readonly preview: boolean;
  readonly simulated: boolean;
}

/**
 * Validates a label request before anything is laid out or printed. `accession` is the number to
 * print (from the input or freshly allocated); `nowMs` is passed in (pure code has no clock).
 */
export function labelContent(input: LabelInput, accession: string, nowMs: number, simulated: boolean): LabelContent {
  const { patient, specimen } = input;
  // First: a name the printer cannot print refuses every label of this patient, whatever is fixed below.
  const { familyName, givenName } = printableNames(patient.familyName, patient.givenName);
  if (!patient.dob) throw new LabelError('missing-dob', 'date of birth is missing');
  if (!patient.mrn || patient.mrn.trim() === '') throw new LabelError('missing-mrn', 'MRN is missing');
  if (!isIsoDate(patient.dob)) throw new LabelError('invalid-input', 'date of birth is not a real YYYY-MM-DD date');
  if (patient.dob > isoDateOf(nowMs)) throw new LabelError('invalid-input', 'date of birth is in the future');
  const type = findSpecimenType(specimen.type);
  if (!type) throw new LabelError('unknown-specimen-type', 'unknown specimen type (see the catalogue)');
  const container = findContainer(specimen.container);
  if (!container) throw new LabelError('unknown-container', 'unknown container (see the catalogue)');
  if (!type.containers.includes(container.code)) throw new LabelError('container-mismatch', `container ${container.code} is not used for ${type.code}`);
  // A real date and time (the input contract); never rolled over like Date.parse would. Without an
  // offset it is the station computer's local time, as `station poc hl7` reads an observation time.
  const collected = parseIsoCalendar(specimen.collectedAt);
  if (collected?.time === undefined) throw new LabelError('invalid-input', 'collection time is not a real ISO 8601 date and time');
  const collectedAtMs = isoCalendarMs(collected, 'local');
  if (collectedAtMs > nowMs + FUTURE_TOLERANCE_MS) throw new LabelError('collected-in-future', 'collection time is in the future');
  // The same rule as a POC result's observation time (poc-before-birth).
  if (isBeforeBirth(specimen.collectedAt, patient.dob)) throw new LabelError('collected-before-birth', "collection time is before the patient's date of birth");
  const { sequence } = parseAccession(accession);

  checkSupportedText('MRN', patient.mrn, UNPRINTABLE_PATIENT);
  checkSupportedText('collector', specimen.collector, 'Print the label signed in as an operator whose login is in the letters A to Z, or label the tube by hand.');
  for (const t of specimen.tests) checkSupportedText('test codes', t, 'Type the test codes with the letters A to Z and digits.');

  return {
    familyName,
    givenName,
    dobText: patient.dob,
    mrn: patient.mrn.trim(),
    collectedText: wallClock(specimen.collectedAt),
    collectedAtMs,
    collector: specimen.collector.trim(),
    specimenText: specimenText(type, container),
    tests: specimen.tests.map((t) => t.trim()),
    accession,
    preview: sequence === 0,
    simulated,
  };
}

/**
 * The patient's names as the label prints them, or LabelError `unsupported-character` (with what to
 * do instead). The Labels screen asks too, to say so as soon as the patient is on screen.
 */
/** The specimen as the label prints it: the container's short name after the type's, unless it already says it ("Urine cup", not "Urine Urine cup"). */
export function specimenText(type: Pick<SpecimenType, 'short'>, container: Pick<Container, 'short'>): string {
  return container.short.toLowerCase().startsWith(type.short.toLowerCase()) ? container.short : `${type.short} ${container.short}`;
}

export function printableNames(familyName: string, givenName: string): { readonly familyName: string; readonly givenName: string } {
  // NFC: a name typed as a letter plus a combining accent is the Latin-1 letter the printer has.
  const names = { familyName: printedPunctuation(familyName.normalize('NFC')), givenName: printedPunctuation(givenName.normalize('NFC')) };
  const family = isSupportedText(names.familyName);
  const given = isSupportedText(names.givenName);
  // Both fields named when both have such characters ("Nguyễn, Văn"), not only the first checked.
  if (!family && !given) checkSupportedText("patient's family and given names", `${names.familyName}${names.givenName}`, UNPRINTABLE_PATIENT);
  checkSupportedText("patient's family name", names.familyName, UNPRINTABLE_PATIENT);
  checkSupportedText("patient's given name", names.givenName, UNPRINTABLE_PATIENT);
  return names;
}

/**
 * Typographic punctuation as the ASCII mark it is a form of: the printer's font has no ’, and a
 * name pasted from a word processor or an EMR ("D’Angelo") blocked every label of the patient (a
 * UI tester). Only these marks, each printed as the one it stands for (apostrophes and primes as
 * ', quotation marks as ", hyphens and dashes as -); a letter is never changed, and the name stays
 * stored as typed.
 */
const PRINTED_AS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201B': "'",
  '\u02BC': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};
const TYPOGRAPHIC = new RegExp(`[${Object.keys(PRINTED_AS).join('')}]`, 'gu');

function printedPunctuation(text: string): string {
  return text.replace(TYPOGRAPHIC, (c) => PRINTED_AS[c] ?? c);
}

function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `2026-11-22T09:30:00-05:00` (or `2026-11-22T09:30`, local time) -> `2026-11-22 09:30`: the time
 * as the collector's clock showed it, never moved to another zone.
 */
function wallClock(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
