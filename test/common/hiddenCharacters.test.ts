import { describe, expect, it } from 'vitest';
import { hasHiddenCharacter, hiddenCharacterProblem } from '../../common/hiddenCharacters.ts';

describe('hidden characters: one rule for typed names, the MRN, the notified provider and the over-read comment', () => {
  it('refuses control, text-direction and zero-width characters wherever they are', () => {
    for (const text of ['Nor\u200Bmal', 'Ann\u202Eee', 'A\u0000B', 'Paula\u200D', '\u200DPaula', 'a\u200Db', '\uFEFFAnn']) expect(hasHiddenCharacter(text)).toBe(true);
    expect(hiddenCharacterProblem('Nor\u200Bmal', 'comment')).toBe('The comment holds a hidden control or text-direction character (often pasted along with text): type the comment again.');
  });

  it('takes the joiner inside an emoji sequence as part of the one picture it draws, not as hidden', () => {
    // A tester's "Dr Paula 👩‍⚕️" (woman, joiner, staff of Aesculapius, emoji selector) was refused as hidden.
    for (const text of ['Dr Paula 👩\u200D⚕️', '👩🏽\u200D⚕️', '👨\u200D👩\u200D👧', '❤️\u200D🔥']) expect(hasHiddenCharacter(text)).toBe(false);
    expect(hiddenCharacterProblem('Dr Paula 👩\u200D⚕️', 'name')).toBeNull();
    // Anything else hidden in the same text still is.
    expect(hasHiddenCharacter('Dr\u200B Paula 👩\u200D⚕️')).toBe(true);
    expect(hasHiddenCharacter('👩\u200D')).toBe(true);
    expect(hasHiddenCharacter('Paula\u200D👩')).toBe(true);
  });
});
