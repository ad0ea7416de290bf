import { describe, expect, it } from 'vitest';
import { notifiedWhomProblem } from '../../../common/ekg/reviewWording.ts';

describe('the notified provider\'s name follows the one hidden-character rule (common/hiddenCharacters.ts)', () => {
  it('accepts an emoji sequence, which nothing prints (a tester\'s "Dr Paula 👩‍⚕️" was refused as a hidden character)', () => {
    expect(notifiedWhomProblem('Dr Paula 👩\u200D⚕️')).toBeNull();
    expect(notifiedWhomProblem('Dr Paula\u200B')).toMatch(/hidden control or text-direction character/);
  });
});
