import { LabelError } from './errors.ts';

/**
 * Characters a label may carry: printable ASCII and the Latin-1 letters (U+00A0-U+00FF), which
 * ZPL font 0 prints under ^CI28 (UTF-8). Anything else (other scripts, emoji, control
 * characters) is refused rather than printed as boxes: a misprinted name is a misidentified tube.
 */
const SUPPORTED = /^[\u0020-\u007E\u00A0-\u00FF]*$/;

export function checkSupportedText(field: string, text: string): void {
  if (!SUPPORTED.test(text)) {
    throw new LabelError('unsupported-character', `${field} contains a character the label printer cannot print (only Latin-1 is supported)`);
  }
}
