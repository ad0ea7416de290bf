import { LabelError } from './errors.ts';

/**
 * Accession numbers: station prefix (2-3 letters) + 8-digit sequence + one check character,
 * e.g. `ST00001234K`. The check character is ISO/IEC 7064 MOD 37-2 (pure system, radix 2,
 * alphabet 0-9 A-Z *), which catches every single-character substitution and every swap of
 * two adjacent characters. [src: ISO/IEC 7064:2003 §7 "MOD 37-2"]
 * The string is the same in the barcode and in the human-readable line (no separators), so a
 * scan and a typed number always compare equal.
 */
export const ACCESSION_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';
export const ACCESSION_SEQUENCE_DIGITS = 8;
export const MAX_ACCESSION_SEQUENCE = 10 ** ACCESSION_SEQUENCE_DIGITS - 1;
const PREFIX = /^[A-Z]{2,3}$/;
const ACCESSION = /^([A-Z]{2,3})(\d{8})([0-9A-Z*])$/;

function charValue(c: string): number {
  const v = ACCESSION_ALPHABET.indexOf(c);
  if (v < 0) throw new LabelError('bad-accession', 'accession contains a character outside 0-9, A-Z');
  return v;
}

/** ISO 7064 MOD 37-2 check character for `body` (characters 0-9, A-Z). */
export function mod37_2CheckChar(body: string): string {
  let p = 0;
  for (const c of body) p = ((p + charValue(c)) * 2) % 37;
  return ACCESSION_ALPHABET[(38 - p) % 37]!;
}

export function isValidStationPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

export function formatAccession(prefix: string, sequence: number): string {
  if (!isValidStationPrefix(prefix)) throw new LabelError('bad-accession', 'station prefix must be 2-3 letters A-Z');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_ACCESSION_SEQUENCE) {
    throw new LabelError('bad-accession', `accession sequence must be 1..${MAX_ACCESSION_SEQUENCE}`);
  }
  const body = prefix + String(sequence).padStart(ACCESSION_SEQUENCE_DIGITS, '0');
  return body + mod37_2CheckChar(body);
}

/**
 * The accession printed on previews and rendered samples (`station label render` without an
 * accession): sequence 0, which the allocator never issues, so a preview can never be mistaken
 * for a real specimen's number.
 */
export function previewAccession(prefix: string): string {
  if (!isValidStationPrefix(prefix)) throw new LabelError('bad-accession', 'station prefix must be 2-3 letters A-Z');
  const body = prefix + '0'.repeat(ACCESSION_SEQUENCE_DIGITS);
  return body + mod37_2CheckChar(body);
}

export interface ParsedAccession {
  readonly prefix: string;
  readonly sequence: number;
  readonly check: string;
}

/** Parses and verifies an accession number; a wrong format or check character is a LabelError. */
export function parseAccession(text: string): ParsedAccession {
  const m = ACCESSION.exec(text);
  if (!m) throw new LabelError('bad-accession', 'accession must be 2-3 letters, 8 digits and a check character');
  const body = m[1]! + m[2]!;
  if (mod37_2CheckChar(body) !== m[3]) throw new LabelError('bad-accession', 'accession check character does not match');
  return { prefix: m[1]!, sequence: Number(m[2]), check: m[3]! };
}

/**
 * A supplied accession that may go on a printed label: valid, and not the preview number. Sequence
 * 0 is on every preview and rendered sample, so printing it would give a real tube a number that
 * other, unrelated specimens' previews also show.
 */
export function parsePrintableAccession(text: string): ParsedAccession {
  const parsed = parseAccession(text);
  if (parsed.sequence === 0) throw new LabelError('bad-accession', 'accession sequence 0 is the preview number and is never printed');
  return parsed;
}

export function isValidAccession(text: string): boolean {
  try {
    parseAccession(text);
    return true;
  } catch {
    return false;
  }
}
