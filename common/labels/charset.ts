import { hasHiddenCharacter } from '../hiddenCharacters.ts';
import { LabelError } from './errors.ts';

/**
 * Characters a label may carry: printable ASCII and the Latin-1 letters (U+00A0-U+00FF), which
 * ZPL font 0 prints under ^CI28 (UTF-8). Anything else (other scripts such as Chinese, Japanese,
 * Korean, Greek or Cyrillic, emoji, control characters) is refused rather than printed as boxes:
 * a misprinted name is a misidentified tube. Printing more needs a font we know the printer has;
 * Zebra's Unicode fonts are downloads of tens of MB, not on a clinic's printer by default.
 */
const SUPPORTED = /^[\u0020-\u007E\u00A0-\u00FF]*$/;

/**
 * What SUPPORTED allows, in the MA's words (the CLI and the Labels screen both say it, from here).
 * Precise, because "Latin letters, accented ones too" read as a contradiction to a tester whose
 * patient's name has an accented letter outside Latin-1 (Vietnamese "ễ"): it names the set
 * (Western European letters, i.e. Latin-1) and examples of accented letters it does not have.
 * Never the patient's own letters: the message names the field, not its value.
 */
export const WHAT_PRINTS =
  'it prints only the letters A to Z, the accented letters of Western European languages (such as é, ñ, ü, ç, ø, ß), digits and common punctuation; it cannot print other accented letters (such as Vietnamese ễ, Polish ł or Czech č) or other alphabets (such as Hebrew, Arabic, Greek, Cyrillic, Chinese)';

/** Whether every character of `text` prints (SUPPORTED). */
export function isSupportedText(text: string): boolean {
  return SUPPORTED.test(text);
}

/**
 * Throws `unsupported-character` unless every character of `text` prints. `field` names the text
 * in the message and `nextStep` says what to do instead; neither carries the text itself, which
 * may be patient data.
 */
export function checkSupportedText(field: string, text: string, nextStep: string): void {
  if (!isSupportedText(text)) {
    // A hidden character is not a letter of another alphabet: saying WHAT_PRINTS sent a tester
    // looking for accented letters in a name that had none.
    const why = hasHiddenCharacter(text) ? 'it holds a hidden control or text-direction character (often pasted along with text), which the label printer cannot print' : WHAT_PRINTS;
    throw new LabelError('unsupported-character', `The label printer cannot print some characters of the ${field}: ${why}. ${nextStep}`);
  }
}
