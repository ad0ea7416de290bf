import { describe, expect, it } from 'vitest';
import { printableNames } from '../../../common/labels/content.ts';
import { labelNameWarning, unprintableNameCharacters } from '../../../common/patients/labelCharacters.ts';

describe('unprintableNameCharacters (the label content rule, one character at a time)', () => {
  it('names each character the label printer cannot print, once, with its accents', () => {
    expect(unprintableNameCharacters('Nguyễn', 'Thị')).toEqual(['ễ', 'ị']);
    expect(unprintableNameCharacters('כהן', 'דוד')).toEqual(['כ', 'ה', 'ן', 'ד', 'ו']);
    expect(unprintableNameCharacters('Müller-Lüdenscheidt', "O'Neil José")).toEqual([]);
    // Typographic apostrophes and dashes print as ' and - (a pasted D’Angelo is not warned about).
    expect(unprintableNameCharacters('D\u2019Angelo\u2013Li', 'Ann\u2010Marie')).toEqual([]);
  });

  it('agrees with the label content check on whole names', () => {
    for (const [family, given] of [
      ['Nguyễn', 'Thị'],
      ['Müller', 'José'],
      ['山田', '太郎'],
      ['Smith', 'Jo\u200Bhn'],
      ['Noe\u0308l', 'Ann'], // e + combining diaeresis: NFC makes it ë, which prints
      ['D\u2019Angelo', 'Ann'], // a typographic apostrophe prints as '
    ] as const) {
      let refused = false;
      try {
        printableNames(family, given);
      } catch {
        refused = true;
      }
      expect(unprintableNameCharacters(family, given).length > 0).toBe(refused);
    }
  });
});

describe('labelNameWarning', () => {
  it('says which characters and what follows, or nothing', () => {
    expect(labelNameWarning('Nguyễn', 'Thị')).toBe('Labels cannot print ễ, ị: specimen labels for this patient will have to be written by hand.');
    expect(labelNameWarning('Smith', 'Jo\u200Bhn')).toBe(
      'Labels cannot print an invisible character (U+200B): specimen labels for this patient will have to be written by hand.',
    );
    expect(labelNameWarning('Smith', 'John')).toBeNull();
  });
});
