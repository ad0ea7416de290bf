import { describe, expect, it } from 'vitest';
import { countText } from '../../../common/format/count.ts';

describe('countText', () => {
  it('is singular for exactly one, plural otherwise (a screen read "1 minutes")', () => {
    expect(countText(1, 'minute')).toBe('1 minute');
    expect(countText(0.5, 'minute')).toBe('0.5 minutes');
    expect(countText(2, 'attempt')).toBe('2 attempts');
    expect(countText(0, 'attempt')).toBe('0 attempts');
    expect(countText(3, 'entry', 'entries')).toBe('3 entries');
  });
});
